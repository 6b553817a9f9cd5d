// What `suppliers import` shows while the file streams: a redrawn progress bar (bytes and
// rows, rate, ETA) on a terminal, plain lines at every tenth of the file otherwise, so that
// logs of batch jobs stay short and readable.
#pragma once

#include <chrono>
#include <functional>
#include <ostream>
#include <string>

#include "supplynet/client/import_progress.h"

namespace supplynet::cli {

class ImportProgressView {
 public:
  using Now = std::function<std::chrono::steady_clock::time_point()>;

  ImportProgressView(std::ostream& out, bool terminal, Now now = std::chrono::steady_clock::now);

  void Update(const client::ImportProgress& progress);

 private:
  std::string Describe(const client::ImportProgress& progress) const;
  // Tenths of the file sent (or 10 MiB steps when the size is unknown).
  int64_t Step(const client::ImportProgress& progress) const;

  std::ostream& out_;
  const bool terminal_;
  const Now now_;
  const std::chrono::steady_clock::time_point start_;
  int64_t last_step_ = 0;
};

// "1.5 MiB", "830 B".
std::string ByteText(double bytes);
// "1:05", "0:07"; "-" when unknown.
std::string DurationText(double seconds);

}  // namespace supplynet::cli
