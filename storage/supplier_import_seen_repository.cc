#include "storage/supplier_import_seen_repository.h"

#include <cstdint>
#include <string>

#include "storage/pg_text.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

constexpr char kCreateSeen[] =
    "CREATE TEMP TABLE IF NOT EXISTS supplier_import_seen ("
    "tax_id text COLLATE \"C\" PRIMARY KEY, line bigint NOT NULL) ON COMMIT DROP";

// The batch's tax IDs that `ins` could not insert are the ones an earlier batch recorded; only
// those (few, usually none) are looked up for their first line, by the key (LATERAL ... LIMIT
// 1). Every statement of a WITH query runs on one snapshot, so the lookup sees the earlier
// batches' rows, not what `ins` inserts.
const Statement kRecordBatch{
    "supplier_import_seen_record",
    "WITH input AS (SELECT * FROM unnest($1::text[], $2::bigint[]) AS i(tax_id, line)),"
    " ins AS (INSERT INTO supplier_import_seen (tax_id, line)"
    "  SELECT tax_id, line FROM input ON CONFLICT (tax_id) DO NOTHING RETURNING tax_id)"
    " SELECT i.tax_id, s.line FROM input i CROSS JOIN LATERAL ("
    "  SELECT line FROM supplier_import_seen s WHERE s.tax_id = i.tax_id LIMIT 1) s"
    " WHERE NOT EXISTS (SELECT 1 FROM ins WHERE ins.tax_id = i.tax_id)"};

}  // namespace

absl::Status SupplierImportSeenRepository::Begin(Tx& tx) {
  tx.work().exec(kCreateSeen);
  return absl::OkStatus();
}

absl::StatusOr<TaxIdFirstLines> SupplierImportSeenRepository::RecordBatch(
    Tx& tx, const std::vector<TaxIdFirstLine>& firsts) {
  TaxIdFirstLines earlier;
  if (firsts.empty()) return earlier;
  std::vector<std::string> tax_ids, lines;
  tax_ids.reserve(firsts.size());
  lines.reserve(firsts.size());
  for (const TaxIdFirstLine& first : firsts) {
    tax_ids.push_back(first.tax_id);
    lines.push_back(std::to_string(first.line));
  }
  for (const pqxx::row& row : tx.Exec(kRecordBatch, TextArray(tax_ids), TextArray(lines))) {
    earlier.emplace(row["tax_id"].as<std::string>(), row["line"].as<int64_t>());
  }
  return earlier;
}

}  // namespace supplynet::storage
