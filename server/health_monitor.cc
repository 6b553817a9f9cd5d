#include "server/health_monitor.h"

#include <iostream>

namespace supplynet::server {

HealthMonitor::HealthMonitor(storage::Database& db, grpc::HealthCheckServiceInterface* health,
                             absl::Duration interval)
    : db_(db), health_(health), interval_(interval), thread_([this] { Run(); }) {}

HealthMonitor::~HealthMonitor() { Stop(); }

void HealthMonitor::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void HealthMonitor::Run() {
  bool last_serving = true;
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    lock.unlock();
    const bool serving = db_.Ping().ok();
    lock.lock();
    if (stopping_) break;
    if (serving != last_serving) {
      std::cerr << "{\"event\":\"health\",\"serving\":" << (serving ? "true" : "false") << "}"
                << std::endl;
      last_serving = serving;
    }
    health_->SetServingStatus(serving);
    wake_.wait_for(lock, absl::ToChronoNanoseconds(interval_), [this] { return stopping_; });
  }
}

}  // namespace supplynet::server
