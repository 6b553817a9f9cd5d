#include "app/retention_sweep.h"

#include <algorithm>
#include <cstdint>

#include "domain/status_macros.h"
#include "storage/activation_lockout_repository.h"
#include "storage/credential_repository.h"
#include "storage/idempotency_repository.h"
#include "storage/login_throttle_repository.h"

namespace supplynet {

namespace {

// The API promises a retry the first result of its request id for 24 hours.
constexpr absl::Duration kPromisedRequestIdRetention = absl::Hours(24);

RetentionSettings WithinBounds(RetentionSettings settings) {
  settings.batch = std::max(1, settings.batch);
  settings.request_id_retention =
      std::max(kPromisedRequestIdRetention, settings.request_id_retention);
  return settings;
}

}  // namespace

RetentionSweep::RetentionSweep(storage::Database& db, const Clock& clock,
                               const RetentionSettings& settings)
    : db_(db),
      clock_(clock),
      settings_(WithinBounds(settings)),
      worker_("retention_sweep", settings.interval, [this] { return DeleteStale(); }) {}

RetentionSweep::~RetentionSweep() { Stop(); }

void RetentionSweep::Start() { worker_.Start(); }

void RetentionSweep::Stop() { worker_.Stop(); }

absl::StatusOr<bool> RetentionSweep::DeleteStale() {
  const absl::Time now = clock_.Now();
  const int batch = settings_.batch;
  // One short transaction per table: a lock held by one never waits on another's.
  ASSIGN_OR_RETURN(int64_t sessions, db_.Write([&](storage::Tx& tx) {
    return storage::CredentialRepository::DeleteExpiredSessions(tx, now, batch);
  }));
  ASSIGN_OR_RETURN(int64_t throttles, db_.Write([&](storage::Tx& tx) {
    return storage::LoginThrottleRepository::DeleteStale(tx, now - settings_.login_window, now,
                                                         batch);
  }));
  ASSIGN_OR_RETURN(int64_t lockouts, db_.Write([&](storage::Tx& tx) {
    return storage::ActivationLockoutRepository::DeleteStale(tx, now - settings_.activation_window,
                                                             now, batch);
  }));
  ASSIGN_OR_RETURN(int64_t request_ids, db_.Write([&](storage::Tx& tx) {
    return storage::IdempotencyRepository::DeleteClaimedBefore(
        tx, now - settings_.request_id_retention, batch);
  }));
  return std::max({sessions, throttles, lockouts, request_ids}) >= batch;
}

}  // namespace supplynet
