#include "storage/supplier_import_repository.h"

#include <array>
#include <initializer_list>
#include <string_view>
#include <tuple>
#include <utility>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "pqxx/except"
#include "storage/pg_text.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

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

// The batch arrives as one array per column (ImportBatchColumns), unnested into `st`, and
// becomes rows of the network through INSERT_ROWS.
#define BATCH_ROWS                                                                             \
  "WITH st AS ("                                                                               \
  " SELECT * FROM unnest($4::text[], $5::text[], $6::text[], $7::text[], $8::text[],"          \
  " $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[]," \
  " $16::boolean[]) AS st(tax_id_type, tax_id, verification_digit, name, description,"         \
  " address, city, province, phone, fax, email, groups, notify))"
#define INSERT_ROWS                                                                             \
  " INSERT INTO suppliers AS s (client_company_id, country, tax_id_type, tax_id,"               \
  " verification_digit, name, description, address, city, province, phone, fax, email, groups," \
  " origin, create_time, update_time, invite_requested_time)"                                   \
  " SELECT $1::uuid, $2, tax_id_type, tax_id, verification_digit, name, description, address,"  \
  " city, province, phone, fax, email, string_to_array(groups, '|'), 'IMPORT',"                 \
  " sn_from_micros($3), sn_from_micros($3), CASE WHEN notify THEN sn_from_micros($3) END FROM st"
// Both statements answer one row, not one per entry: the batch's counts and the entries to
// invite, from the rows they wrote (`written`).
#define COUNTS                                                              \
  " SELECT count(*) FILTER (WHERE inserted) AS created,"                    \
  " count(*) FILTER (WHERE NOT inserted AND changed) AS updated,"           \
  " coalesce(string_agg(supplier_id::text, ',') FILTER (WHERE marked), '')" \
  " AS invite_requested_ids FROM written"

// An entry the statement left alone (unchanged, not marked) is not returned at all; of those
// returned, a row PostgreSQL inserted has no xmax yet (an updated one carries the updating
// transaction's), an entry whose fields changed has this import's update time, and an entry
// this row marked has this import's mark time (an import meets each entry once: repeated tax
// IDs are rejected). So the statement needs no lookup of each row before it writes: looking
// every row up by the unique key first (for the counts) cost about 5% of the merge's time.
const Statement kMerge{"supplier_import_merge", BATCH_ROWS
                       ", written AS (" INSERT_ROWS
                       " ON CONFLICT (client_company_id, country, tax_id) DO UPDATE SET"
                       " (name, description, address, city, province, phone, fax, email, groups) = "
                       "ROW(" MERGED_FIELDS "), version = s.version + CASE WHEN " CHANGED
                       " THEN 1 ELSE 0 END,"
                       " update_time = CASE WHEN " CHANGED
                       " THEN EXCLUDED.update_time ELSE s.update_time END,"
                       " invite_requested_time = CASE WHEN " INVITE
                       " THEN EXCLUDED.invite_requested_time ELSE s.invite_requested_time END"
                       " WHERE " CHANGED " OR " INVITE
                       " RETURNING s.supplier_id, s.xmax = 0 AS inserted,"
                       " s.update_time = sn_from_micros($3) AS changed,"
                       " s.invite_requested_time = sn_from_micros($3) AS marked)" COUNTS};

// Every row new: a plain INSERT, which fails with a unique violation on an entry already there.
const Statement kInsertNew{"supplier_import_insert_new", BATCH_ROWS
                           ", written AS (" INSERT_ROWS
                           " RETURNING s.supplier_id, true AS inserted, false AS changed,"
                           " s.invite_requested_time IS NOT NULL AS marked)" COUNTS};

const Statement kAnyInNetwork{
    "supplier_import_any_in_network",
    "SELECT EXISTS (SELECT 1 FROM suppliers WHERE client_company_id = $1 AND country = $2"
    " AND tax_id = ANY ($3::text[]))"};

constexpr char kSavepoint[] = "SAVEPOINT supplier_import_batch";
constexpr char kRelease[] = "RELEASE SAVEPOINT supplier_import_batch";
constexpr char kRollBack[] =
    "ROLLBACK TO SAVEPOINT supplier_import_batch; RELEASE SAVEPOINT supplier_import_batch";

#undef COUNTS
#undef INSERT_ROWS
#undef BATCH_ROWS
#undef INVITE
#undef CHANGED
#undef MERGED_FIELDS
#undef KEPT_IF_EMPTY
#undef STORED_FIELDS

// Runs `statement` (kMerge or kInsertNew) on the batch and reads its counts.
ImportBatchResult WriteBatch(Tx& tx, const Statement& statement,
                             const std::string& client_company_id, Country country,
                             const ImportBatchColumns& batch, absl::Time now) {
  const pqxx::row counts =
      std::apply(
          [&](const auto&... arrays) {
            return tx.Exec(statement, client_company_id, std::string(CountryCode(country)),
                           Micros(now), arrays...);
          },
          batch.arrays)
          .at(0);
  ImportBatchResult result;
  result.created = counts["created"].as<int64_t>();
  result.updated = counts["updated"].as<int64_t>();
  const std::string ids = Text(counts, "invite_requested_ids");
  if (!ids.empty()) result.invite_requested_ids = absl::StrSplit(ids, ',');
  result.unchanged = batch.rows - result.created - result.updated;
  return result;
}

}  // namespace

ImportBatchColumns SupplierImportRepository::Columns(const std::vector<SupplierRow>& rows,
                                                     bool notify) {
  std::array<TextArrayWriter, kImportBatchColumns> columns;
  const std::string group_separator(1, kSupplierGroupSeparator);
  for (const SupplierRow& row : rows) {
    const SupplierFields& f = row.fields;
    size_t i = 0;
    for (std::string_view value : std::initializer_list<std::string_view>{
             TaxIdTypeName(row.tax_id.type), row.tax_id.value, row.tax_id.verification_digit,
             f.name, f.description, f.address, f.city, f.province, f.phone, f.fax, f.email}) {
      columns[i++].Add(value);
    }
    columns[i++].Add(absl::StrJoin(f.groups, group_separator));
    columns[i].Add(notify && row.notify ? "t" : "f");
  }
  ImportBatchColumns batch;
  batch.rows = static_cast<int64_t>(rows.size());
  for (size_t i = 0; i < columns.size(); ++i) batch.arrays[i] = columns[i].Finish();
  return batch;
}

absl::StatusOr<ImportBatchResult> SupplierImportRepository::MergeBatch(
    Tx& tx, const std::string& client_company_id, Country country, const ImportBatchColumns& batch,
    absl::Time now) {
  if (batch.rows == 0) return ImportBatchResult{};
  return WriteBatch(tx, kMerge, client_company_id, country, batch, now);
}

absl::StatusOr<std::optional<ImportBatchResult>> SupplierImportRepository::InsertNewBatch(
    Tx& tx, const std::string& client_company_id, Country country, const ImportBatchColumns& batch,
    absl::Time now) {
  if (batch.rows == 0) return std::optional(ImportBatchResult{});
  tx.work().exec0(kSavepoint);
  try {
    ImportBatchResult result = WriteBatch(tx, kInsertNew, client_company_id, country, batch, now);
    tx.work().exec0(kRelease);
    return std::optional(std::move(result));
  } catch (const pqxx::unique_violation&) {
    // Only the unique key of (client, country, tax ID) can be violated: the batch's tax IDs are
    // distinct and every other key is a generated UUID.
    tx.work().exec0(kRollBack);
    return std::nullopt;
  }
}

absl::StatusOr<bool> SupplierImportRepository::AnyInNetwork(Tx& tx,
                                                            const std::string& client_company_id,
                                                            Country country,
                                                            const ImportBatchColumns& batch) {
  if (batch.rows == 0) return false;
  return tx
      .Exec(kAnyInNetwork, client_company_id, std::string(CountryCode(country)), batch.tax_ids())
      .at(0)
      .at(0)
      .as<bool>();
}

}  // namespace supplynet::storage
