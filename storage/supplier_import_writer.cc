#include "storage/supplier_import_writer.h"

#include <optional>
#include <utility>

#include "domain/status_macros.h"

namespace supplynet::storage {

SupplierImportWriter::SupplierImportWriter(std::string client_company_id, Country country,
                                           absl::Time now)
    : client_company_id_(std::move(client_company_id)), country_(country), now_(now) {}

absl::StatusOr<ImportBatchResult> SupplierImportWriter::Write(Tx& tx,
                                                              const ImportBatchColumns& batch) {
  if (batch.rows == 0) return ImportBatchResult{};  // Every row of the batch was rejected.
  if (!looked_up_) {
    looked_up_ = true;
    ASSIGN_OR_RETURN(const bool met, SupplierImportRepository::AnyInNetwork(tx, client_company_id_,
                                                                            country_, batch));
    if (met) inserts_left_ = 0;
  }
  if (inserts_left_ > 0) {
    ASSIGN_OR_RETURN(
        std::optional<ImportBatchResult> inserted,
        SupplierImportRepository::InsertNewBatch(tx, client_company_id_, country_, batch, now_));
    if (inserted.has_value()) {
      --inserts_left_;
      return *std::move(inserted);
    }
    inserts_left_ = 0;
  }
  return SupplierImportRepository::MergeBatch(tx, client_company_id_, country_, batch, now_);
}

}  // namespace supplynet::storage
