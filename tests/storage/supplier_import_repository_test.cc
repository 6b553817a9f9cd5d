// The import's merge looks each staged row up by the network's unique key whatever the
// statistics say about the importing company. When every company of ANALYZE's sample is among
// its most common values (up to 100 companies), a company it has not seen (a new one) is
// estimated at no rows at all, and the planner then took another (client_company_id, ...)
// index with a filter on the tax ID: a scan of everything the import had written so far, for
// every staged row (a 1,000,000-row import into a new company, after three others, spent more
// than 15 minutes in one batch). Three networks of 50,000 are enough to get that plan.
#include "storage/supplier_import_repository.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "pqxx/result"
#include "pqxx/row"
#include "storage/migrator.h"
#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

constexpr char kNew[] = "00000000-0000-4000-8000-000000000009";

TEST(SupplierImportRepositoryTest, TheMergeLooksRowsUpByTheUniqueKeyForACompanyTheStatsDoNotKnow) {
  auto test_db = testing::TestDatabase::Create();
  ASSERT_NE(test_db, nullptr);
  Database db(PoolOptions{test_db->url(), 1});
  ASSERT_TRUE(ApplyMigrations(db.pool()).ok());
  test_db->Exec(absl::StrCat(
      "INSERT INTO companies (company_id, country, tax_id_type, tax_id, legal_name, create_time) "
      "SELECT ('00000000-0000-4000-8000-00000000000' || g)::uuid, 'CO', 'CO_NIT', "
      "(900000000 + g)::text, 'Company ' || g, now() FROM generate_series(1, 9) g"));
  // The networks of three other companies, analyzed: the statistics know only those.
  test_db->Exec(
      "INSERT INTO suppliers (client_company_id, country, tax_id_type, tax_id, name, origin, "
      "create_time, update_time) SELECT ('00000000-0000-4000-8000-00000000000' || c)::uuid, "
      "'CO', 'CO_NIT', (800000000 + g)::text, 'Proveedor ' || g, 'IMPORT', now(), now() "
      "FROM generate_series(1, 3) c, generate_series(1, 50000) g");
  test_db->Exec("ANALYZE suppliers");

  std::vector<SupplierRow> rows(3);
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].line = static_cast<int64_t>(i) + 2;
    rows[i].tax_id = {Country::kColombia, TaxIdType::kCoNit, std::to_string(800000001 + i), ""};
    rows[i].fields.name = "Proveedor " + std::to_string(i);
  }
  absl::StatusOr<std::string> plan =
      db.WriteAndRollBack([&](Tx& tx) -> absl::StatusOr<std::string> {
        if (absl::Status begun = SupplierImportRepository::Begin(tx); !begun.ok()) return begun;
        absl::StatusOr<ImportBatchResult> merged = SupplierImportRepository::MergeBatch(
            tx, kNew, Country::kColombia, rows, /*notify=*/false, absl::Now());
        if (!merged.ok()) return merged.status();
        EXPECT_EQ(merged->created, 3);
        // The statement the batch just ran, planned as PostgreSQL plans it for this company.
        std::string text;
        for (const pqxx::row& line : tx.work().exec(
                 absl::StrCat("EXPLAIN EXECUTE supplier_import_merge('", kNew, "', 'CO', 0)"))) {
          text += line[0].as<std::string>() + "\n";
        }
        return text;
      });
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_NE(plan->find("Index Scan using suppliers_client_company_id_country_tax_id_key on "
                       "suppliers s "),
            std::string::npos)
      << *plan;
  EXPECT_EQ(plan->find("suppliers_name_order_idx"), std::string::npos) << *plan;
}

}  // namespace
}  // namespace supplynet::storage
