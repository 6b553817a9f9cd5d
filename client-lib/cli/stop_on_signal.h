// Ends a long-running command (e.g. `documents watch`) cleanly on Ctrl-C or SIGTERM: the
// signal cancels the call instead of killing the process, so the command can still say where
// it stopped.
#pragma once

#include <signal.h>

#include <thread>

#include "supplynet/client/document_stream.h"

namespace supplynet::cli {

// Cancels `cancellation` on SIGINT or SIGTERM while alive. The signals are blocked in every
// thread and taken by a thread of its own with sigwait; gRPC's threads inherit the mask of the
// thread that creates the channel, so this must exist before the client does.
class StopOnSignal {
 public:
  explicit StopOnSignal(client::WatchCancellation& cancellation);
  ~StopOnSignal();
  StopOnSignal(const StopOnSignal&) = delete;
  StopOnSignal& operator=(const StopOnSignal&) = delete;

 private:
  sigset_t signals_;
  sigset_t saved_;
  std::thread waiter_;
};

}  // namespace supplynet::cli
