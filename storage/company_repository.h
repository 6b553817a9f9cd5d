// Companies: one row per legal entity on the platform, unique by country + tax ID.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "domain/account.h"
#include "storage/database.h"

namespace supplynet::storage {

class CompanyRepository {
 public:
  // Stores a new company (company_id is generated). ALREADY_EXISTS for a known tax ID.
  static absl::StatusOr<Company> Insert(Tx& tx, const Company& company);
  static absl::StatusOr<Company> FindById(Tx& tx, const std::string& company_id);
  // By country and tax ID value (the verification digit is not compared).
  static absl::StatusOr<Company> FindByTaxId(Tx& tx, const TaxId& tax_id);
};

}  // namespace supplynet::storage
