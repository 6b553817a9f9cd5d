#include "app/outbox_sender.h"

#include <optional>

#include "domain/invitation.h"
#include "domain/status_macros.h"
#include "storage/invitation_repository.h"
#include "storage/outbox_repository.h"

namespace supplynet {
namespace {

using storage::InvitationRepository;
using storage::OutboxEmail;
using storage::OutboxRepository;
using storage::Tx;

// The transport's verdict on one attempt, as written back: SENT, FAILED, or QUEUED again.
absl::StatusOr<DeliveryStatus> Record(Tx& tx, const OutboxEmail& email, const absl::Status& sent,
                                      const OutboxSettings& settings, absl::Time now) {
  const int attempts = email.attempts + 1;
  const std::string error(sent.message());
  if (sent.ok()) {
    RETURN_IF_ERROR(OutboxRepository::MarkSent(tx, email.outbox_id, attempts));
    RETURN_IF_ERROR(InvitationRepository::RecordDelivery(tx, email.outbox_id, DeliveryStatus::kSent,
                                                         attempts, "", now));
    return DeliveryStatus::kSent;
  }
  if (!absl::IsUnavailable(sent) || attempts >= settings.max_attempts) {
    RETURN_IF_ERROR(OutboxRepository::MarkFailed(tx, email.outbox_id, attempts, error));
    RETURN_IF_ERROR(InvitationRepository::RecordDelivery(
        tx, email.outbox_id, DeliveryStatus::kFailed, attempts, error, now));
    return DeliveryStatus::kFailed;
  }
  RETURN_IF_ERROR(OutboxRepository::Reschedule(
      tx, email.outbox_id, attempts, error,
      RetryDelay(attempts, settings.retry_initial, settings.retry_max)));
  RETURN_IF_ERROR(InvitationRepository::RecordDelivery(tx, email.outbox_id, DeliveryStatus::kQueued,
                                                       attempts, error, now));
  return DeliveryStatus::kQueued;
}

}  // namespace

OutboxSender::OutboxSender(storage::Database& db, const Clock& clock,
                           mail::MailTransport& transport, OutboxSettings settings)
    : db_(db),
      clock_(clock),
      transport_(transport),
      settings_(std::move(settings)),
      worker_("outbox", settings_.poll_interval, [this] { return DeliverNext(); }) {}

OutboxSender::~OutboxSender() { Stop(); }

void OutboxSender::Start() { worker_.Start(); }

void OutboxSender::Notify() { worker_.Notify(); }

void OutboxSender::Stop() { worker_.Stop(); }

absl::StatusOr<bool> OutboxSender::DeliverNext() {
  std::optional<DeliveryStatus> outcome;
  absl::StatusOr<bool> delivered = db_.Write([&](Tx& tx) -> absl::StatusOr<bool> {
    ASSIGN_OR_RETURN(std::optional<OutboxEmail> email, OutboxRepository::LockNextDue(tx));
    if (!email.has_value()) return false;
    // The row stays locked while the transport works, so no other sender takes it.
    const absl::Status sent =
        transport_.Send({email->outbox_id, settings_.mail_from, email->recipients, email->message});
    ASSIGN_OR_RETURN(outcome, Record(tx, *email, sent, settings_, clock_.Now()));
    return true;
  });
  // Counted once committed: a rolled-back attempt is made again and counted then.
  if (delivered.ok() && outcome.has_value()) {
    switch (*outcome) {
      case DeliveryStatus::kSent:
        ++sent_;
        break;
      case DeliveryStatus::kFailed:
        ++failed_;
        break;
      case DeliveryStatus::kQueued:
        ++retried_;
        break;
    }
  }
  return delivered;
}

OutboxCounts OutboxSender::counts() const { return {sent_, failed_, retried_}; }

}  // namespace supplynet
