// The background sender of the email outbox. One thread takes the most overdue email that no
// other sender holds, keeps it locked while it is handed to the mail transport, and records
// the outcome in the same transaction: SENT, another attempt later (doubling delay), or FAILED
// after the last attempt or a permanent refusal. Several servers may drain one outbox; row
// locks (FOR UPDATE SKIP LOCKED) keep each email with one sender at a time.
//
// A crash after the mail server accepted an email but before the commit sends it once more
// on restart (the same Message-ID); a crash at any other point loses nothing and sends nothing
// twice.
#pragma once

#include <atomic>
#include <cstdint>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/periodic_worker.h"
#include "domain/clock.h"
#include "mail/mail_transport.h"
#include "storage/database.h"

namespace supplynet {

struct OutboxSettings {
  std::string mail_from;                             // Envelope sender (addr-spec).
  absl::Duration poll_interval = absl::Seconds(2);   // Between looks when nothing is due.
  absl::Duration retry_initial = absl::Seconds(30);  // Delay after the first failure.
  absl::Duration retry_max = absl::Minutes(30);      // Longest delay between attempts.
  int max_attempts = 10;                             // Then the email is FAILED.
};

// What one sender recorded since it started (committed outcomes only).
struct OutboxCounts {
  int64_t sent = 0;
  int64_t failed = 0;   // Given up: a permanent refusal or the last attempt.
  int64_t retried = 0;  // A failed attempt with another one scheduled.
};

class OutboxSender {
 public:
  // `clock` stamps the invitations' send and update times.
  OutboxSender(storage::Database& db, const Clock& clock, mail::MailTransport& transport,
               OutboxSettings settings);
  ~OutboxSender();  // Stops the thread.

  void Start();
  // Wakes the thread to look now (after a commit that queued an email).
  void Notify();
  // Lets an attempt in progress finish, then ends the thread. Safe to call more than once.
  void Stop();

  // Handles one due email, if any; true when there was one.
  absl::StatusOr<bool> DeliverNext();

  OutboxCounts counts() const;

 private:
  storage::Database& db_;
  const Clock& clock_;
  mail::MailTransport& transport_;
  const OutboxSettings settings_;
  std::atomic<int64_t> sent_{0};
  std::atomic<int64_t> failed_{0};
  std::atomic<int64_t> retried_{0};
  PeriodicWorker worker_;  // Last: its thread uses the members above.
};

}  // namespace supplynet
