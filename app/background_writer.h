// Writes values on threads of its own while the caller prepares the next one: an ingest reads
// and parses its stream while PostgreSQL writes the previous batch, instead of one waiting for
// the other. At most one value waits between the two (Handoff), so memory stays flat: one value
// waiting plus one being written per writer thread.
#pragma once

#include <condition_variable>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "app/handoff.h"

namespace supplynet {

template <typename T>
class BackgroundWriter {
 public:
  // `write` runs on `threads` threads, one value per thread at a time. With one thread the
  // values are written in the order they were Put; with more, values run concurrently and
  // may commit in any order (Drain orders two of them when it matters).
  explicit BackgroundWriter(std::function<absl::Status(T)> write, int threads = 1)
      : write_(std::move(write)) {
    for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
  }
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;
  // A writer not finished is abandoned: what it still holds is dropped unwritten.
  ~BackgroundWriter() {
    values_.Abandon();
    JoinAll();
  }

  // Hands `value` over, waiting while the previous one is still being taken; false once a
  // write failed (Finish tells how) or after Finish, and the value is dropped.
  bool Put(T value) {
    if (finished_ || !values_.Put(std::move(value))) return false;
    ++put_;
    return true;
  }

  // Waits until every value Put so far is written; false once a write failed (Finish tells
  // how). What is Put after it is written after them.
  bool Drain() {
    std::unique_lock<std::mutex> lock(mu_);
    written_changed_.wait(lock, [&] { return written_ == put_ || !status_.ok(); });
    return status_.ok();
  }

  // Waits until every value Put is written: OK, or the first failed write's status. The
  // writer's threads have ended when it returns, so what `write` changed is visible. Put,
  // Drain, Finish and the destructor are called from one thread, the producer's.
  // A write that throws fails like one that returns an error, and Finish rethrows its exception
  // here: an exception leaving a thread would end the process, while on the producer's thread
  // it reaches whoever owns what the write used (storage::Database maps a database error and
  // drops a broken connection).
  absl::Status Finish() {
    finished_ = true;
    values_.Finish();
    JoinAll();
    if (exception_ != nullptr) std::rethrow_exception(exception_);
    return status_;
  }

 private:
  void Run() {
    while (std::optional<T> value = values_.Take()) {
      std::exception_ptr exception;
      absl::Status status;
      try {
        status = write_(std::move(*value));
      } catch (...) {
        exception = std::current_exception();
        status = absl::InternalError("a background write threw");
      }
      {
        std::lock_guard<std::mutex> lock(mu_);
        if (status.ok()) {
          ++written_;
        } else if (status_.ok()) {
          status_ = std::move(status);
          exception_ = std::move(exception);
        }
        written_changed_.notify_all();
        if (status_.ok()) continue;
      }
      values_.Abandon();  // Every writer stops after its current value.
      return;
    }
  }

  void JoinAll() {
    for (std::thread& thread : threads_) {
      if (thread.joinable()) thread.join();
    }
  }

  std::function<absl::Status(T)> write_;
  Handoff<T> values_;
  bool finished_ = false;  // The producer's own flag.
  size_t put_ = 0;         // Values Put: written by the producer, read by it in Drain.
  std::mutex mu_;
  std::condition_variable written_changed_;
  size_t written_ = 0;                // Guarded by mu_.
  absl::Status status_;               // The first failed write's; guarded by mu_ until joined.
  std::exception_ptr exception_;      // What that write threw, if it did; the same.
  std::vector<std::thread> threads_;  // Last: they start once everything they use exists.
};

}  // namespace supplynet
