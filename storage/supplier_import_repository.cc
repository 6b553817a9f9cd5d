#include "storage/supplier_import_repository.h"

#include <array>
#include <utility>

#include "absl/strings/str_join.h"
#include "pqxx/stream_to"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

constexpr char kStagingTable[] = "supplier_import_staging";

// One row per file row of the batch; `groups` joined by '|', which a group name never holds.
constexpr char kCreateStaging[] =
    "CREATE TEMP TABLE supplier_import_staging (tax_id_type text NOT NULL, tax_id text NOT NULL, "
    "verification_digit text NOT NULL, name text NOT NULL, description text NOT NULL, "
    "address text NOT NULL, city text NOT NULL, province text NOT NULL, phone text NOT NULL, "
    "fax text NOT NULL, email text NOT NULL, groups text NOT NULL, notify boolean NOT NULL) "
    "ON COMMIT DROP";

const std::vector<std::string> kStagingColumns = {
    "tax_id_type", "tax_id",      "verification_digit",
    "name",        "description", "address",
    "city",        "province",    "phone",
    "fax",         "email",       "groups",
    "notify"};

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
// an entry the statement left alone (unchanged, not marked) is not returned at all.
const Statement kMerge{
    "supplier_import_merge",
    "WITH before AS ("
    " SELECT s.supplier_id, s.version, s.invite_requested_time"
    " FROM suppliers s JOIN supplier_import_staging st ON s.tax_id = st.tax_id"
    " WHERE s.client_company_id = $1::uuid AND s.country = $2"
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
    ") SELECT m.supplier_id::text AS supplier_id, b.supplier_id IS NULL AS created,"
    " b.supplier_id IS NOT NULL AND b.version <> m.version AS updated,"
    " m.invite_requested_time IS NOT NULL AND b.invite_requested_time IS NULL"
    " AS invite_requested"
    " FROM merged m LEFT JOIN before b ON b.supplier_id = m.supplier_id"};

#undef INVITE
#undef CHANGED
#undef MERGED_FIELDS
#undef KEPT_IF_EMPTY
#undef STORED_FIELDS

// One COPY line; an array because libpqxx 6.4's stream_to writes tuple-like rows only.
using StagingRowValues = std::array<std::string, 13>;

StagingRowValues StagingRow(const SupplierRow& row, bool notify) {
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

void CopyToStaging(Tx& tx, const std::vector<SupplierRow>& rows, bool notify) {
  tx.work().exec("TRUNCATE supplier_import_staging");
  pqxx::stream_to copy(tx.work(), kStagingTable, kStagingColumns);
  for (const SupplierRow& row : rows) copy << StagingRow(row, notify);
  copy.complete();
}

}  // namespace

absl::Status SupplierImportRepository::Begin(Tx& tx) {
  tx.work().exec(kCreateStaging);
  return absl::OkStatus();
}

absl::StatusOr<ImportBatchResult> SupplierImportRepository::MergeBatch(
    Tx& tx, const std::string& client_company_id, Country country,
    const std::vector<SupplierRow>& rows, bool notify, absl::Time now) {
  ImportBatchResult result;
  if (rows.empty()) return result;
  CopyToStaging(tx, rows, notify);
  for (const pqxx::row& row :
       tx.Exec(kMerge, client_company_id, std::string(CountryCode(country)), Micros(now))) {
    if (row["created"].as<bool>()) ++result.created;
    if (row["updated"].as<bool>()) ++result.updated;
    if (row["invite_requested"].as<bool>()) {
      result.invite_requested_ids.push_back(Text(row, "supplier_id"));
    }
  }
  result.unchanged = static_cast<int64_t>(rows.size()) - result.created - result.updated;
  return result;
}

}  // namespace supplynet::storage
