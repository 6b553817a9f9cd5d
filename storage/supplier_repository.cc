#include "storage/supplier_repository.h"

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

Supplier SupplierFromRow(const pqxx::row& row) {
  Supplier s;
  s.client_company_id = Text(row, "client_company_id");
  s.supplier_id = Text(row, "supplier_id");
  s.tax_id.country = CountryFromCode(Text(row, "country")).value_or(Country::kColombia);
  s.tax_id.type = TaxIdTypeFromName(Text(row, "tax_id_type")).value_or(TaxIdType::kUnspecified);
  s.tax_id.value = Text(row, "tax_id");
  s.tax_id.verification_digit = Text(row, "verification_digit");
  SupplierFields& f = s.fields;
  f.name = Text(row, "name");
  f.description = Text(row, "description");
  f.address = Text(row, "address");
  f.city = Text(row, "city");
  f.province = Text(row, "province");
  f.phone = Text(row, "phone");
  f.fax = Text(row, "fax");
  f.email = Text(row, "email");
  const std::string groups = Text(row, "groups");
  if (!groups.empty()) f.groups = absl::StrSplit(groups, '|');
  s.origin = SupplierOriginFromName(Text(row, "origin")).value_or(SupplierOrigin::kManual);
  s.linked_company_id = Text(row, "linked_company_id");
  s.pending_invitation_id = Text(row, "pending_invitation_id");
  s.version = row["version"].as<int64_t>();
  s.create_time = Time(row, "create_time");
  s.update_time = Time(row, "update_time");
  return s;
}

absl::StatusOr<Supplier> FirstSupplier(const pqxx::result& rows) {
  if (rows.empty()) return SupplierRepository::NotFound();
  return SupplierFromRow(rows[0]);
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
  if (!rows.empty()) return SupplierFromRow(rows[0]);
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
  std::vector<Supplier> found;
  for (const pqxx::row& row : tx.Exec(kFindByIds, TextArray(companies), TextArray(ids))) {
    found.push_back(SupplierFromRow(row));
  }
  return found;
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
  std::vector<SupplierListRow> out;
  for (const pqxx::row& row : query.Run(tx)) {
    out.push_back({SupplierFromRow(row), Text(row, "name_folded")});
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
