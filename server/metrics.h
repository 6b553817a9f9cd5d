// Prometheus metrics (prometheus-cpp): calls and latency per method and code, recorded as calls
// end; and, read at scrape time from the parts that keep them, the connection pools (the
// primary's and the read standby's), the email outbox, watch streams, LISTEN reconnects and
// the read database's replication lag.
#pragma once

#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/database_gauges.h"
#include "app/document_events.h"
#include "app/outbox_sender.h"
#include "prometheus/counter.h"
#include "prometheus/exposer.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"
#include "storage/connection_pool.h"
#include "storage/notification_listener.h"

namespace supplynet::server {

// What the scrape-time metrics read. Each may be null (its metrics are left out); all must
// outlive the Metrics that serves them.
struct MetricSources {
  const storage::ConnectionPool* write_pool = nullptr;  // pool="write"
  const storage::ConnectionPool* read_pool = nullptr;   // pool="read"; null: reads share "write"
  std::vector<const storage::NotificationListener*> listeners;
  DocumentEventHub* event_hub = nullptr;
  const OutboxSender* outbox = nullptr;  // Null when this server sends no email.
  const DatabaseGauges* database_gauges = nullptr;
};

class Metrics {
 public:
  Metrics();
  ~Metrics();

  void RecordCall(std::string_view method, std::string_view code, absl::Duration latency);
  // Serves /metrics on `address` ("host:port"; port 0 picks a free one): the calls, and what
  // `sources` tell at each scrape.
  absl::Status Serve(const std::string& address, MetricSources sources);
  // Stops serving /metrics (before the sources go away).
  void StopServing();
  // The port /metrics listens on, 0 when not serving.
  int port() const;
  const std::shared_ptr<prometheus::Registry>& registry() const { return registry_; }

 private:
  class SourceCollector;
  // The series of one (method, code).
  struct CallSeries {
    prometheus::Counter* calls;
    prometheus::Histogram* latency;
  };
  CallSeries SeriesOf(std::string_view method, std::string_view code);

  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& calls_;
  prometheus::Family<prometheus::Histogram>& latency_;
  // Family::Add hashes a label map under the family's lock: looked up once per (method, code),
  // not once per call. A std mutex, which ThreadSanitizer sees (Debian's Abseil is not built
  // for it).
  std::shared_mutex series_mu_;
  absl::flat_hash_map<std::string, absl::flat_hash_map<std::string, CallSeries>>
      series_;  // Guarded by series_mu_.
  std::shared_ptr<SourceCollector> source_collector_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

}  // namespace supplynet::server
