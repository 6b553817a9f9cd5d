// At most N holders at a time: a counting semaphore (C++17 has none) for work whose cost is
// memory per concurrent run, such as Argon2id's 64 MiB per password hash.
#pragma once

#include <condition_variable>
#include <mutex>

namespace supplynet {

class ConcurrencyLimit {
 public:
  explicit ConcurrencyLimit(int slots) : free_(slots > 0 ? slots : 1) {}
  ConcurrencyLimit(const ConcurrencyLimit&) = delete;
  ConcurrencyLimit& operator=(const ConcurrencyLimit&) = delete;

  // Holds one slot of `limit` for its lifetime, waiting for one to be free; nothing when
  // `limit` is null (no limit).
  class Slot {
   public:
    explicit Slot(ConcurrencyLimit* limit) : limit_(limit) {
      if (limit_ != nullptr) limit_->Acquire();
    }
    ~Slot() {
      if (limit_ != nullptr) limit_->Release();
    }
    Slot(const Slot&) = delete;
    Slot& operator=(const Slot&) = delete;

   private:
    ConcurrencyLimit* limit_;
  };

 private:
  void Acquire() {
    std::unique_lock<std::mutex> lock(mu_);
    freed_.wait(lock, [this] { return free_ > 0; });
    --free_;
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
