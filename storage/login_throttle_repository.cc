#include "storage/login_throttle_repository.h"

#include "storage/lockout_row.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

// The key's row, inserted with no failures when missing, locked either way: one statement, so
// that the retention sweep (which deletes stale rows) cannot take the row away between an
// insert and a lock. The SET changes nothing: it makes ON CONFLICT lock and return the row.
const Statement kLock{"login_throttle_lock",
                      "INSERT INTO login_throttles (key_hash, failures, window_start) "
                      "VALUES ($1, 0, sn_from_micros($2)) ON CONFLICT (key_hash) "
                      "DO UPDATE SET failures = login_throttles.failures "
                      "RETURNING " SN_LOCKOUT_COLUMNS};

const Statement kSave{
    "login_throttle_save",
    "UPDATE login_throttles SET failures = $2, window_start = sn_from_micros($3), "
    "locked_until = sn_from_micros($4) WHERE key_hash = $1"};

const Statement kForgiveOne{"login_throttle_forgive_one",
                            "UPDATE login_throttles SET failures = greatest(failures - 1, 0) "
                            "WHERE key_hash = $1"};

const Statement kClear{"login_throttle_clear", "DELETE FROM login_throttles WHERE key_hash = $1"};

const Statement kDeleteStale{"login_throttle_delete_stale",
                             SN_DELETE_STALE_LOCKOUTS("login_throttles")};

}  // namespace

absl::StatusOr<LockoutState> LoginThrottleRepository::Lock(Tx& tx, const std::string& key_hash,
                                                           absl::Time now) {
  return LockoutStateFromRow(tx.Exec(kLock, key_hash, Micros(now)).at(0));
}

absl::Status LoginThrottleRepository::Save(Tx& tx, const std::string& key_hash,
                                           const LockoutState& state) {
  tx.Exec(kSave, key_hash, state.failures, Micros(state.window_start),
          OptionalMicros(state.locked_until));
  return absl::OkStatus();
}

absl::Status LoginThrottleRepository::ForgiveOne(Tx& tx, const std::string& key_hash) {
  tx.Exec(kForgiveOne, key_hash);
  return absl::OkStatus();
}

absl::Status LoginThrottleRepository::Clear(Tx& tx, const std::string& key_hash) {
  tx.Exec(kClear, key_hash);
  return absl::OkStatus();
}

absl::StatusOr<int64_t> LoginThrottleRepository::DeleteStale(Tx& tx, absl::Time window_before,
                                                             absl::Time now, int limit) {
  return static_cast<int64_t>(
      tx.Exec(kDeleteStale, Micros(window_before), Micros(now), limit).affected_rows());
}

}  // namespace supplynet::storage
