// Prometheus metrics (prometheus-cpp): calls and latency per method and code, and the state of
// the connection pool, read at scrape time.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "storage/connection_pool.h"

namespace supplynet::server {

class Metrics {
 public:
  explicit Metrics(const storage::ConnectionPool* pool);
  ~Metrics();

  void RecordCall(std::string_view method, std::string_view code, absl::Duration latency);
  // Serves /metrics on `address` ("host:port"; port 0 picks a free one).
  absl::Status Serve(const std::string& address);
  // The port /metrics listens on, 0 when not serving.
  int port() const;
  const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }

 private:
  class PoolCollector;
  std::shared_ptr<prometheus::Registry> registry_;
  std::shared_ptr<PoolCollector> pool_collector_;
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& latency_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace supplynet::server
