#include "storage/spare_transaction.h"

namespace supplynet::storage {

std::unique_ptr<SpareTransaction> SpareTransaction::TryBegin(ConnectionPool& pool) {
  absl::StatusOr<ConnectionLease> lease = pool.TryAcquire();
  if (!lease.ok()) return nullptr;
  std::unique_ptr<SpareTransaction> spare(new SpareTransaction(*std::move(lease)));
  try {
    spare->work_.emplace(spare->lease_.connection());
  } catch (const std::exception& e) {
    // No spare then: the caller does the work in its own transaction.
    spare->lease_.Failed(e).IgnoreError();
    return nullptr;
  }
  return spare;
}

}  // namespace supplynet::storage
