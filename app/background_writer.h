// Writes values on a thread of its own while the caller prepares the next one: an ingest reads
// and parses its stream while PostgreSQL writes the previous batch, instead of one waiting for
// the other. At most one value waits between the two (Handoff), so memory stays flat.
#pragma once

#include <functional>
#include <optional>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "app/handoff.h"

namespace supplynet {

template <typename T>
class BackgroundWriter {
 public:
  // `write` runs on the writer's thread, one value at a time, in the order they were Put.
  explicit BackgroundWriter(std::function<absl::Status(T)> write)
      : write_(std::move(write)), thread_([this] { Run(); }) {}
  BackgroundWriter(const BackgroundWriter&) = delete;
  BackgroundWriter& operator=(const BackgroundWriter&) = delete;
  // A writer not finished is abandoned: what it still holds is dropped unwritten.
  ~BackgroundWriter() {
    values_.Abandon();
    if (thread_.joinable()) thread_.join();
  }

  // Hands `value` over, waiting while the previous one is still being taken; false once a
  // write failed (Finish tells how) or after Finish, and the value is dropped.
  bool Put(T value) { return !finished_ && values_.Put(std::move(value)); }

  // Waits until every value Put is written: OK, or the first failed write's status. The
  // writer's thread has ended when it returns, so what `write` changed is visible. Put,
  // Finish and the destructor are called from one thread, the producer's.
  absl::Status Finish() {
    finished_ = true;
    values_.Finish();
    if (thread_.joinable()) thread_.join();
    return status_;
  }

 private:
  void Run() {
    while (std::optional<T> value = values_.Take()) {
      status_ = write_(std::move(*value));
      if (!status_.ok()) {
        values_.Abandon();
        return;
      }
    }
  }

  std::function<absl::Status(T)> write_;
  Handoff<T> values_;
  bool finished_ = false;  // The producer's own flag.
  absl::Status status_;    // Written by the writer's thread, read after it is joined.
  std::thread thread_;     // Last: it starts once everything it uses exists.
};

}  // namespace supplynet
