#include "app/periodic_worker.h"

#include <iostream>
#include <utility>

namespace supplynet {

PeriodicWorker::PeriodicWorker(std::string name, absl::Duration interval,
                               std::function<absl::StatusOr<bool>()> step)
    : name_(std::move(name)), interval_(interval), step_(std::move(step)) {}

PeriodicWorker::~PeriodicWorker() { Stop(); }

void PeriodicWorker::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void PeriodicWorker::Notify() {
  std::lock_guard<std::mutex> lock(mu_);
  notified_ = true;
  wake_.notify_all();
}

void PeriodicWorker::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

void PeriodicWorker::Run() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      notified_ = false;
    }
    absl::StatusOr<bool> worked = step_();
    if (!worked.ok()) {
      std::cerr << "{\"event\":\"" << name_ << "_error\",\"status\":\""
                << absl::StatusCodeToString(worked.status().code()) << "\"}" << std::endl;
    }
    if (worked.ok() && *worked) continue;  // More may be waiting.
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, absl::ToChronoNanoseconds(interval_),
                   [&] { return stopping_ || notified_; });
  }
}

}  // namespace supplynet
