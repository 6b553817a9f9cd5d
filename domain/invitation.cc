#include "domain/invitation.h"

#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "domain/account_rules.h"
#include "domain/field_violation.h"

namespace supplynet {
namespace {

constexpr std::pair<InvitationStatus, std::string_view> kStatusNames[] = {
    {InvitationStatus::kPending, "PENDING"},
    {InvitationStatus::kAccepted, "ACCEPTED"},
    {InvitationStatus::kExpired, "EXPIRED"},
    {InvitationStatus::kRevoked, "REVOKED"},
};

constexpr std::pair<DeliveryStatus, std::string_view> kDeliveryNames[] = {
    {DeliveryStatus::kQueued, "QUEUED"},
    {DeliveryStatus::kSent, "SENT"},
    {DeliveryStatus::kFailed, "FAILED"},
};

template <typename Enum, size_t N>
std::string_view NameOf(const std::pair<Enum, std::string_view> (&names)[N], Enum value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "";
}

template <typename Enum, size_t N>
std::optional<Enum> ValueOf(const std::pair<Enum, std::string_view> (&names)[N],
                            std::string_view name) {
  for (const auto& [v, n] : names) {
    if (n == name) return v;
  }
  return std::nullopt;
}

}  // namespace

std::string_view InvitationStatusName(InvitationStatus status) {
  return NameOf(kStatusNames, status);
}
std::optional<InvitationStatus> InvitationStatusFromName(std::string_view name) {
  return ValueOf(kStatusNames, name);
}
std::string_view DeliveryStatusName(DeliveryStatus status) {
  return NameOf(kDeliveryNames, status);
}
std::optional<DeliveryStatus> DeliveryStatusFromName(std::string_view name) {
  return ValueOf(kDeliveryNames, name);
}

InvitationStatus Invitation::StatusAt(absl::Time now) const {
  if (status == InvitationStatus::kPending && now >= expire_time) {
    return InvitationStatus::kExpired;
  }
  return status;
}

absl::StatusOr<std::vector<std::string>> NormaliseInvitationEmails(
    const std::vector<std::string>& emails, std::string_view field) {
  FieldViolations violations;
  if (emails.size() > kMaxInvitationEmails) {
    violations.Add(std::string(field),
                   absl::StrCat("has more than ", kMaxInvitationEmails, " addresses"));
  }
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (size_t i = 0; i < emails.size(); ++i) {
    const std::string email(absl::StripAsciiWhitespace(emails[i]));
    const absl::Status valid = CheckEmail(email, absl::StrCat(AsAbsl(field), "[", i, "]"));
    violations.Merge(valid);
    if (valid.ok() && seen.insert(absl::AsciiStrToLower(email)).second) out.push_back(email);
  }
  if (!violations.empty()) return violations.ToStatus();
  return out;
}

absl::Duration RetryDelay(int attempts, absl::Duration initial, absl::Duration max) {
  absl::Duration delay = initial;
  for (int i = 1; i < attempts && delay < max; ++i) delay *= 2;
  return delay < max ? delay : max;
}

}  // namespace supplynet
