// The background sweep that stores the expiry of invitations. A code stops working at its
// expiry whatever this does (reads compare the time); the sweep makes the rest follow: the
// invitation is stored EXPIRED, its supplier entry goes back to NOT_INVITED (in its status,
// the list filter, and for a later invitation by selection or import), and an email still
// queued is not sent. Each sweep handles a bounded batch; several servers may sweep at once.
#pragma once

#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/periodic_worker.h"
#include "domain/clock.h"
#include "storage/database.h"

namespace supplynet {

class InvitationExpiry {
 public:
  // Sweeps every `interval`, and at once again while a full batch of `batch` was expired.
  InvitationExpiry(storage::Database& db, const Clock& clock, absl::Duration interval,
                   int batch = 1000);
  ~InvitationExpiry();  // Stops the thread.

  void Start();
  void Stop();
  // One sweep; true when the batch was full (more may be due).
  absl::StatusOr<bool> ExpireDue();

 private:
  storage::Database& db_;
  const Clock& clock_;
  const int batch_;
  PeriodicWorker worker_;  // Last: its thread uses the members above.
};

}  // namespace supplynet
