// The report of one supplier import: counts of what the rows did and the first errors, in file
// order. The error list is capped so that the report, like the rest of an import, stays small
// for any file size.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "domain/supplier_import.h"

namespace supplynet {

inline constexpr size_t kMaxImportReportErrors = 1000;

struct ImportReport {
  int64_t rows_read = 0;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  int64_t rejected = 0;
  int64_t invitations_requested = 0;
  std::vector<RowError> errors;  // At most kMaxImportReportErrors.
  bool errors_truncated = false;
  bool dry_run = false;

  // Counts a rejected row and keeps its errors while there is room.
  void AddRejected(const RejectedRow& row);
};

}  // namespace supplynet
