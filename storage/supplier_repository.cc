#include "storage/supplier_repository.h"

#include <array>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/field_violation.h"
#include "pqxx/prepared_statement"
#include "storage/company_param.h"
#include "storage/list_query.h"
#include "storage/pg_text.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

// Groups cross the boundary joined by '|', which a group name never holds.
#define SUPPLIER_COLUMNS                                                                \
  "client_company_id::text, supplier_id::text, country, tax_id_type, tax_id, "          \
  "verification_digit, name, description, address, city, province, phone, fax, email, " \
  "array_to_string(groups, '|') AS groups, origin, linked_company_id::text, "           \
  "pending_invitation_id::text, version, sn_micros(create_time) AS create_time, "       \
  "sn_micros(update_time) AS update_time, name_folded"

// One entry of the caller's network ($1) by its id ($2) or its tax ID ($2 country, $3 value).
#define ENTRY_BY_ID "client_company_id = " COMPANY_PARAM " AND supplier_id = $2::uuid"
#define ENTRY_BY_TAX_ID "client_company_id = " COMPANY_PARAM " AND country = $2 AND tax_id = $3"

const Statement kInsert{
    "supplier_insert",
    "INSERT INTO suppliers (client_company_id, country, tax_id_type, tax_id, "
    "verification_digit, name, description, address, city, province, phone, fax, email, groups, "
    "origin, create_time, update_time) VALUES ($1::uuid, $2, $3, $4, $5, $6, $7, $8, $9, $10, "
    "$11, $12, $13, string_to_array($14, '|'), $15, sn_from_micros($16), sn_from_micros($16)) "
    "ON CONFLICT (client_company_id, country, tax_id) DO NOTHING RETURNING " SUPPLIER_COLUMNS};

const Statement kFindIdByTaxId{"supplier_find_id_by_tax_id",
                               "SELECT supplier_id::text FROM suppliers "
                               "WHERE " ENTRY_BY_TAX_ID};

const Statement kFindById{"supplier_find_by_id",
                          "SELECT " SUPPLIER_COLUMNS " FROM suppliers WHERE " ENTRY_BY_ID};

// Each key is one primary-key probe of a nested loop. The arrays are scalar subqueries so that
// no plan knows their length: with unnest($1) each call got a custom plan sized to its array,
// and planning took 120 to 240 us against 40 us of execution for a few keys; this way the
// prepared statement settles on its generic plan after five calls, as PostgreSQL's plan cache
// does when custom plans are no cheaper.
const Statement kFindByIds{"supplier_find_by_ids",
                           "SELECT " SUPPLIER_COLUMNS
                           " FROM unnest((SELECT $1::uuid[]), (SELECT $2::uuid[])) "
                           "AS k(company, id) JOIN suppliers "
                           "ON client_company_id = k.company AND supplier_id = k.id"};

const Statement kLockById{"supplier_lock_by_id",
                          "SELECT " SUPPLIER_COLUMNS " FROM suppliers WHERE " ENTRY_BY_ID
                          " FOR UPDATE"};

const Statement kLockByTaxId{"supplier_lock_by_tax_id",
                             "SELECT " SUPPLIER_COLUMNS " FROM suppliers WHERE " ENTRY_BY_TAX_ID
                             " FOR UPDATE"};

const Statement kSetPendingInvitation{
    "supplier_set_pending_invitation",
    "UPDATE suppliers SET pending_invitation_id = $3::uuid, invite_requested_time = NULL, "
    "version = version + 1, "
    "update_time = sn_from_micros($4) "
    "WHERE " ENTRY_BY_ID};

const Statement kClearPendingInvitation{
    "supplier_clear_pending_invitation",
    "UPDATE suppliers SET pending_invitation_id = NULL, version = version + 1, "
    "update_time = sn_from_micros($4) "
    "WHERE " ENTRY_BY_ID " AND pending_invitation_id = $3::uuid"};

const Statement kLink{
    "supplier_link",
    "UPDATE suppliers SET linked_company_id = $3::uuid, pending_invitation_id = NULL, "
    "version = version + 1, update_time = sn_from_micros($4) "
    "WHERE " ENTRY_BY_ID};

const Statement kUpdateFields{
    "supplier_update_fields",
    "UPDATE suppliers SET name = $3, description = $4, address = $5, city = $6, province = $7, "
    "phone = $8, fax = $9, email = $10, groups = string_to_array($11, '|'), "
    "version = version + 1, update_time = sn_from_micros($12) "
    "WHERE " ENTRY_BY_ID " RETURNING " SUPPLIER_COLUMNS};

const Statement kDelete{"supplier_delete", "DELETE FROM suppliers WHERE " ENTRY_BY_ID};

const Statement kListGroups{"supplier_list_groups",
                            "SELECT g AS name, count(*) AS supplier_count "
                            "FROM suppliers s CROSS JOIN LATERAL unnest(s.groups) AS g "
                            "WHERE s.client_company_id = $1::uuid AND g COLLATE \"C\" > $2 "
                            "GROUP BY g ORDER BY g COLLATE \"C\" LIMIT $3"};

std::string JoinGroups(const std::vector<std::string>& groups) {
  return absl::StrJoin(groups, "|");
}

// The columns of SUPPLIER_COLUMNS, and where they are in one result: looked up once per result
// rather than once per row and value (each lookup searches the result's column names; a page
// of 50 entries made 1,100 such searches).
enum SupplierColumn {
  kClientCompanyId,
  kSupplierId,
  kCountry,
  kTaxIdType,
  kTaxId,
  kVerificationDigit,
  kName,
  kDescription,
  kAddress,
  kCity,
  kProvince,
  kPhone,
  kFax,
  kEmail,
  kGroups,
  kOrigin,
  kLinkedCompanyId,
  kPendingInvitationId,
  kVersion,
  kCreateTime,
  kUpdateTime,
  kNameFolded,
  kSupplierColumnCount
};
constexpr std::array<const char*, kSupplierColumnCount> kSupplierColumnNames = {
    "client_company_id",
    "supplier_id",
    "country",
    "tax_id_type",
    "tax_id",
    "verification_digit",
    "name",
    "description",
    "address",
    "city",
    "province",
    "phone",
    "fax",
    "email",
    "groups",
    "origin",
    "linked_company_id",
    "pending_invitation_id",
    "version",
    "create_time",
    "update_time",
    "name_folded"};
using SupplierColumns = std::array<pqxx::row::size_type, kSupplierColumnCount>;

SupplierColumns ColumnsOf(const pqxx::result& rows) {
  SupplierColumns columns{};
  for (size_t i = 0; i < columns.size(); ++i) {
    columns[i] = rows.column_number(kSupplierColumnNames[i]);
  }
  return columns;
}

Supplier SupplierFromRow(const pqxx::row& row, const SupplierColumns& columns) {
  const auto text = [&](SupplierColumn column) { return Text(row[columns[column]]); };
  Supplier s;
  s.client_company_id = text(kClientCompanyId);
  s.supplier_id = text(kSupplierId);
  s.tax_id.country = CountryFromCode(text(kCountry)).value_or(Country::kColombia);
  s.tax_id.type = TaxIdTypeFromName(text(kTaxIdType)).value_or(TaxIdType::kUnspecified);
  s.tax_id.value = text(kTaxId);
  s.tax_id.verification_digit = text(kVerificationDigit);
  SupplierFields& f = s.fields;
  f.name = text(kName);
  f.description = text(kDescription);
  f.address = text(kAddress);
  f.city = text(kCity);
  f.province = text(kProvince);
  f.phone = text(kPhone);
  f.fax = text(kFax);
  f.email = text(kEmail);
  const std::string groups = text(kGroups);
  if (!groups.empty()) f.groups = absl::StrSplit(groups, '|');
  s.origin = SupplierOriginFromName(text(kOrigin)).value_or(SupplierOrigin::kManual);
  s.linked_company_id = text(kLinkedCompanyId);
  s.pending_invitation_id = text(kPendingInvitationId);
  s.version = row[columns[kVersion]].as<int64_t>();
  s.create_time = Time(row[columns[kCreateTime]]);
  s.update_time = Time(row[columns[kUpdateTime]]);
  return s;
}

// Every entry of `rows`, in order.
std::vector<Supplier> SuppliersFrom(const pqxx::result& rows) {
  std::vector<Supplier> suppliers;
  if (rows.empty()) return suppliers;
  const SupplierColumns columns = ColumnsOf(rows);
  suppliers.reserve(rows.size());
  for (const pqxx::row& row : rows) suppliers.push_back(SupplierFromRow(row, columns));
  return suppliers;
}

absl::StatusOr<Supplier> FirstSupplier(const pqxx::result& rows) {
  if (rows.empty()) return SupplierRepository::NotFound();
  return SupplierFromRow(rows[0], ColumnsOf(rows));
}

const char* StatusPredicate(RegistrationStatus status) {
  switch (status) {
    case RegistrationStatus::kRegistered:
      return " AND linked_company_id IS NOT NULL";
    case RegistrationStatus::kInvited:
      return " AND linked_company_id IS NULL AND pending_invitation_id IS NOT NULL";
    case RegistrationStatus::kNotInvited:
      break;
  }
  return " AND linked_company_id IS NULL AND pending_invitation_id IS NULL";
}

// The list query for one combination of filters (see ListQuery).
ListQuery SupplierListQuery(const std::string& client_company_id, const SupplierFilter& filter,
                            const std::optional<SupplierCursor>& after, int limit) {
  ListQuery q("supplier_list_",
              "SELECT " SUPPLIER_COLUMNS " FROM suppliers WHERE client_company_id = ");
  q.Bind(client_company_id, "::uuid");
  if (filter.tax_id_country.has_value()) {
    q.Where("country = ", std::string(CountryCode(*filter.tax_id_country))).Flag("c");
  }
  if (!filter.tax_id_value.empty()) q.Where("tax_id = ", filter.tax_id_value).Flag("t");
  if (!filter.name_contains.empty()) {
    q.Where("name_folded LIKE sn_contains_pattern(sn_fold(", filter.name_contains, "::text))")
        .Flag("n");
  }
  if (!filter.group.empty()) q.Where("groups @> ARRAY[", filter.group, "::text]").Flag("g");
  if (filter.registration_status.has_value()) {
    q.Sql(StatusPredicate(*filter.registration_status))
        .Flag(absl::StrCat("s", static_cast<int>(*filter.registration_status)));
  }
  if (after.has_value()) {
    q.Sql(" AND (name_folded, supplier_id) > (")
        .Bind(after->name_folded, "::text, ")
        .Bind(after->supplier_id, "::uuid)")
        .Flag("a");
  }
  q.OrderBy("name_folded, supplier_id", limit);
  return q;
}

}  // namespace

absl::StatusOr<Supplier> SupplierRepository::Insert(Tx& tx, const Supplier& s, absl::Time now) {
  const std::string country(CountryCode(s.tax_id.country));
  const SupplierFields& f = s.fields;
  pqxx::result rows =
      tx.Exec(kInsert, s.client_company_id, country, std::string(TaxIdTypeName(s.tax_id.type)),
              s.tax_id.value, s.tax_id.verification_digit, f.name, f.description, f.address, f.city,
              f.province, f.phone, f.fax, f.email, JoinGroups(f.groups),
              std::string(SupplierOriginName(s.origin)), Micros(now));
  if (!rows.empty()) return FirstSupplier(rows);
  pqxx::result existing = tx.Exec(kFindIdByTaxId, s.client_company_id, country, s.tax_id.value);
  return WithResourceInfo(
      absl::AlreadyExistsError("the network already holds a supplier with this tax ID"),
      {"supplynet.v1.Supplier", existing.empty() ? "" : Text(existing[0], "supplier_id")});
}

absl::StatusOr<Supplier> SupplierRepository::FindById(Tx& tx, const std::string& client_company_id,
                                                      const std::string& supplier_id) {
  return FirstSupplier(tx.Exec(kFindById, client_company_id, supplier_id));
}

absl::Status SupplierRepository::NotFound() { return absl::NotFoundError("supplier not found"); }

std::vector<Supplier> SupplierRepository::FindByIds(Tx& tx, const std::vector<SupplierKey>& keys) {
  std::vector<std::string> companies;
  std::vector<std::string> ids;
  companies.reserve(keys.size());
  ids.reserve(keys.size());
  for (const SupplierKey& key : keys) {
    companies.push_back(key.client_company_id);
    ids.push_back(key.supplier_id);
  }
  return SuppliersFrom(tx.Exec(kFindByIds, TextArray(companies), TextArray(ids)));
}

absl::StatusOr<Supplier> SupplierRepository::LockById(Tx& tx, const std::string& client_company_id,
                                                      const std::string& supplier_id) {
  return FirstSupplier(tx.Exec(kLockById, client_company_id, supplier_id));
}

absl::StatusOr<Supplier> SupplierRepository::LockByTaxId(Tx& tx,
                                                         const std::string& client_company_id,
                                                         const TaxId& tax_id) {
  return FirstSupplier(tx.Exec(kLockByTaxId, client_company_id,
                               std::string(CountryCode(tax_id.country)), tax_id.value));
}

absl::Status SupplierRepository::SetPendingInvitation(Tx& tx, const std::string& client_company_id,
                                                      const std::string& supplier_id,
                                                      const std::string& invitation_id,
                                                      absl::Time now) {
  tx.Exec(kSetPendingInvitation, client_company_id, supplier_id, invitation_id, Micros(now));
  return absl::OkStatus();
}

absl::Status SupplierRepository::ClearPendingInvitation(Tx& tx,
                                                        const std::string& client_company_id,
                                                        const std::string& supplier_id,
                                                        const std::string& invitation_id,
                                                        absl::Time now) {
  tx.Exec(kClearPendingInvitation, client_company_id, supplier_id, invitation_id, Micros(now));
  return absl::OkStatus();
}

absl::Status SupplierRepository::Link(Tx& tx, const std::string& client_company_id,
                                      const std::string& supplier_id, const std::string& company_id,
                                      absl::Time now) {
  tx.Exec(kLink, client_company_id, supplier_id, company_id, Micros(now));
  return absl::OkStatus();
}

absl::StatusOr<Supplier> SupplierRepository::UpdateFields(Tx& tx,
                                                          const std::string& client_company_id,
                                                          const std::string& supplier_id,
                                                          const SupplierFields& f, absl::Time now) {
  return FirstSupplier(tx.Exec(kUpdateFields, client_company_id, supplier_id, f.name, f.description,
                               f.address, f.city, f.province, f.phone, f.fax, f.email,
                               JoinGroups(f.groups), Micros(now)));
}

absl::Status SupplierRepository::Delete(Tx& tx, const std::string& client_company_id,
                                        const std::string& supplier_id) {
  if (tx.Exec(kDelete, client_company_id, supplier_id).affected_rows() == 0) {
    return NotFound();
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<SupplierListRow>> SupplierRepository::List(
    Tx& tx, const std::string& client_company_id, const SupplierFilter& filter,
    const std::optional<SupplierCursor>& after, int limit) {
  const ListQuery query = SupplierListQuery(client_company_id, filter, after, limit);
  const pqxx::result rows = query.Run(tx);
  std::vector<SupplierListRow> out;
  out.reserve(rows.size());
  if (rows.empty()) return out;
  const SupplierColumns columns = ColumnsOf(rows);
  for (const pqxx::row& row : rows) {
    out.push_back({SupplierFromRow(row, columns), Text(row[columns[kNameFolded]])});
  }
  return out;
}

absl::StatusOr<std::vector<SupplierGroupCount>> SupplierRepository::ListGroups(
    Tx& tx, const std::string& client_company_id, const std::string& after_name, int limit) {
  std::vector<SupplierGroupCount> out;
  for (const pqxx::row& row : tx.Exec(kListGroups, client_company_id, after_name, limit)) {
    out.push_back({Text(row, "name"), row["supplier_count"].as<int64_t>()});
  }
  return out;
}

#undef SUPPLIER_COLUMNS

}  // namespace supplynet::storage
