#include "server/metrics.h"

#include <mutex>
#include <shared_mutex>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "prometheus/client_metric.h"
#include "prometheus/collectable.h"
#include "prometheus/metric_family.h"

namespace supplynet::server {
namespace {

using prometheus::ClientMetric;
using prometheus::MetricFamily;
using prometheus::MetricType;

ClientMetric Sample(MetricType type, double value, std::vector<ClientMetric::Label> labels = {}) {
  ClientMetric metric;
  metric.label = std::move(labels);
  if (type == MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return metric;
}

// Adds one sample to the family `name`, creating the family on first use, so that the samples
// of every label value of a name end up in one family (as the exposition format requires).
class Families {
 public:
  void Add(const std::string& name, const std::string& help, MetricType type, double value,
           std::vector<ClientMetric::Label> labels = {}) {
    for (MetricFamily& family : families_) {
      if (family.name == name) {
        family.metric.push_back(Sample(type, value, std::move(labels)));
        return;
      }
    }
    families_.push_back({name, help, type, {Sample(type, value, std::move(labels))}});
  }
  std::vector<MetricFamily> Take() { return std::move(families_); }

 private:
  std::vector<MetricFamily> families_;
};

void AddPool(Families& out, const storage::ConnectionPool& pool, const std::string& name) {
  const storage::PoolStats stats = pool.Stats();
  const std::vector<ClientMetric::Label> labels = {{"pool", name}};
  out.Add("supplynet_db_pool_size", "Connections the pool may hold.", MetricType::Gauge, stats.size,
          labels);
  out.Add("supplynet_db_pool_in_use", "Connections lent out now.", MetricType::Gauge, stats.in_use,
          labels);
  out.Add("supplynet_db_pool_waiting", "Callers waiting for a free connection now.",
          MetricType::Gauge, stats.waiting, labels);
  out.Add("supplynet_db_pool_open", "Connections open now.", MetricType::Gauge, stats.open, labels);
  out.Add("supplynet_db_pool_waits_total", "Acquisitions that waited for a free connection.",
          MetricType::Counter, static_cast<double>(stats.waits_total), labels);
  out.Add("supplynet_db_pool_timeouts_total", "Acquisitions that gave up waiting (UNAVAILABLE).",
          MetricType::Counter, static_cast<double>(stats.timeouts_total), labels);
}

}  // namespace

// Reads its sources when Prometheus scrapes, so that none of them needs metrics code.
class Metrics::SourceCollector : public prometheus::Collectable {
 public:
  explicit SourceCollector(MetricSources sources) : sources_(std::move(sources)) {}

  std::vector<MetricFamily> Collect() const override {
    Families out;
    if (sources_.write_pool != nullptr) AddPool(out, *sources_.write_pool, "write");
    if (sources_.read_pool != nullptr) AddPool(out, *sources_.read_pool, "read");
    for (const storage::NotificationListener* listener : sources_.listeners) {
      out.Add("supplynet_db_listener_reconnects_total",
              "Times a LISTEN connection was put in place again after the first (a database "
              "restart or failover).",
              MetricType::Counter, static_cast<double>(listener->reconnects()),
              {{"channel", listener->channel()}});
    }
    if (sources_.event_hub != nullptr) {
      out.Add("supplynet_watch_streams_open", "WatchDocumentEvents streams open on this server.",
              MetricType::Gauge, static_cast<double>(sources_.event_hub->watchers()));
    }
    if (sources_.outbox != nullptr) {
      const OutboxCounts counts = sources_.outbox->counts();
      out.Add("supplynet_outbox_sent_total", "Emails this server delivered.", MetricType::Counter,
              static_cast<double>(counts.sent));
      out.Add("supplynet_outbox_failed_total",
              "Emails this server gave up on (a permanent refusal or the last attempt).",
              MetricType::Counter, static_cast<double>(counts.failed));
      out.Add("supplynet_outbox_retried_total",
              "Delivery attempts of this server that failed and were scheduled again.",
              MetricType::Counter, static_cast<double>(counts.retried));
    }
    if (sources_.database_gauges != nullptr) AddDatabaseGauges(out);
    return out.Take();
  }

 private:
  void AddDatabaseGauges(Families& out) const {
    const DatabaseGaugeValues values = sources_.database_gauges->Latest();
    if (values.outbox_queued.has_value()) {
      out.Add("supplynet_outbox_queued",
              "Emails waiting in the outbox, every server's (sampled from the read database).",
              MetricType::Gauge, static_cast<double>(*values.outbox_queued));
    }
    if (!values.read_replication.has_value()) return;
    out.Add("supplynet_db_read_in_recovery",
            "1 when the read database is a hot standby, 0 when it is a primary.", MetricType::Gauge,
            values.read_replication->in_recovery ? 1 : 0);
    if (values.read_replication->replay_lag_seconds.has_value()) {
      out.Add("supplynet_db_read_replication_lag_seconds",
              "Seconds since the commit of the last transaction the read database replayed (0 on "
              "a primary); grows while the primary commits nothing.",
              MetricType::Gauge, *values.read_replication->replay_lag_seconds);
    }
  }

  const MetricSources sources_;
};

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
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
  const CallSeries series = SeriesOf(method, code);
  series.calls->Increment();
  series.latency->Observe(absl::ToDoubleSeconds(latency));
}

Metrics::CallSeries Metrics::SeriesOf(std::string_view method, std::string_view code) {
  {
    std::shared_lock<std::shared_mutex> lock(series_mu_);
    if (auto by_code = series_.find(AsAbsl(method)); by_code != series_.end()) {
      auto it = by_code->second.find(AsAbsl(code));
      if (it != by_code->second.end()) return it->second;
    }
  }
  const std::map<std::string, std::string> labels = {{"method", std::string(method)},
                                                     {"code", std::string(code)}};
  static const prometheus::Histogram::BucketBoundaries kBuckets = {
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  const CallSeries series{&calls_.Add(labels), &latency_.Add(labels, kBuckets)};
  std::unique_lock<std::shared_mutex> lock(series_mu_);
  series_[AsAbsl(method)][AsAbsl(code)] = series;
  return series;
}

absl::Status Metrics::Serve(const std::string& address, MetricSources sources) {
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(address);
  } catch (const std::exception& e) {
    return absl::UnavailableError(
        absl::StrCat("cannot serve metrics on ", address, ": ", e.what()));
  }
  source_collector_ = std::make_shared<SourceCollector>(std::move(sources));
  exposer_->RegisterCollectable(registry_);
  exposer_->RegisterCollectable(source_collector_);
  return absl::OkStatus();
}

void Metrics::StopServing() { exposer_.reset(); }

int Metrics::port() const {
  if (exposer_ == nullptr) return 0;
  const std::vector<int> ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace supplynet::server
