// Login throttling: repeated failed logins lock the username, and (with a higher threshold)
// the source address, for a while. The state lives in the database, so every replica sees
// it. An attempt is counted as a failure before its password is checked and forgiven after a
// success, so that concurrent guesses cannot slip past the limit while a password hash runs,
// and no database connection is held during the hash. Unknown usernames are counted like
// known ones: the answers do not tell which usernames exist.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "domain/clock.h"
#include "domain/lockout.h"
#include "storage/database.h"

namespace supplynet {

struct LoginThrottlePolicy {
  LockoutPolicy per_username{5, absl::Minutes(15), absl::Minutes(15)};
  LockoutPolicy per_address{50, absl::Minutes(15), absl::Minutes(15)};
};

// The keys of one admitted attempt, already counted as failed.
struct LoginAttemptKeys {
  std::string username_key;
  std::string address_key;  // Empty when the source address is unknown.
};

class LoginThrottle {
 public:
  LoginThrottle(storage::Database& db, const Clock& clock, LoginThrottlePolicy policy);

  // Counts one attempt of `normalised_username` from `source_address` (an IP, may be empty).
  // RESOURCE_EXHAUSTED with a retry delay while either key is locked (nothing is counted then).
  absl::StatusOr<LoginAttemptKeys> Admit(std::string_view normalised_username,
                                         std::string_view source_address);
  // After a successful login, in its transaction: the username's failures are forgotten and
  // the address's count loses the attempt that Admit added.
  static absl::Status Forgive(storage::Tx& tx, const LoginAttemptKeys& keys);

 private:
  storage::Database& db_;
  const Clock& clock_;
  const LoginThrottlePolicy policy_;
};

}  // namespace supplynet
