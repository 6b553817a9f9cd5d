// The bulk supplier import (ImportSuppliers): a CSV file streamed in chunks becomes additions
// and updates of the caller's network, in one transaction, with a row-by-row report. Rows are
// parsed as they arrive and written in batches (storage/supplier_import_repository.h), so
// memory stays flat for any file size.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/idempotency.h"
#include "app/import_inviter.h"
#include "domain/account.h"
#include "domain/clock.h"
#include "domain/supplier_import.h"
#include "domain/supplier_import_report.h"
#include "storage/database.h"

namespace supplynet {

// The bytes of the file, chunk by chunk (the server reads them off the RPC stream).
class ImportChunkSource {
 public:
  virtual ~ImportChunkSource() = default;
  // Stores the next chunk and returns true; false at the end of the file; an error when the
  // stream breaks or carries something else than a chunk (the import then writes nothing).
  virtual absl::StatusOr<bool> Next(std::string* chunk) = 0;
};

struct ImportOptions {
  bool dry_run = false;
  RequestId request_id;
  std::optional<Country> country;  // Unset when the caller gave none.
  TaxIdType tax_id_type = TaxIdType::kUnspecified;
  bool follow_notify = true;  // False: no invitation is requested, whatever Notify says.
};

inline constexpr size_t kDefaultImportBatchRows = 5000;

class SupplierImportService {
 public:
  // `replay_codec` stores and restores the report of a retried import (app/idempotency.h).
  // `batch_rows`: rows per write batch (memory versus round trips). `inviter` (may be null,
  // else outlives the service) is called after each batch that marked entries for invitation,
  // dry runs excepted.
  SupplierImportService(storage::Database& db, const Clock& clock,
                        std::unique_ptr<const ResultCodec<ImportReport>> replay_codec,
                        size_t batch_rows = kDefaultImportBatchRows,
                        ImportInviter* inviter = nullptr);

  // INVALID_ARGUMENT (nothing written) for bad options, a header that lacks a mandatory column
  // or an empty file; bad rows are reported, not errors. A retry with the same request_id
  // returns the first report without reading `file`. A dry run writes nothing, its request_id
  // included (it can be repeated at will).
  absl::StatusOr<ImportReport> ImportSuppliers(const Principal& caller,
                                               const ImportOptions& options,
                                               ImportChunkSource& file);

 private:
  absl::StatusOr<ImportReport> Import(storage::Tx& tx, const Principal& caller,
                                      const ImportOptions& options, ImportChunkSource& file,
                                      absl::Time now);

  storage::Database& db_;
  const Clock& clock_;
  const std::unique_ptr<const ResultCodec<ImportReport>> replay_codec_;
  const size_t batch_rows_;
  ImportInviter* const inviter_;
};

}  // namespace supplynet
