#include "storage/replication_repository.h"

namespace supplynet::storage {
namespace {

const Statement kState{"replication_state",
                       "SELECT pg_is_in_recovery() AS in_recovery, "
                       "CASE WHEN pg_is_in_recovery() "
                       "THEN extract(epoch FROM now() - pg_last_xact_replay_timestamp())::float8 "
                       "ELSE 0 END AS lag_seconds"};

}  // namespace

absl::StatusOr<ReplicationState> ReplicationRepository::State(Tx& tx) {
  const pqxx::row row = tx.Exec(kState)[0];
  ReplicationState state;
  state.in_recovery = row["in_recovery"].as<bool>();
  if (!row["lag_seconds"].is_null()) state.replay_lag_seconds = row["lag_seconds"].as<double>();
  return state;
}

}  // namespace supplynet::storage
