// Keeps the standard gRPC health service in step with the database: NOT_SERVING while
// PostgreSQL does not answer, SERVING again as soon as it does.
#pragma once

#include <grpcpp/health_check_service_interface.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "absl/time/time.h"
#include "storage/database.h"

namespace supplynet::server {

class HealthMonitor {
 public:
  HealthMonitor(storage::Database& db, grpc::HealthCheckServiceInterface* health,
                absl::Duration interval);
  ~HealthMonitor();  // Stops the probing thread.

  void Stop();

 private:
  void Run();

  storage::Database& db_;
  grpc::HealthCheckServiceInterface* health_;
  const absl::Duration interval_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace supplynet::server
