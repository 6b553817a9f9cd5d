// What a database server says of its own replication: whether it is a hot standby, and how far
// behind its primary it replays.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "storage/database.h"

namespace supplynet::storage {

struct ReplicationState {
  bool in_recovery = false;  // A standby (or a server still recovering).
  // Seconds between now and the commit time of the last transaction the standby replayed; 0 on
  // a primary; nullopt on a standby that has replayed no transaction since it started. It
  // measures time since the last replayed commit, so it grows while the primary commits
  // nothing even when the standby has replayed everything.
  std::optional<double> replay_lag_seconds;
};

class ReplicationRepository {
 public:
  static absl::StatusOr<ReplicationState> State(Tx& tx);
};

}  // namespace supplynet::storage
