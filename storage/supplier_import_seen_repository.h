// The tax IDs an import has read so far, each with the line of its first row, kept in a
// temporary table of the import's transaction rather than in the server's memory: a file of
// millions of rows costs the server one batch of memory (the rule itself is
// domain/import_repeats.h). The table is dropped when the transaction ends, committed or not.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/import_repeats.h"
#include "storage/database.h"

namespace supplynet::storage {

class SupplierImportSeenRepository {
 public:
  // Creates this transaction's table of tax IDs seen (empty).
  static absl::Status Begin(Tx& tx);
  // Records the first lines of one batch (`firsts`: distinct tax IDs, as FirstTaxIdLines makes
  // them) and returns, for those an earlier call already recorded, the line recorded then;
  // one round trip.
  static absl::StatusOr<TaxIdFirstLines> RecordBatch(Tx& tx,
                                                     const std::vector<TaxIdFirstLine>& firsts);
};

}  // namespace supplynet::storage
