// The background sweep that deletes rows nothing needs any more, so that what every login and
// every wrong activation code writes does not pile up for ever (a flood of made-up usernames
// would otherwise fill the disk): sessions past their expiry (an expired token is refused with
// or without its row), and login and activation lockout rows whose window has passed and whose
// lock has ended (such a row counts as no failures, as a missing one does), and request ids past
// their retention (a retry with such an id runs as a new call). Each step deletes a
// bounded batch of each table; several servers may sweep at once (rows held are skipped).
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/periodic_worker.h"
#include "domain/clock.h"
#include "storage/database.h"

namespace supplynet {

struct RetentionSettings {
  absl::Duration interval = absl::Minutes(10);
  // How far back failures count: the longest window of the policies sharing each table.
  absl::Duration login_window = absl::Minutes(15);
  absl::Duration activation_window = absl::Minutes(15);
  // How long a request id's first result is kept for its retries; less than the 24 hours the API
  // promises is taken as 24 hours.
  absl::Duration request_id_retention = absl::Hours(7 * 24);
  int batch = 1000;  // Rows per table and step.
};

class RetentionSweep {
 public:
  // Sweeps every `settings.interval`, and at once again while a batch was full.
  RetentionSweep(storage::Database& db, const Clock& clock, const RetentionSettings& settings);
  ~RetentionSweep();  // Stops the thread.

  void Start();
  void Stop();
  // One step; true when a batch was full (more may be waiting).
  absl::StatusOr<bool> DeleteStale();

 private:
  storage::Database& db_;
  const Clock& clock_;
  const RetentionSettings settings_;
  PeriodicWorker worker_;  // Last: its thread uses the members above.
};

}  // namespace supplynet
