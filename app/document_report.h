// ExportDocumentReport: the caller's issued or received documents as CSV, with the list's
// filters and order, read from a server-side cursor in slices, so memory stays constant
// whatever the number of rows. Amounts are the stored decimals, written as they are.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "domain/account.h"
#include "domain/clock.h"
#include "domain/document_filter.h"
#include "storage/database.h"

namespace supplynet {

// Receives the next bytes of the file; returns false when the receiver went away.
using ChunkSink = std::function<bool(std::string_view chunk)>;

inline constexpr size_t kReportChunkBytes = 64 * 1024;

class DocumentReport {
 public:
  // `db` only serves reads: the server passes its lag-tolerant read database (a standby).
  DocumentReport(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  // Validates the filter; INVALID_ARGUMENT before any byte is sent.
  absl::StatusOr<DocumentFilter> Prepare(const DocumentFilterInput& input) const;
  // Suggested file name, e.g. "documents-received-20240131.csv".
  std::string FileName(const DocumentFilter& filter) const;
  // Streams the header line, then one line per document, in chunks of at most 64 KiB.
  absl::Status Export(const Principal& caller, const DocumentFilter& filter, const ChunkSink& sink);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

}  // namespace supplynet
