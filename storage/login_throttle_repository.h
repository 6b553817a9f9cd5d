// Failed logins per throttle key (a digest of a username or a source address, see
// migrations/0010_login_throttles.sql): the lockout state of each key.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "domain/lockout.h"
#include "storage/database.h"

namespace supplynet::storage {

class LoginThrottleRepository {
 public:
  // The key's state, locked until the transaction ends so that concurrent attempts on one key
  // count one after the other (a key never seen has no failures).
  static absl::StatusOr<LockoutState> Lock(Tx& tx, const std::string& key_hash, absl::Time now);
  static absl::Status Save(Tx& tx, const std::string& key_hash, const LockoutState& state);
  // Forgets the key's failures (after a successful login).
  static absl::Status Clear(Tx& tx, const std::string& key_hash);
  // Takes one failure back (an attempt counted before it succeeded); a lock stays.
  static absl::Status ForgiveOne(Tx& tx, const std::string& key_hash);
  // Deletes up to `limit` keys whose window started at or before `window_before` and that are
  // not locked at `now` (they count as never seen); how many.
  static absl::StatusOr<int64_t> DeleteStale(Tx& tx, absl::Time window_before, absl::Time now,
                                             int limit);
};

}  // namespace supplynet::storage
