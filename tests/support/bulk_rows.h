// Many rows at once, in SQL, for tests that need tables big enough for the planner to choose
// as it would in production (plan tests).
#pragma once

#include <string>

#include "absl/strings/str_cat.h"
#include "tests/support/test_database.h"

namespace supplynet::testing {

// The id of bulk company `n`: 00000000-0000-4000-8000-<n in 12 digits>.
inline std::string BulkCompanyId(int n) {
  std::string digits = std::to_string(n);
  return "00000000-0000-4000-8000-" + std::string(12 - digits.size(), '0') + digits;
}

// Companies 1 to `count` (ids BulkCompanyId(n), Colombian NITs 900000000 + n).
inline void InsertBulkCompanies(const TestDatabase& db, int count) {
  db.Exec(absl::StrCat(
      "INSERT INTO companies (company_id, country, tax_id_type, tax_id, legal_name, create_time) "
      "SELECT ('00000000-0000-4000-8000-' || lpad(c::text, 12, '0'))::uuid, 'CO', 'CO_NIT', "
      "(900000000 + c)::text, 'Company ' || c, now() FROM generate_series(1, ",
      count, ") c"));
}

// `entries` suppliers (NITs 800000001 on, named "Proveedor <n>") in the network of each bulk
// company from `first` to `last`.
inline void InsertBulkNetworks(const TestDatabase& db, int first, int last, int entries) {
  db.Exec(absl::StrCat(
      "INSERT INTO suppliers (client_company_id, country, tax_id_type, tax_id, name, origin, "
      "create_time, update_time) SELECT ('00000000-0000-4000-8000-' || lpad(c::text, 12, "
      "'0'))::uuid, 'CO', 'CO_NIT', (800000000 + g)::text, 'Proveedor ' || g, 'IMPORT', now(), "
      "now() FROM generate_series(",
      first, ", ", last, ") c, generate_series(1, ", entries, ") g"));
}

}  // namespace supplynet::testing
