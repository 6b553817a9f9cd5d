// The set-based write path of ImportSuppliers. Inside the import's one transaction, Begin
// creates a staging table; each MergeBatch copies a batch of rows into it (COPY, one stream)
// and merges them into the network with one INSERT ... ON CONFLICT statement. Round trips grow
// with the number of batches, never with the number of rows.
#pragma once

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

class SupplierImportRepository {
 public:
  // Creates the staging table of this transaction (dropped at its end).
  static absl::Status Begin(Tx& tx);
  // Merges `rows` (distinct tax IDs, all of `country`) into the client's network. An empty
  // optional field of a row keeps the stored value; an empty group list keeps the stored
  // groups. Versions and update times move only for entries whose fields changed.
  // `notify` = false ignores the rows' Notify values.
  static absl::StatusOr<ImportBatchResult> MergeBatch(Tx& tx, const std::string& client_company_id,
                                                      Country country,
                                                      const std::vector<SupplierRow>& rows,
                                                      bool notify, absl::Time now);
};

}  // namespace supplynet::storage
