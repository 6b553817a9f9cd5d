// A background thread that repeats one step: at once again while the step reports more work,
// else after `interval` or an earlier Notify(). Errors are logged (without details, which may
// hold personal data) and the step is tried again after the interval.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace supplynet {

class PeriodicWorker {
 public:
  // `step` returns true when it did something and more may be waiting. `name` tags the log.
  PeriodicWorker(std::string name, absl::Duration interval,
                 std::function<absl::StatusOr<bool>()> step);
  ~PeriodicWorker();  // Stops the thread.

  void Start();
  // Wakes the thread to run the step now.
  void Notify();
  // Lets a step in progress finish, then ends the thread. Safe to call more than once.
  void Stop();

 private:
  void Run();

  const std::string name_;
  const absl::Duration interval_;
  const std::function<absl::StatusOr<bool>()> step_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  bool notified_ = false;
  std::thread thread_;
};

}  // namespace supplynet
