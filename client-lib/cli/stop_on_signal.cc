#include "client-lib/cli/stop_on_signal.h"

#include <pthread.h>

namespace supplynet::cli {
namespace {

// Sent by the destructor to end the waiting thread.
constexpr int kWake = SIGUSR2;

}  // namespace

StopOnSignal::StopOnSignal(client::WatchCancellation& cancellation) {
  sigemptyset(&signals_);
  sigaddset(&signals_, SIGINT);
  sigaddset(&signals_, SIGTERM);
  sigaddset(&signals_, kWake);
  pthread_sigmask(SIG_BLOCK, &signals_, &saved_);
  waiter_ = std::thread([this, &cancellation] {
    int signal = 0;
    // A second Ctrl-C cancels again (harmless); only kWake ends the thread.
    while (sigwait(&signals_, &signal) == 0 && signal != kWake) cancellation.Cancel();
  });
}

StopOnSignal::~StopOnSignal() {
  pthread_kill(waiter_.native_handle(), kWake);
  waiter_.join();
  pthread_sigmask(SIG_SETMASK, &saved_, nullptr);
}

}  // namespace supplynet::cli
