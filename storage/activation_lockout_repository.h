// Wrong activation codes per (caller company, client tax ID): the lockout state of each pair.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "domain/invitation.h"
#include "domain/tax_id.h"
#include "storage/database.h"

namespace supplynet::storage {

class ActivationLockoutRepository {
 public:
  // The pair's state, locked until the transaction ends so that concurrent attempts of the
  // same pair count one after the other (a pair never seen has no failures).
  static absl::StatusOr<LockoutState> Lock(Tx& tx, const std::string& company_id,
                                           const TaxId& client_tax_id, absl::Time now);
  static absl::Status Save(Tx& tx, const std::string& company_id, const TaxId& client_tax_id,
                           const LockoutState& state);
  // Forgets the pair's failures (after a successful activation).
  static absl::Status Clear(Tx& tx, const std::string& company_id, const TaxId& client_tax_id);
  // Deletes up to `limit` pairs whose window started at or before `window_before` and that are
  // not locked at `now` (they count as never seen); how many.
  static absl::StatusOr<int64_t> DeleteStale(Tx& tx, absl::Time window_before, absl::Time now,
                                             int limit);
};

}  // namespace supplynet::storage
