#include "storage/company_repository.h"

#include "storage/row.h"

namespace supplynet::storage {
namespace {

const Statement kInsert{
    "company_insert",
    "INSERT INTO companies (country, tax_id_type, tax_id, verification_digit, legal_name, "
    "create_time) VALUES ($1, $2, $3, $4, $5, sn_from_micros($6)) "
    "ON CONFLICT (country, tax_id) DO NOTHING "
    "RETURNING company_id::text, country, tax_id_type, tax_id, verification_digit, legal_name, "
    "sn_micros(create_time) AS create_time"};

const Statement kFindById{"company_find_by_id",
                          "SELECT company_id::text, country, tax_id_type, tax_id, "
                          "verification_digit, legal_name, sn_micros(create_time) AS create_time "
                          "FROM companies WHERE company_id = $1::uuid"};

const Statement kFindByTaxId{"company_find_by_tax_id",
                             "SELECT company_id::text, country, tax_id_type, tax_id, "
                             "verification_digit, legal_name, sn_micros(create_time) AS "
                             "create_time FROM companies WHERE country = $1 AND tax_id = $2"};

Company CompanyFromRow(const pqxx::row& row) {
  Company c;
  c.company_id = Text(row, "company_id");
  c.tax_id.country = CountryFromCode(Text(row, "country")).value_or(Country::kColombia);
  c.tax_id.type = TaxIdTypeFromName(Text(row, "tax_id_type")).value_or(TaxIdType::kUnspecified);
  c.tax_id.value = Text(row, "tax_id");
  c.tax_id.verification_digit = Text(row, "verification_digit");
  c.legal_name = Text(row, "legal_name");
  c.create_time = Time(row, "create_time");
  return c;
}

}  // namespace

absl::StatusOr<Company> CompanyRepository::Insert(Tx& tx, const Company& company) {
  pqxx::result rows =
      tx.Exec(kInsert, std::string(CountryCode(company.tax_id.country)),
              std::string(TaxIdTypeName(company.tax_id.type)), company.tax_id.value,
              company.tax_id.verification_digit, company.legal_name, Micros(company.create_time));
  if (rows.empty()) {
    return absl::AlreadyExistsError("a company with this country and tax ID is registered");
  }
  return CompanyFromRow(rows[0]);
}

absl::StatusOr<Company> CompanyRepository::FindById(Tx& tx, const std::string& company_id) {
  pqxx::result rows = tx.Exec(kFindById, company_id);
  if (rows.empty()) return absl::NotFoundError("company not found");
  return CompanyFromRow(rows[0]);
}

absl::StatusOr<Company> CompanyRepository::FindByTaxId(Tx& tx, const TaxId& tax_id) {
  pqxx::result rows = tx.Exec(kFindByTaxId, std::string(CountryCode(tax_id.country)), tax_id.value);
  if (rows.empty()) return absl::NotFoundError("company not found");
  return CompanyFromRow(rows[0]);
}

}  // namespace supplynet::storage
