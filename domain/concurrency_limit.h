// At most N holders at a time: a counting semaphore (C++17 has none) for work whose cost is
// memory per concurrent run, such as Argon2id's 64 MiB per password hash.
#pragma once

#include <condition_variable>
#include <mutex>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace supplynet {

class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int slots) : free_(slots > 0 ? slots : 1) {}
  ConcurrencyLimit(const ConcurrencyLimit&) = delete;
  ConcurrencyLimit& operator=(const ConcurrencyLimit&) = delete;

  // Holds one slot of `limit` for its lifetime, waiting for one to be free until `deadline`
  // (real time) at most; held() says whether it got one (none once the deadline has passed).
  // A null `limit` (no limit) always holds.
  class Slot {
   public:
    explicit Slot(ConcurrencyLimit* limit, absl::Time deadline = absl::InfiniteFuture())
        : limit_(limit != nullptr && limit->Acquire(deadline) ? limit : nullptr),
          held_(limit == nullptr || limit_ != nullptr) {}
    ~Slot() {
      if (limit_ != nullptr) limit_->Release();
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

    bool held() const { return held_; }

   private:
    ConcurrencyLimit* const limit_;  // Null when no slot is held.
    const bool held_;
  };

 private:
  bool Acquire(absl::Time deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    const auto free = [this] { return free_ > 0; };
    if (deadline == absl::InfiniteFuture()) {
      freed_.wait(lock, free);
    } else if (absl::Now() >= deadline ||
               !freed_.wait_until(lock, absl::ToChronoTime(deadline), free)) {
      return false;  // A caller whose deadline has passed gets none, even a free one.
    }
    --free_;
    return true;
  }
  void Release() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++free_;
    }
    freed_.notify_one();
  }

  std::mutex mu_;
  std::condition_variable freed_;
  int free_;
};

}  // namespace supplynet
