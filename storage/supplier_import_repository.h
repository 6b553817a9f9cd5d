// The set-based write path of ImportSuppliers. Inside the import's one transaction, a batch of
// rows goes into the network with one statement that receives the batch as one array per
// column: INSERT ... ON CONFLICT (MergeBatch), or a plain INSERT when the rows are all new
// (InsertNewBatch). Round trips grow with the number of batches, never with the number of rows.
// SupplierImportWriter (storage/supplier_import_writer.h) picks one for each batch.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/supplier_import.h"
#include "storage/database.h"

namespace supplynet::storage {

// What one batch did to the network.
struct ImportBatchResult {
  int64_t created = 0;
  int64_t updated = 0;    // Entries whose directory fields changed.
  int64_t unchanged = 0;  // Entries that already held every value of their row.
  // Entries newly marked for invitation (Notify = 1 on a NOT_INVITED, unmarked entry).
  std::vector<std::string> invite_requested_ids;
};

inline constexpr size_t kImportBatchColumns = 13;

// A batch's rows as the merge statement's parameters: one PostgreSQL array literal per column.
// Built without a connection, so that another thread builds the next batch's while PostgreSQL
// merges this one.
struct ImportBatchColumns {
  std::array<std::string, kImportBatchColumns> arrays;
  int64_t rows = 0;

  const std::string& tax_ids() const { return arrays[1]; }  // Columns writes them second.
};

class SupplierImportRepository {
 public:
  // `rows` as merge parameters; `notify` = false ignores the rows' Notify values.
  static ImportBatchColumns Columns(const std::vector<SupplierRow>& rows, bool notify);
  // Merges the batch's rows (distinct tax IDs, all of `country`) into the client's network. An
  // empty optional field of a row keeps the stored value; an empty group list keeps the stored
  // groups. Versions and update times move only for entries whose fields changed.
  static absl::StatusOr<ImportBatchResult> MergeBatch(Tx& tx, const std::string& client_company_id,
                                                      Country country,
                                                      const ImportBatchColumns& batch,
                                                      absl::Time now);
  // Inserts the batch's rows (distinct tax IDs, all of `country`) as new entries, under a
  // savepoint. nullopt, with nothing written, when a tax ID is already in the network (or
  // another transaction has just committed it): PostgreSQL's unique key refused the batch and
  // the savepoint was rolled back. Skips ON CONFLICT's lookup of each key before its insertion
  // and its speculative insertion. Each batch inserted keeps a subtransaction ID until the
  // import ends.
  static absl::StatusOr<std::optional<ImportBatchResult>> InsertNewBatch(
      Tx& tx, const std::string& client_company_id, Country country,
      const ImportBatchColumns& batch, absl::Time now);
  // Whether one of the batch's tax IDs is in the client's network already: one lookup of the
  // unique key per row, stopping at the first found.
  static absl::StatusOr<bool> AnyInNetwork(Tx& tx, const std::string& client_company_id,
                                           Country country, const ImportBatchColumns& batch);
};

}  // namespace supplynet::storage
