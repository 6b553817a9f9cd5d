#include "app/database_gauges.h"

#include "storage/outbox_repository.h"

namespace supplynet {

using storage::Tx;

DatabaseGauges::DatabaseGauges(storage::Database& read_db, absl::Duration interval)
    : read_db_(read_db), worker_("database_gauges", interval, [this]() -> absl::StatusOr<bool> {
        absl::Status sampled = Sample();
        if (!sampled.ok()) return sampled;
        return false;  // Nothing more until the next interval.
      }) {}

DatabaseGauges::~DatabaseGauges() { Stop(); }

void DatabaseGauges::Start() { worker_.Start(); }

void DatabaseGauges::Stop() { worker_.Stop(); }

absl::Status DatabaseGauges::Sample() {
  absl::StatusOr<int64_t> queued =
      read_db_.ReadStatement([](Tx& tx) { return storage::OutboxRepository::CountPending(tx); });
  absl::StatusOr<storage::ReplicationState> replication =
      read_db_.ReadStatement([](Tx& tx) { return storage::ReplicationRepository::State(tx); });
  std::lock_guard<std::mutex> lock(mu_);
  latest_.outbox_queued = queued.ok() ? std::optional<int64_t>(*queued) : std::nullopt;
  latest_.read_replication =
      replication.ok() ? std::optional<storage::ReplicationState>(*replication) : std::nullopt;
  return queued.ok() ? replication.status() : queued.status();
}

DatabaseGaugeValues DatabaseGauges::Latest() const {
  std::lock_guard<std::mutex> lock(mu_);
  return latest_;
}

}  // namespace supplynet
