// The set-based write path of ImportSuppliers. Inside the import's one transaction, each
// MergeBatch merges a batch of rows into the network with one INSERT ... ON CONFLICT statement
// that receives the batch as one array per column. Round trips grow with the number of
// batches, never with the number of rows.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
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
};

}  // namespace supplynet::storage
