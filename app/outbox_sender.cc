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
  const std::string& company = email.client_company_id;
  // The invitation row is found by its key; the outbox id only tells whether it is current.
  auto record = [&](DeliveryStatus status, const std::string& reported) {
    return InvitationRepository::RecordDelivery(tx, company, email.invitation_id, email.outbox_id,
                                                status, attempts, reported, now);
  };
  if (sent.ok()) {
    RETURN_IF_ERROR(OutboxRepository::MarkSent(tx, company, email.outbox_id, attempts));
    RETURN_IF_ERROR(record(DeliveryStatus::kSent, ""));
    return DeliveryStatus::kSent;
  }
  if (!absl::IsUnavailable(sent) || attempts >= settings.max_attempts) {
    RETURN_IF_ERROR(OutboxRepository::MarkFailed(tx, company, email.outbox_id, attempts, error));
    RETURN_IF_ERROR(record(DeliveryStatus::kFailed, error));
    return DeliveryStatus::kFailed;
  }
  RETURN_IF_ERROR(OutboxRepository::Reschedule(
      tx, company, email.outbox_id, attempts, error,
      RetryDelay(attempts, settings.retry_initial, settings.retry_max)));
  RETURN_IF_ERROR(record(DeliveryStatus::kQueued, error));
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
