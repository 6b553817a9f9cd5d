// Two BackgroundWriters in a row: `prepare` works on each value on one thread while `write`
// writes the value before it on another, in the order the values were Put. An ingest has
// PostgreSQL do two kinds of work at once, on two connections (two backends, two cores).
// Memory stays flat: at most five values are held (one waiting and one in work per stage, and
// the producer's own).
#pragma once

#include <functional>
#include <utility>

#include "absl/status/status.h"
#include "app/background_writer.h"

namespace supplynet {

template <typename T>
class TwoStageWriter {
 public:
  TwoStageWriter(std::function<absl::Status(T&)> prepare, std::function<absl::Status(T)> write)
      : write_(std::move(write)),
        prepare_([this, prepare = std::move(prepare)](T value) -> absl::Status {
          if (absl::Status prepared = prepare(value); !prepared.ok()) return prepared;
          // A refusal means a write failed: Finish reports that write's status.
          if (!write_.Put(std::move(value))) return absl::AbortedError("a write failed");
          return absl::OkStatus();
        }) {}

  // As BackgroundWriter::Put: false once either stage failed.
  bool Put(T value) { return prepare_.Put(std::move(value)); }

  // Waits until every value Put is prepared and written: OK, or the status of the failure that
  // stopped them (a write's before a preparation's). Rethrows as BackgroundWriter::Finish does.
  absl::Status Finish() {
    const absl::Status prepared = prepare_.Finish();
    // Every Put into write_ happened on prepare_'s thread, which has ended.
    const absl::Status written = write_.Finish();
    return written.ok() ? prepared : written;
  }

 private:
  BackgroundWriter<T> write_;    // Declared first: it outlives prepare_, which feeds it.
  BackgroundWriter<T> prepare_;  // Last: its thread starts once write_ exists.
};

}  // namespace supplynet
