// Invitations of suppliers into a client's network (see domain.md, "Invitations and activation
// codes"). Pure rules: lifecycle, address lists, the activation lockout. No gRPC, no SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/lockout.h"

namespace supplynet {

// PENDING -> ACCEPTED | EXPIRED | REVOKED. A PENDING invitation whose expire_time has passed
// is reported EXPIRED (Invitation::StatusAt) before anything stores it so.
enum class InvitationStatus { kPending, kAccepted, kExpired, kRevoked };
// Of the latest email: QUEUED -> SENT | FAILED.
enum class DeliveryStatus { kQueued, kSent, kFailed };

std::string_view InvitationStatusName(InvitationStatus status);  // "PENDING", ... as stored.
std::optional<InvitationStatus> InvitationStatusFromName(std::string_view name);
std::string_view DeliveryStatusName(DeliveryStatus status);  // "QUEUED", "SENT", "FAILED".
std::optional<DeliveryStatus> DeliveryStatusFromName(std::string_view name);

inline constexpr size_t kMaxInvitationEmails = 10;

struct Invitation {
  std::string invitation_id;
  std::string client_company_id;
  std::string supplier_id;
  std::vector<std::string> emails;
  InvitationStatus status = InvitationStatus::kPending;  // As stored; see StatusAt.
  DeliveryStatus delivery_status = DeliveryStatus::kQueued;
  int delivery_attempts = 0;
  std::string last_delivery_error;
  int send_count = 0;
  absl::Time create_time;
  std::optional<absl::Time> send_time;
  absl::Time expire_time;
  std::optional<absl::Time> accept_time;
  std::optional<absl::Time> revoke_time;
  absl::Time update_time;

  // The status as of `now`: a PENDING invitation past its expire_time is EXPIRED.
  InvitationStatus StatusAt(absl::Time now) const;
};

// Addresses of an invitation: trimmed, each a valid address, deduplicated case-insensitively
// (first spelling kept), at most kMaxInvitationEmails. Violations name `field`[i] or `field`.
// An empty list stays empty (the caller decides what that means).
absl::StatusOr<std::vector<std::string>> NormaliseInvitationEmails(
    const std::vector<std::string>& emails, std::string_view field);

// Delay before delivery attempt number `attempts` + 1, after `attempts` failed ones (>= 1):
// `initial` doubled per failure, at most `max`.
absl::Duration RetryDelay(int attempts, absl::Duration initial, absl::Duration max);

}  // namespace supplynet
