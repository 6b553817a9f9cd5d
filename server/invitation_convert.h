// Conversions between supplynet.v1 invitation messages and the domain, for the
// InvitationService handler and the replay codecs of its retry-safe calls.
#pragma once

#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "app/invitation_service.h"
#include "domain/invitation.h"
#include "supplynet/v1/invitation.pb.h"

namespace supplynet::server {

std::optional<InvitationStatus> FromProto(v1::InvitationStatus status);
v1::InvitationStatus ToProto(InvitationStatus status);
v1::DeliveryStatus ToProto(DeliveryStatus status);

void ToProto(const Invitation& invitation, v1::Invitation* out);
absl::StatusOr<Invitation> InvitationFromProto(const v1::Invitation& in);
void ToProto(const BatchInviteResult& result, v1::InviteSupplierResult* out);
// The responses of the retry-safe calls.
void ToProto(const InviteOutcome& outcome, v1::InviteSupplierResponse* out);
void ToProto(const std::vector<BatchInviteResult>& results, v1::InviteSuppliersResponse* out);
void ToProto(const Invitation& resent, v1::ResendInvitationResponse* out);

// Results stored by a first call, as the bytes of the RPC's response message.
InvitationCodecs InvitationReplayCodecs();

}  // namespace supplynet::server
