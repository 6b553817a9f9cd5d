// Time as a dependency, so that expiry rules are tested with a fixed clock instead of sleeps.
#pragma once

#include <atomic>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace supplynet {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual absl::Time Now() const = 0;
};

class RealClock : public Clock {
 public:
  absl::Time Now() const override { return absl::Now(); }
};

// A clock that stands still until a test moves it.
class FixedClock : public Clock {
 public:
  explicit FixedClock(absl::Time now) : micros_(absl::ToUnixMicros(now)) {}
  absl::Time Now() const override { return absl::FromUnixMicros(micros_.load()); }
  void Advance(absl::Duration d) { micros_ += absl::ToInt64Microseconds(d); }

 private:
  std::atomic<int64_t> micros_;
};

}  // namespace supplynet
