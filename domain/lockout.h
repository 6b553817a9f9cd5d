// Lockouts after repeated failures: the policy and one key's state (pure rules, no I/O).
#pragma once

#include <optional>

#include "absl/time/time.h"

namespace supplynet {

// Repeated failures lock a key out for a while: wrong activation codes per (company, client),
// wrong passwords per username and per source address.
struct LockoutPolicy {
  int max_failures = 5;                        // Failures within `window` that lock.
  absl::Duration window = absl::Minutes(15);   // How far back failures count.
  absl::Duration lockout = absl::Minutes(15);  // How long the lock lasts.
};

// The failed attempts of one key.
struct LockoutState {
  int failures = 0;  // Within the window starting at window_start.
  absl::Time window_start;
  std::optional<absl::Time> locked_until;  // Set while (or since) locked.

  bool LockedAt(absl::Time now) const { return locked_until.has_value() && now < *locked_until; }
  // The state after one more failure at `now`: a failure outside the window starts a new one;
  // the max_failures-th failure within it locks the key for policy.lockout.
  LockoutState AfterFailure(absl::Time now, const LockoutPolicy& policy) const;
};

}  // namespace supplynet
