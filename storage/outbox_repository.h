// The email outbox: messages written in the same transaction as the invitation they belong to
// and delivered later by the background sender (app/outbox_sender.h).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/database.h"

namespace supplynet::storage {

struct OutboxEmail {
  std::string outbox_id;
  std::string client_company_id;
  std::string invitation_id;
  std::vector<std::string> recipients;
  std::string message;  // The whole RFC 5322 message.
  int attempts = 0;     // Failed attempts so far.
};

class OutboxRepository {
 public:
  // Queues `email` (its outbox_id given by the caller), due at once.
  static absl::Status Insert(Tx& tx, const OutboxEmail& email, absl::Time now);
  // Locks the most overdue email that no other transaction holds (FOR UPDATE SKIP LOCKED), so
  // that concurrent senders never pick the same one. nullopt when none is due. Due times use
  // the database's clock, so every server agrees on them. Its invitation is locked with it:
  // revoking or reissuing locks the invitation before its emails, and a sender that took the
  // email first and the invitation later would deadlock with them.
  static absl::StatusOr<std::optional<OutboxEmail>> LockNextDue(Tx& tx);
  // Delivered: the message (which holds the code) is erased.
  static absl::Status MarkSent(Tx& tx, const std::string& client_company_id,
                               const std::string& outbox_id, int attempts);
  // Given up: the message is erased.
  static absl::Status MarkFailed(Tx& tx, const std::string& client_company_id,
                                 const std::string& outbox_id, int attempts,
                                 const std::string& error);
  // Another attempt after `delay`.
  static absl::Status Reschedule(Tx& tx, const std::string& client_company_id,
                                 const std::string& outbox_id, int attempts,
                                 const std::string& error, absl::Duration delay);
  // Emails waiting (PENDING) in the whole outbox; for tests and metrics.
  static absl::StatusOr<int64_t> CountPending(Tx& tx);
};

}  // namespace supplynet::storage
