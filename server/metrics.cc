#include "server/metrics.h"

#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "prometheus/client_metric.h"
#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace supplynet::server {

// Reads the pool's counters when Prometheus scrapes, so the pool needs no metrics code.
class Metrics::PoolCollector : public prometheus::Collectable {
 public:
  explicit PoolCollector(const storage::ConnectionPool* pool) : pool_(pool) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    if (pool_ == nullptr) return {};
    const storage::PoolStats stats = pool_->Stats();
    return {
        Gauge("supplynet_db_pool_size", "Connections the pool may hold.", stats.size),
        Gauge("supplynet_db_pool_in_use", "Connections lent out now.", stats.in_use),
        Gauge("supplynet_db_pool_open", "Connections open now.", stats.open),
        Counter("supplynet_db_pool_waits_total", "Acquisitions that waited for a free connection.",
                static_cast<double>(stats.waits_total)),
        Counter("supplynet_db_pool_timeouts_total",
                "Acquisitions that gave up waiting (UNAVAILABLE).",
                static_cast<double>(stats.timeouts_total))};
  }

 private:
  static prometheus::MetricFamily Gauge(const char* name, const char* help, double value) {
    prometheus::ClientMetric metric;
    metric.gauge.value = value;
    return {name, help, prometheus::MetricType::Gauge, {metric}};
  }
  static prometheus::MetricFamily Counter(const char* name, const char* help, double value) {
    prometheus::ClientMetric metric;
    metric.counter.value = value;
    return {name, help, prometheus::MetricType::Counter, {metric}};
  }

  const storage::ConnectionPool* pool_;
};

Metrics::Metrics(const storage::ConnectionPool* pool)
    : registry_(std::make_shared<prometheus::Registry>()),
      pool_collector_(std::make_shared<PoolCollector>(pool)),
      calls_(prometheus::BuildCounter()
                 .Name("supplynet_rpc_calls_total")
                 .Help("RPCs handled, by method and gRPC status code.")
                 .Register(*registry_)),
      latency_(prometheus::BuildHistogram()
                   .Name("supplynet_rpc_latency_seconds")
                   .Help("RPC latency, by method and gRPC status code.")
                   .Register(*registry_)) {}

Metrics::~Metrics() = default;

void Metrics::RecordCall(std::string_view method, std::string_view code, absl::Duration latency) {
  const std::map<std::string, std::string> labels = {{"method", std::string(method)},
                                                     {"code", std::string(code)}};
  calls_.Add(labels).Increment();
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  latency_.Add(labels, kBuckets).Observe(absl::ToDoubleSeconds(latency));
}

absl::Status Metrics::Serve(const std::string& address) {
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address, ": ", e.what()));
  }
  exposer_->RegisterCollectable(registry_);
  exposer_->RegisterCollectable(pool_collector_);
  return absl::OkStatus();
}

int Metrics::port() const {
  if (exposer_ == nullptr) return 0;
  const std::vector<int> ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace supplynet::server
