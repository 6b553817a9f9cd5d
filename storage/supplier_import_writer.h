// Writes an import's batches into the client's network, in the import's one transaction, with
// the cheaper of SupplierImportRepository's two statements that is safe for the batch.
//
// While every row it has met is new, a batch goes in with a plain INSERT under a savepoint:
// ON CONFLICT's lookup of each key before its insertion and its speculative insertion were 6 to
// 8% of the import backend's time (bench/README.md). The first batch that meets an entry
// already in the network (there before the import, or committed meanwhile by another
// transaction) is rolled back to its savepoint and merged instead, and so is every batch after
// it: a file that meets one existing entry likely meets more, and each refused INSERT is work
// thrown away (and an ERROR line in PostgreSQL's log). So the first batch's tax IDs are looked
// up before it is written: a file that sends the network again, the usual monthly upload, is
// merged from its first batch and never has an INSERT refused.
//
// At most kMaxInsertedBatches batches go in with a savepoint; the rest are merged. A released
// savepoint keeps its subtransaction ID until the import ends, and once a transaction holds
// more than PostgreSQL's 64, every other backend's snapshot (a standby's too) has to look
// transactions up in pg_subtrans while the import runs.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/tax_id.h"
#include "storage/database.h"
#include "storage/supplier_import_repository.h"

namespace supplynet::storage {

class SupplierImportWriter {
 public:
  static constexpr int kMaxInsertedBatches = 48;

  // The import of `client_company_id`'s rows of `country`, stamped `now`.
  SupplierImportWriter(std::string client_company_id, Country country, absl::Time now);

  // Writes the batch (distinct tax IDs, none written by an earlier batch of the import).
  absl::StatusOr<ImportBatchResult> Write(Tx& tx, const ImportBatchColumns& batch);

 private:
  const std::string client_company_id_;
  const Country country_;
  const absl::Time now_;
  bool looked_up_ = false;                  // Whether the first batch's tax IDs were.
  int inserts_left_ = kMaxInsertedBatches;  // 0 once a batch met an existing entry.
};

}  // namespace supplynet::storage
