#include "storage/login_throttle_repository.h"

#include "storage/lockout_row.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

// A row with no failures first, so that the lock below always has a row to hold.
const Statement kEnsure{"login_throttle_ensure",
                        "INSERT INTO login_throttles (key_hash, failures, window_start) "
                        "VALUES ($1, 0, sn_from_micros($2)) ON CONFLICT DO NOTHING"};

const Statement kLock{"login_throttle_lock",
                      "SELECT failures, sn_micros(window_start) AS window_start, "
                      "sn_micros(locked_until) AS locked_until FROM login_throttles "
                      "WHERE key_hash = $1 FOR UPDATE"};

const Statement kSave{
    "login_throttle_save",
    "UPDATE login_throttles SET failures = $2, window_start = sn_from_micros($3), "
    "locked_until = sn_from_micros($4) WHERE key_hash = $1"};

const Statement kForgiveOne{"login_throttle_forgive_one",
                            "UPDATE login_throttles SET failures = greatest(failures - 1, 0) "
                            "WHERE key_hash = $1"};

const Statement kClear{"login_throttle_clear", "DELETE FROM login_throttles WHERE key_hash = $1"};

}  // namespace

absl::StatusOr<LockoutState> LoginThrottleRepository::Lock(Tx& tx, const std::string& key_hash,
                                                           absl::Time now) {
  tx.Exec(kEnsure, key_hash, Micros(now));
  pqxx::result rows = tx.Exec(kLock, key_hash);
  if (rows.empty()) return absl::InternalError("the login throttle row vanished");
  return LockoutStateFromRow(rows[0]);
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

}  // namespace supplynet::storage
