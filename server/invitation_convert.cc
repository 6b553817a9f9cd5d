#include "server/invitation_convert.h"

#include <string>
#include <utility>
#include <vector>

#include "domain/status_macros.h"
#include "server/enum_table.h"
#include "server/message_codec.h"
#include "server/proto_convert.h"
#include "server/status_mapping.h"

namespace supplynet::server {
namespace {

constexpr std::pair<InvitationStatus, v1::InvitationStatus> kStatuses[] = {
    {InvitationStatus::kPending, v1::INVITATION_STATUS_PENDING},
    {InvitationStatus::kAccepted, v1::INVITATION_STATUS_ACCEPTED},
    {InvitationStatus::kExpired, v1::INVITATION_STATUS_EXPIRED},
    {InvitationStatus::kRevoked, v1::INVITATION_STATUS_REVOKED},
};

constexpr std::pair<DeliveryStatus, v1::DeliveryStatus> kDeliveries[] = {
    {DeliveryStatus::kQueued, v1::DELIVERY_STATUS_QUEUED},
    {DeliveryStatus::kSent, v1::DELIVERY_STATUS_SENT},
    {DeliveryStatus::kFailed, v1::DELIVERY_STATUS_FAILED},
};

DeliveryStatus DeliveryFromProto(v1::DeliveryStatus status) {
  return DomainOf(kDeliveries, status).value_or(DeliveryStatus::kQueued);
}

absl::StatusOr<std::optional<absl::Time>> OptionalFromProto(bool present,
                                                            const google::protobuf::Timestamp& t,
                                                            std::string_view field) {
  if (!present) return std::optional<absl::Time>();
  ASSIGN_OR_RETURN(absl::Time time, FromProto(t, field));
  return std::optional<absl::Time>(time);
}

absl::StatusOr<InviteOutcome> InviteOutcomeFromProto(const v1::InviteSupplierResponse& in) {
  ASSIGN_OR_RETURN(Invitation invitation, InvitationFromProto(in.invitation()));
  return InviteOutcome{std::move(invitation), in.reused()};
}

absl::StatusOr<std::vector<BatchInviteResult>> BatchResultsFromProto(
    const v1::InviteSuppliersResponse& in) {
  std::vector<BatchInviteResult> results;
  for (const v1::InviteSupplierResult& stored : in.results()) {
    // The stored status keeps its code and message (its details are not replayed).
    BatchInviteResult result{stored.supplier_id(),
                             absl::Status(static_cast<absl::StatusCode>(stored.status().code()),
                                          stored.status().message()),
                             std::nullopt};
    if (result.status.ok()) {
      ASSIGN_OR_RETURN(Invitation invitation, InvitationFromProto(stored.invitation()));
      result.outcome = InviteOutcome{std::move(invitation), stored.reused()};
    }
    results.push_back(std::move(result));
  }
  return results;
}

absl::StatusOr<Invitation> ResentFromProto(const v1::ResendInvitationResponse& in) {
  return InvitationFromProto(in.invitation());
}

}  // namespace

std::optional<InvitationStatus> FromProto(v1::InvitationStatus status) {
  return DomainOf(kStatuses, status);
}

v1::InvitationStatus ToProto(InvitationStatus status) {
  return ProtoOf(kStatuses, status, v1::INVITATION_STATUS_UNSPECIFIED);
}

v1::DeliveryStatus ToProto(DeliveryStatus status) {
  return ProtoOf(kDeliveries, status, v1::DELIVERY_STATUS_UNSPECIFIED);
}

void ToProto(const Invitation& i, v1::Invitation* out) {
  out->set_invitation_id(i.invitation_id);
  out->set_supplier_id(i.supplier_id);
  for (const std::string& email : i.emails) out->add_emails(email);
  out->set_status(ToProto(i.status));
  out->set_delivery_status(ToProto(i.delivery_status));
  out->set_delivery_attempts(i.delivery_attempts);
  out->set_last_delivery_error(i.last_delivery_error);
  out->set_send_count(i.send_count);
  ToProto(i.create_time, out->mutable_create_time());
  // Unset times stay absent: a mutable_*() call alone would mark them present (as 1970).
  if (i.send_time.has_value()) ToProto(*i.send_time, out->mutable_send_time());
  ToProto(i.expire_time, out->mutable_expire_time());
  if (i.accept_time.has_value()) ToProto(*i.accept_time, out->mutable_accept_time());
  if (i.revoke_time.has_value()) ToProto(*i.revoke_time, out->mutable_revoke_time());
  ToProto(i.update_time, out->mutable_update_time());
}

absl::StatusOr<Invitation> InvitationFromProto(const v1::Invitation& in) {
  Invitation i;
  i.invitation_id = in.invitation_id();
  i.supplier_id = in.supplier_id();
  i.emails.assign(in.emails().begin(), in.emails().end());
  i.status = FromProto(in.status()).value_or(InvitationStatus::kPending);
  i.delivery_status = DeliveryFromProto(in.delivery_status());
  i.delivery_attempts = in.delivery_attempts();
  i.last_delivery_error = in.last_delivery_error();
  i.send_count = in.send_count();
  ASSIGN_OR_RETURN(i.create_time, FromProto(in.create_time(), "invitation.create_time"));
  ASSIGN_OR_RETURN(i.send_time,
                   OptionalFromProto(in.has_send_time(), in.send_time(), "invitation.send_time"));
  ASSIGN_OR_RETURN(i.expire_time, FromProto(in.expire_time(), "invitation.expire_time"));
  ASSIGN_OR_RETURN(i.accept_time, OptionalFromProto(in.has_accept_time(), in.accept_time(),
                                                    "invitation.accept_time"));
  ASSIGN_OR_RETURN(i.revoke_time, OptionalFromProto(in.has_revoke_time(), in.revoke_time(),
                                                    "invitation.revoke_time"));
  ASSIGN_OR_RETURN(i.update_time, FromProto(in.update_time(), "invitation.update_time"));
  return i;
}

void ToProto(const BatchInviteResult& result, v1::InviteSupplierResult* out) {
  out->set_supplier_id(result.supplier_id);
  ToRpcStatus(result.status, out->mutable_status());
  if (result.outcome.has_value()) {
    ToProto(result.outcome->invitation, out->mutable_invitation());
    out->set_reused(result.outcome->reused);
  }
}

void ToProto(const InviteOutcome& outcome, v1::InviteSupplierResponse* out) {
  ToProto(outcome.invitation, out->mutable_invitation());
  out->set_reused(outcome.reused);
}

void ToProto(const std::vector<BatchInviteResult>& results, v1::InviteSuppliersResponse* out) {
  for (const BatchInviteResult& result : results) ToProto(result, out->add_results());
}

void ToProto(const Invitation& resent, v1::ResendInvitationResponse* out) {
  ToProto(resent, out->mutable_invitation());
}

InvitationCodecs InvitationReplayCodecs() {
  InvitationCodecs codecs;
  codecs.invite = MakeMessageCodec<InviteOutcome, v1::InviteSupplierResponse>(
      &ToProto, &InviteOutcomeFromProto, "invitation result");
  codecs.invite_batch =
      MakeMessageCodec<std::vector<BatchInviteResult>, v1::InviteSuppliersResponse>(
          &ToProto, &BatchResultsFromProto, "invitation result");
  codecs.resend = MakeMessageCodec<Invitation, v1::ResendInvitationResponse>(
      &ToProto, &ResentFromProto, "invitation result");
  return codecs;
}

}  // namespace supplynet::server
