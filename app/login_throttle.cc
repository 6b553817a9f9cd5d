#include "app/login_throttle.h"

#include <optional>

#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "domain/field_violation.h"
#include "domain/secrets.h"
#include "domain/status_macros.h"
#include "storage/login_throttle_repository.h"

namespace supplynet {
namespace {

using storage::LoginThrottleRepository;
using storage::Tx;

absl::Status Throttled(absl::Time now, absl::Time until) {
  return WithRetryDelay(absl::ResourceExhaustedError(absl::StrCat(
                            "too many failed logins; try again after ",
                            absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", until, absl::UTCTimeZone()))),
                        until - now);
}

}  // namespace

LoginThrottle::LoginThrottle(storage::Database& db, const Clock& clock, LoginThrottlePolicy policy)
    : db_(db), clock_(clock), policy_(policy) {}

absl::StatusOr<LoginAttemptKeys> LoginThrottle::Admit(std::string_view normalised_username,
                                                      std::string_view source_address) {
  LoginAttemptKeys keys;
  keys.username_key = HashToken(absl::StrCat("user:", AsAbsl(normalised_username)));
  if (!source_address.empty()) {
    keys.address_key = HashToken(absl::StrCat("address:", AsAbsl(source_address)));
  }
  const absl::Time now = clock_.Now();
  ASSIGN_OR_RETURN(std::optional<absl::Time> locked_until,
                   db_.Write([&](Tx& tx) -> absl::StatusOr<std::optional<absl::Time>> {
                     // The username row first, the address row last: two attempts never
                     // wait for each other in opposite orders.
                     ASSIGN_OR_RETURN(LockoutState user,
                                      LoginThrottleRepository::Lock(tx, keys.username_key, now));
                     std::optional<LockoutState> address;
                     if (!keys.address_key.empty()) {
                       ASSIGN_OR_RETURN(address,
                                        LoginThrottleRepository::Lock(tx, keys.address_key, now));
                     }
                     if (user.LockedAt(now)) return user.locked_until;
                     if (address.has_value() && address->LockedAt(now)) {
                       return address->locked_until;
                     }
                     RETURN_IF_ERROR(LoginThrottleRepository::Save(
                         tx, keys.username_key, user.AfterFailure(now, policy_.per_username)));
                     if (address.has_value()) {
                       RETURN_IF_ERROR(LoginThrottleRepository::Save(
                           tx, keys.address_key, address->AfterFailure(now, policy_.per_address)));
                     }
                     return std::optional<absl::Time>();
                   }));
  if (locked_until.has_value()) return Throttled(now, *locked_until);
  return keys;
}

absl::Status LoginThrottle::Forgive(Tx& tx, const LoginAttemptKeys& keys) {
  RETURN_IF_ERROR(LoginThrottleRepository::Clear(tx, keys.username_key));
  if (keys.address_key.empty()) return absl::OkStatus();
  return LoginThrottleRepository::ForgiveOne(tx, keys.address_key);
}

}  // namespace supplynet
