// The account use cases: registration, login, sessions, users and service accounts. Plain C++
// over storage; callers pass the already-authenticated principal, and every query is scoped
// to the principal's company.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/login_throttle.h"
#include "app/principal_cache.h"
#include "domain/account.h"
#include "domain/clock.h"
#include "domain/paging.h"
#include "domain/secrets.h"
#include "storage/database.h"

namespace supplynet {

struct AccountSettings {
  absl::Duration session_ttl = absl::Hours(12);
  PasswordHasher::Cost password_cost = PasswordHasher::Cost::kInteractive;
  LoginThrottlePolicy login_throttle;
  // Password hashes and checks run at once (each takes 64 MiB at kInteractive); the others
  // wait. 0: one per core, since a hash keeps a core busy anyway.
  int password_hash_concurrency = 0;
};

struct RegistrationRequest {
  TaxIdInput tax_id;
  std::string legal_name;
  std::string admin_username;
  std::string admin_email;
  std::string admin_password;
};

struct Registration {
  Company company;
  User admin;
};

struct LoginResult {
  std::string access_token;  // Returned once; only its hash is stored.
  absl::Time expire_time;
  User user;
  Company company;
};

struct NewUser {
  std::string username;
  std::string email;
  Role role = Role::kMember;
  std::string password;
};

struct UserUpdate {
  std::string user_id;
  std::optional<Role> role;
  std::optional<std::string> email;
  std::string etag;  // Empty skips the concurrency check.
};

struct NewServiceAccount {
  std::string display_name;
  Role role = Role::kMember;
  std::optional<absl::Time> expire_time;
};

struct CreatedServiceAccount {
  ServiceAccount account;
  std::string key;  // Returned once; only its hash is stored.
};

// The etag of a user: its version, opaque to clients.
std::string UserEtag(const User& user);

class AccountService {
 public:
  // With a `cache`, Authenticate serves recently seen tokens from it (see PrincipalCache).
  AccountService(storage::Database& db, const Clock& clock, AccountSettings settings,
                 PrincipalCache* cache = nullptr);

  // Register, Login and CreateUser hash or check a password, which waits for one of a bounded
  // number of slots (PasswordHasher): when the caller's `deadline` (real time) passes first,
  // they answer DEADLINE_EXCEEDED and change nothing, so a burst beyond what the cores hash
  // does not go on hashing for callers who have left.
  absl::StatusOr<Registration> RegisterCompany(const RegistrationRequest& request,
                                               absl::Time deadline = absl::InfiniteFuture());
  // UNAUTHENTICATED for an unknown username or a wrong password alike; RESOURCE_EXHAUSTED
  // with a retry delay while the username or `source_address` (the caller's IP, may be empty)
  // is locked after repeated failures (LoginThrottle). An attempt that ran out of time was
  // not a guess: it is not counted.
  absl::StatusOr<LoginResult> Login(std::string_view username, std::string_view password,
                                    std::string_view source_address,
                                    absl::Time deadline = absl::InfiniteFuture());
  absl::Status Logout(const Principal& caller);
  // The principal behind a bearer token; UNAUTHENTICATED when it is unknown, expired or revoked.
  absl::StatusOr<Principal> Authenticate(std::string_view token);

  absl::StatusOr<Company> GetCompany(const Principal& caller);
  absl::StatusOr<ServiceAccount> GetServiceAccount(const Principal& caller);

  absl::StatusOr<User> CreateUser(const Principal& caller, const NewUser& user,
                                  absl::Time deadline = absl::InfiniteFuture());
  absl::StatusOr<User> GetUser(const Principal& caller, std::string_view user_id);
  absl::StatusOr<Page<User>> ListUsers(const Principal& caller, int page_size,
                                       std::string_view page_token);
  absl::StatusOr<User> UpdateUser(const Principal& caller, const UserUpdate& update);
  absl::Status DeleteUser(const Principal& caller, std::string_view user_id);

  absl::StatusOr<CreatedServiceAccount> CreateServiceAccount(const Principal& caller,
                                                             const NewServiceAccount& account);
  absl::StatusOr<Page<ServiceAccount>> ListServiceAccounts(const Principal& caller, int page_size,
                                                           std::string_view page_token);
  absl::Status DeleteServiceAccount(const Principal& caller, std::string_view service_account_id);

 private:
  absl::StatusOr<Principal> FindPrincipal(bool session, const std::string& token_hash,
                                          absl::Time now);
  // This replica forgets the company's cached principals at once after a successful change to
  // its credentials; other replicas do on the database's notification.
  template <typename Result>
  Result AfterCredentialChange(const Principal& caller, Result result);

  storage::Database& db_;
  const Clock& clock_;
  const AccountSettings settings_;
  const PasswordHasher hasher_;
  PrincipalCache* const cache_;
  LoginThrottle throttle_;
  // Verified against on unknown usernames so that a login takes as long either way.
  std::string decoy_hash_;
};

}  // namespace supplynet
