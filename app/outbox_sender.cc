#include "app/outbox_sender.h"

#include <iostream>
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

// The transport's verdict on one attempt, as written back.
absl::Status Record(Tx& tx, const OutboxEmail& email, const absl::Status& sent,
                    const OutboxSettings& settings, absl::Time now) {
  const int attempts = email.attempts + 1;
  const std::string error(sent.message());
  if (sent.ok()) {
    RETURN_IF_ERROR(OutboxRepository::MarkSent(tx, email.outbox_id, attempts));
    return InvitationRepository::RecordDelivery(tx, email.outbox_id, DeliveryStatus::kSent,
                                                attempts, "", now);
  }
  if (!absl::IsUnavailable(sent) || attempts >= settings.max_attempts) {
    RETURN_IF_ERROR(OutboxRepository::MarkFailed(tx, email.outbox_id, attempts, error));
    return InvitationRepository::RecordDelivery(tx, email.outbox_id, DeliveryStatus::kFailed,
                                                attempts, error, now);
  }
  RETURN_IF_ERROR(OutboxRepository::Reschedule(
      tx, email.outbox_id, attempts, error,
      RetryDelay(attempts, settings.retry_initial, settings.retry_max)));
  return InvitationRepository::RecordDelivery(tx, email.outbox_id, DeliveryStatus::kQueued,
                                              attempts, error, now);
}

}  // namespace

OutboxSender::OutboxSender(storage::Database& db, const Clock& clock,
                           mail::MailTransport& transport, OutboxSettings settings)
    : db_(db), clock_(clock), transport_(transport), settings_(std::move(settings)) {}

OutboxSender::~OutboxSender() { Stop(); }

void OutboxSender::Start() {
  std::lock_guard<std::mutex> lock(mu_);
  if (thread_.joinable() || stopping_) return;
  thread_ = std::thread([this] { Run(); });
}

void OutboxSender::Notify() {
  std::lock_guard<std::mutex> lock(mu_);
  notified_ = true;
  wake_.notify_all();
}

void OutboxSender::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    wake_.notify_all();
  }
  if (thread_.joinable()) thread_.join();
}

absl::StatusOr<bool> OutboxSender::DeliverNext() {
  return db_.Write([&](Tx& tx) -> absl::StatusOr<bool> {
    ASSIGN_OR_RETURN(std::optional<OutboxEmail> email, OutboxRepository::LockNextDue(tx));
    if (!email.has_value()) return false;
    // The row stays locked while the transport works, so no other sender takes it.
    const absl::Status sent =
        transport_.Send({email->outbox_id, settings_.mail_from, email->recipients, email->message});
    RETURN_IF_ERROR(Record(tx, *email, sent, settings_, clock_.Now()));
    return true;
  });
}

void OutboxSender::Run() {
  for (;;) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      notified_ = false;
    }
    absl::StatusOr<bool> delivered = DeliverNext();
    if (!delivered.ok()) {
      std::cerr << "{\"event\":\"outbox_error\",\"status\":\""
                << absl::StatusCodeToString(delivered.status().code()) << "\"}" << std::endl;
    }
    if (delivered.ok() && *delivered) continue;  // More may be due.
    std::unique_lock<std::mutex> lock(mu_);
    wake_.wait_for(lock, absl::ToChronoNanoseconds(settings_.poll_interval),
                   [&] { return stopping_ || notified_; });
  }
}

}  // namespace supplynet
