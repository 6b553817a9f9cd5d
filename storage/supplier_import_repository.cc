#include "storage/supplier_import_repository.h"

#include <array>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "storage/company_param.h"
#include "storage/row.h"
#include "storage/staging_table.h"

namespace supplynet::storage {
namespace {

// One row per file row of the batch; `groups` joined by '|', which a group name never holds.
const StagingTable kStaging(
    "supplier_import_staging",
    "tax_id_type text, tax_id text, verification_digit text, name text, description text, "
    "address text, city text, province text, phone text, fax text, email text, groups text, "
    "notify boolean");

// The directory fields an import may change, as stored (s) and as they become from a row
// (EXCLUDED): an empty optional cell or an empty group list keeps the stored value.
#define STORED_FIELDS \
  "s.name, s.description, s.address, s.city, s.province, s.phone, s.fax, s.email, s.groups"
#define KEPT_IF_EMPTY(column) "COALESCE(NULLIF(EXCLUDED." column ", ''), s." column ")"
#define MERGED_FIELDS \
  "EXCLUDED.name, " KEPT_IF_EMPTY("description") ", " KEPT_IF_EMPTY("address") ", "         \
      KEPT_IF_EMPTY("city") ", " KEPT_IF_EMPTY("province") ", " KEPT_IF_EMPTY("phone") ", " \
      KEPT_IF_EMPTY("fax") ", EXCLUDED.email, "                                             \
                           "CASE WHEN cardinality(EXCLUDED.groups) = 0 THEN s.groups "      \
                           "ELSE EXCLUDED.groups END"
#define CHANGED "((" STORED_FIELDS ") IS DISTINCT FROM (" MERGED_FIELDS "))"
// Notify = 1 marks an entry that is NOT_INVITED and not marked yet.
#define INVITE                                                                           \
  "(EXCLUDED.invite_requested_time IS NOT NULL AND s.invite_requested_time IS NULL AND " \
  "s.linked_company_id IS NULL AND s.pending_invitation_id IS NULL)"

// `before` and `merged` run on the same snapshot, so `before` holds the entries as they were;
// an entry the statement left alone (unchanged, not marked) is not returned at all. `before`
// looks each row up by the unique key (LATERAL ... LIMIT 1): a join let the planner, which
// knows neither the staging table's size nor the rows this import already wrote, scan the
// whole network for every batch, a cost that grew with the network instead of the batch.
// The company is COMPANY_PARAM: for a company that ANALYZE has not met the planner otherwise
// chose the name index with a filter on the tax ID, a scan of everything this import had
// written so far for every staged row.
const Statement kMerge{
    "supplier_import_merge",
    "WITH before AS ("
    " SELECT s.supplier_id, s.version, s.invite_requested_time"
    " FROM supplier_import_staging st CROSS JOIN LATERAL ("
    "  SELECT s.supplier_id, s.version, s.invite_requested_time FROM suppliers s"
    "  WHERE s.client_company_id = " COMPANY_PARAM
    " AND s.country = $2 AND s.tax_id = st.tax_id"
    "  LIMIT 1) s"
    "), merged AS ("
    " INSERT INTO suppliers AS s (client_company_id, country, tax_id_type, tax_id,"
    " verification_digit, name, description, address, city, province, phone, fax, email, groups,"
    " origin, create_time, update_time, invite_requested_time)"
    " SELECT $1::uuid, $2, tax_id_type, tax_id, verification_digit, name, description, address,"
    " city, province, phone, fax, email, string_to_array(groups, '|'), 'IMPORT',"
    " sn_from_micros($3), sn_from_micros($3), CASE WHEN notify THEN sn_from_micros($3) END"
    " FROM supplier_import_staging"
    " ON CONFLICT (client_company_id, country, tax_id) DO UPDATE SET"
    " (name, description, address, city, province, phone, fax, email, groups) = ROW(" MERGED_FIELDS
    "), version = s.version + CASE WHEN " CHANGED
    " THEN 1 ELSE 0 END,"
    " update_time = CASE WHEN " CHANGED
    " THEN EXCLUDED.update_time ELSE s.update_time END,"
    " invite_requested_time = CASE WHEN " INVITE
    " THEN EXCLUDED.invite_requested_time ELSE s.invite_requested_time END"
    " WHERE " CHANGED " OR " INVITE
    " RETURNING s.supplier_id, s.version, s.invite_requested_time"
    // One row back, not one per entry: the batch's counts and the entries to invite.
    ") SELECT count(*) FILTER (WHERE b.supplier_id IS NULL) AS created,"
    " count(*) FILTER (WHERE b.supplier_id IS NOT NULL AND b.version <> m.version) AS updated,"
    " coalesce(string_agg(m.supplier_id::text, ',') FILTER ("
    "  WHERE m.invite_requested_time IS NOT NULL AND b.invite_requested_time IS NULL), '')"
    " AS invite_requested_ids"
    " FROM merged m LEFT JOIN before b ON b.supplier_id = m.supplier_id"};

#undef INVITE
#undef CHANGED
#undef MERGED_FIELDS
#undef KEPT_IF_EMPTY
#undef STORED_FIELDS

std::array<std::string, 13> StagingRow(const SupplierRow& row, bool notify) {
  return {std::string(TaxIdTypeName(row.tax_id.type)),
          row.tax_id.value,
          row.tax_id.verification_digit,
          row.fields.name,
          row.fields.description,
          row.fields.address,
          row.fields.city,
          row.fields.province,
          row.fields.phone,
          row.fields.fax,
          row.fields.email,
          absl::StrJoin(row.fields.groups, std::string(1, kSupplierGroupSeparator)),
          notify && row.notify ? "t" : "f"};
}

}  // namespace

absl::Status SupplierImportRepository::Begin(Tx& tx) {
  kStaging.Create(tx);
  return absl::OkStatus();
}

absl::StatusOr<ImportBatchResult> SupplierImportRepository::MergeBatch(
    Tx& tx, const std::string& client_company_id, Country country,
    const std::vector<SupplierRow>& rows, bool notify, absl::Time now) {
  ImportBatchResult result;
  if (rows.empty()) return result;
  kStaging.Refill(tx, rows, [notify](const SupplierRow& row) { return StagingRow(row, notify); });
  const pqxx::row counts =
      tx.Exec(kMerge, client_company_id, std::string(CountryCode(country)), Micros(now)).at(0);
  result.created = counts["created"].as<int64_t>();
  result.updated = counts["updated"].as<int64_t>();
  const std::string ids = Text(counts, "invite_requested_ids");
  if (!ids.empty()) result.invite_requested_ids = absl::StrSplit(ids, ',');
  result.unchanged = static_cast<int64_t>(rows.size()) - result.created - result.updated;
  return result;
}

}  // namespace supplynet::storage
