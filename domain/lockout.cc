#include "domain/lockout.h"

namespace supplynet {

LockoutState LockoutState::AfterFailure(absl::Time now, const LockoutPolicy& policy) const {
  LockoutState next = *this;
  if (failures == 0 || now >= window_start + policy.window) {
    next.failures = 0;
    next.window_start = now;
  }
  ++next.failures;
  if (next.failures >= policy.max_failures) {
    next.locked_until = now + policy.lockout;
    next.failures = 0;
  }
  return next;
}

}  // namespace supplynet
