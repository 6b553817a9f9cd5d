#include "domain/supplier_import_report.h"

namespace supplynet {

void ImportReport::AddRejected(const RejectedRow& row) {
  ++rejected;
  for (const RowError& error : row.errors) {
    if (errors.size() == kMaxImportReportErrors) {
      errors_truncated = true;
      return;
    }
    errors.push_back(error);
  }
}

}  // namespace supplynet
