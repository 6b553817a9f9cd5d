// Gauges that only the database can tell, sampled in the background so that a metrics scrape
// never waits on PostgreSQL: the emails waiting in the outbox (every server's, as the outbox
// is shared) and the replication state of the database that serves lag-tolerant reads.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/periodic_worker.h"
#include "storage/database.h"
#include "storage/replication_repository.h"

namespace supplynet {

struct DatabaseGaugeValues {
  // Each unset until sampled, and again after a sample failed: a gauge without a fresh value is
  // left out rather than shown stale.
  std::optional<int64_t> outbox_queued;
  std::optional<storage::ReplicationState> read_replication;
};

class DatabaseGauges {
 public:
  // Both read from `read_db` (the read standby, or the primary without one): a few seconds of
  // lag do not matter to a gauge, and the replication state is the read database's own.
  DatabaseGauges(storage::Database& read_db, absl::Duration interval);
  ~DatabaseGauges();  // Stops the thread.

  void Start();
  void Stop();
  // Samples now (also what the thread does each interval).
  absl::Status Sample();
  DatabaseGaugeValues Latest() const;

 private:
  storage::Database& read_db_;
  mutable std::mutex mu_;
  DatabaseGaugeValues latest_;
  PeriodicWorker worker_;  // Last: its thread uses the members above.
};

}  // namespace supplynet
