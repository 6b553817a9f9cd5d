// One value at a time from a producing thread to a consuming thread: Put waits while a value
// is still waiting to be taken, so the two threads overlap their work while memory holds at
// most one value in between (plus the one each side is working on).
#pragma once

#include <condition_variable>
#include <mutex>
#include <optional>
#include <utility>

namespace supplynet {

template <typename T>
class Handoff {
 public:
  // Waits until the slot is free; false when the consumer gave up (the value is dropped).
  bool Put(T value) {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return !slot_.has_value() || abandoned_; });
    if (abandoned_) return false;
    slot_ = std::move(value);
    changed_.notify_all();
    return true;
  }

  // No more values: Take returns what is left, then nullopt.
  void Finish() {
    std::lock_guard<std::mutex> lock(mu_);
    finished_ = true;
    changed_.notify_all();
  }

  // The consumer stops (or the producer failed): Put and Take return at once from now on.
  void Abandon() {
    std::lock_guard<std::mutex> lock(mu_);
    abandoned_ = true;
    changed_.notify_all();
  }

  // The next value; nullopt once finished and empty, or abandoned.
  std::optional<T> Take() {
    std::unique_lock<std::mutex> lock(mu_);
    changed_.wait(lock, [&] { return slot_.has_value() || finished_ || abandoned_; });
    if (abandoned_ || !slot_.has_value()) return std::nullopt;
    std::optional<T> value = std::move(slot_);
    slot_.reset();
    changed_.notify_all();
    return value;
  }

  bool abandoned() const {
    std::lock_guard<std::mutex> lock(mu_);
    return abandoned_;
  }

 private:
  mutable std::mutex mu_;
  std::condition_variable changed_;
  std::optional<T> slot_;
  bool finished_ = false;
  bool abandoned_ = false;
};

}  // namespace supplynet
