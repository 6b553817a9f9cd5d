#include "app/account_service.h"

#include <algorithm>
#include <memory>
#include <thread>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "domain/account_rules.h"
#include "domain/etag.h"
#include "domain/field_violation.h"
#include "domain/ids.h"
#include "domain/paging.h"
#include "domain/status_macros.h"
#include "storage/company_repository.h"
#include "storage/credential_repository.h"
#include "storage/user_repository.h"

namespace supplynet {
namespace {

using storage::CompanyRepository;
using storage::CredentialRepository;
using storage::Tx;
using storage::UserRepository;

constexpr char kSessionPrefix[] = "sns_";
constexpr char kServiceKeyPrefix[] = "snk_";
constexpr size_t kMaxTokenLength = 256;

absl::Status Unauthenticated() {
  return absl::UnauthenticatedError("missing, invalid or expired credentials");
}

absl::Status CheckRegistration(const RegistrationRequest& r) {
  FieldViolations violations;
  violations.Merge(ParseTaxIdInput(r.tax_id, "company.tax_id").status());
  violations.Merge(CheckName(r.legal_name, "company.legal_name"));
  violations.Merge(CheckUsername(r.admin_username, "admin_username"));
  violations.Merge(CheckEmail(r.admin_email, "admin_email"));
  violations.Merge(CheckPassword(r.admin_password, "admin_password"));
  return violations.ToStatus();
}

int HashSlots(int configured) {
  if (configured > 0) return configured;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace

std::string UserEtag(const User& user) { return EtagOf(user.version); }

AccountService::AccountService(storage::Database& db, const Clock& clock, AccountSettings settings,
                               PrincipalCache* cache)
    : db_(db),
      clock_(clock),
      settings_(settings),
      hasher_(settings.password_cost,
              std::make_shared<ConcurrencyLimit>(HashSlots(settings.password_hash_concurrency))),
      cache_(cache),
      throttle_(db, clock, settings.login_throttle) {
  decoy_hash_ = hasher_.Hash("decoy password that never matches").value_or("");
}

absl::StatusOr<Registration> AccountService::RegisterCompany(const RegistrationRequest& request,
                                                             absl::Time deadline) {
  RETURN_IF_ERROR(CheckRegistration(request));
  ASSIGN_OR_RETURN(TaxId tax_id, ParseTaxIdInput(request.tax_id, "company.tax_id"));
  ASSIGN_OR_RETURN(std::string password_hash, hasher_.Hash(request.admin_password, deadline));
  const absl::Time now = clock_.Now();
  return db_.Write([&](Tx& tx) -> absl::StatusOr<Registration> {
    Company company{"", tax_id, std::string(request.legal_name), now};
    ASSIGN_OR_RETURN(company, CompanyRepository::Insert(tx, company));
    User admin;
    admin.company_id = company.company_id;
    admin.username = NormaliseUsername(request.admin_username);
    admin.email = request.admin_email;
    admin.role = Role::kAdmin;
    admin.create_time = now;
    ASSIGN_OR_RETURN(admin, UserRepository::Insert(tx, admin, password_hash));
    return Registration{std::move(company), std::move(admin)};
  });
}

absl::StatusOr<LoginResult> AccountService::Login(std::string_view username,
                                                  std::string_view password,
                                                  std::string_view source_address,
                                                  absl::Time deadline) {
  FieldViolations violations;
  if (username.empty()) violations.Add("username", "is required");
  if (password.empty()) violations.Add("password", "is required");
  RETURN_IF_ERROR(violations.ToStatus());
  if (username.size() > 64 || password.size() > 128) return Unauthenticated();
  const std::string normalised = NormaliseUsername(username);
  ASSIGN_OR_RETURN(LoginAttemptKeys attempt, throttle_.Admit(normalised, source_address));

  absl::StatusOr<storage::UserWithPasswordHash> found =
      db_.ReadStatement([&](Tx& tx) { return UserRepository::FindByUsername(tx, normalised); });
  if (!found.ok() && !absl::IsNotFound(found.status())) return found.status();
  const bool known = found.ok();
  // Verify against a decoy when the user is unknown so both failures cost the same time.
  const absl::StatusOr<bool> verified =
      hasher_.Verify(known ? found->password_hash : decoy_hash_, password, deadline);
  if (absl::IsDeadlineExceeded(verified.status())) {
    RETURN_IF_ERROR(db_.Write([&](Tx& tx) { return LoginThrottle::Forgive(tx, attempt); }));
    return verified.status();
  }
  if (!verified.ok()) return verified.status();
  if (!known || !*verified) return Unauthenticated();

  LoginResult result;
  result.user = std::move(found->user);
  result.access_token = NewSecretToken(kSessionPrefix);
  const absl::Time now = clock_.Now();
  result.expire_time = now + settings_.session_ttl;
  absl::StatusOr<Company> company = db_.Write([&](Tx& tx) -> absl::StatusOr<Company> {
    RETURN_IF_ERROR(CredentialRepository::InsertSession(tx, HashToken(result.access_token),
                                                        result.user.company_id, result.user.user_id,
                                                        now, result.expire_time));
    RETURN_IF_ERROR(LoginThrottle::Forgive(tx, attempt));
    return CompanyRepository::FindById(tx, result.user.company_id);
  });
  if (!company.ok()) return company.status();
  result.company = std::move(*company);
  return result;
}

absl::Status AccountService::Logout(const Principal& caller) {
  if (caller.session_token_hash.empty()) {
    return absl::FailedPreconditionError("a service-account key cannot log out; revoke it");
  }
  return AfterCredentialChange(caller, db_.Write([&](Tx& tx) {
    return CredentialRepository::RevokeSession(tx, caller.session_token_hash, clock_.Now());
  }));
}

absl::StatusOr<Principal> AccountService::Authenticate(std::string_view token) {
  if (token.empty() || token.size() > kMaxTokenLength) return Unauthenticated();
  const bool session = absl::StartsWith(AsAbsl(token), kSessionPrefix);
  if (!session && !absl::StartsWith(AsAbsl(token), kServiceKeyPrefix)) return Unauthenticated();
  const std::string hash = HashToken(token);
  const absl::Time now = clock_.Now();
  if (cache_ != nullptr) {
    if (std::optional<Principal> cached = cache_->Find(hash, now)) return *std::move(cached);
  }
  const uint64_t generation = cache_ != nullptr ? cache_->generation() : 0;
  absl::StatusOr<Principal> principal = FindPrincipal(session, hash, now);
  if (absl::IsNotFound(principal.status())) return Unauthenticated();
  if (principal.ok() && cache_ != nullptr) cache_->Store(hash, *principal, generation, now);
  return principal;
}

absl::StatusOr<Principal> AccountService::FindPrincipal(bool session, const std::string& token_hash,
                                                        absl::Time now) {
  return db_.ReadStatement([&](Tx& tx) {
    return session ? CredentialRepository::FindSession(tx, token_hash, now)
                   : CredentialRepository::FindServiceAccountKey(tx, token_hash, now);
  });
}

template <typename Result>
Result AccountService::AfterCredentialChange(const Principal& caller, Result result) {
  if (cache_ != nullptr && result.ok()) cache_->InvalidateCompany(caller.company_id);
  return result;
}

absl::StatusOr<Company> AccountService::GetCompany(const Principal& caller) {
  return db_.ReadStatement(
      [&](Tx& tx) { return CompanyRepository::FindById(tx, caller.company_id); });
}

absl::StatusOr<ServiceAccount> AccountService::GetServiceAccount(const Principal& caller) {
  return db_.ReadStatement([&](Tx& tx) {
    return CredentialRepository::FindServiceAccount(tx, caller.company_id,
                                                    caller.service_account_id);
  });
}

absl::StatusOr<User> AccountService::CreateUser(const Principal& caller, const NewUser& user,
                                                absl::Time deadline) {
  FieldViolations violations;
  violations.Merge(CheckUsername(user.username, "user.username"));
  violations.Merge(CheckEmail(user.email, "user.email"));
  violations.Merge(CheckPassword(user.password, "password"));
  RETURN_IF_ERROR(violations.ToStatus());
  ASSIGN_OR_RETURN(std::string password_hash, hasher_.Hash(user.password, deadline));
  User stored;
  stored.company_id = caller.company_id;
  stored.username = NormaliseUsername(user.username);
  stored.email = user.email;
  stored.role = user.role;
  stored.create_time = clock_.Now();
  return db_.Write([&](Tx& tx) { return UserRepository::Insert(tx, stored, password_hash); });
}

absl::StatusOr<User> AccountService::GetUser(const Principal& caller, std::string_view user_id) {
  RETURN_IF_ERROR(CheckId(user_id, "user_id"));
  return db_.ReadStatement([&](Tx& tx) {
    return UserRepository::FindById(tx, caller.company_id, std::string(user_id));
  });
}

absl::StatusOr<Page<User>> AccountService::ListUsers(const Principal& caller, int page_size,
                                                     std::string_view page_token) {
  FieldViolations violations;
  absl::StatusOr<int> size = NormalisePageSize(page_size);
  const PageScope scope{"users", caller.company_id};
  absl::StatusOr<std::vector<std::string>> after = DecodePageToken(scope, page_token, 1);
  violations.Merge(size.status());
  violations.Merge(after.status());
  RETURN_IF_ERROR(violations.ToStatus());
  const std::string after_username = after->empty() ? "" : (*after)[0];
  // One extra row tells whether another page follows.
  ASSIGN_OR_RETURN(std::vector<User> users, db_.ReadStatement([&](Tx& tx) {
    return UserRepository::List(tx, caller.company_id, after_username, *size + 1);
  }));
  Page<User> page;
  if (static_cast<int>(users.size()) > *size) {
    users.resize(*size);
    page.next_page_token = EncodePageToken(scope, {users.back().username});
  }
  page.items = std::move(users);
  return page;
}

absl::StatusOr<User> AccountService::UpdateUser(const Principal& caller, const UserUpdate& update) {
  FieldViolations violations;
  violations.Merge(CheckId(update.user_id, "user.user_id"));
  if (update.email.has_value()) violations.Merge(CheckEmail(*update.email, "user.email"));
  absl::StatusOr<std::optional<int64_t>> version = ParseEtag(update.etag, "user.etag");
  violations.Merge(version.status());
  if (!update.role.has_value() && !update.email.has_value()) {
    violations.Add("update_mask", "names no updatable field (role, email)");
  }
  RETURN_IF_ERROR(violations.ToStatus());
  storage::UserChange change{update.role, update.email, *version, clock_.Now()};
  return AfterCredentialChange(caller, db_.Write([&](Tx& tx) -> absl::StatusOr<User> {
    ASSIGN_OR_RETURN(User current, UserRepository::FindById(tx, caller.company_id, update.user_id));
    if (current.role == Role::kAdmin && update.role == Role::kMember) {
      ASSIGN_OR_RETURN(int admins, UserRepository::LockAndCountAdmins(tx, caller.company_id));
      if (admins <= 1) {
        return absl::FailedPreconditionError("a company keeps at least one administrator");
      }
    }
    return UserRepository::Update(tx, caller.company_id, update.user_id, change);
  }));
}

absl::Status AccountService::DeleteUser(const Principal& caller, std::string_view user_id) {
  RETURN_IF_ERROR(CheckId(user_id, "user_id"));
  const std::string id(user_id);
  return AfterCredentialChange(caller, db_.Write([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(User current, UserRepository::FindById(tx, caller.company_id, id));
    if (current.role == Role::kAdmin) {
      ASSIGN_OR_RETURN(int admins, UserRepository::LockAndCountAdmins(tx, caller.company_id));
      if (admins <= 1) {
        return absl::FailedPreconditionError("the last administrator cannot be removed");
      }
    }
    // Sessions go with the user (ON DELETE CASCADE).
    return UserRepository::Delete(tx, caller.company_id, id);
  }));
}

absl::StatusOr<CreatedServiceAccount> AccountService::CreateServiceAccount(
    const Principal& caller, const NewServiceAccount& account) {
  FieldViolations violations;
  violations.Merge(CheckName(account.display_name, "service_account.display_name"));
  const absl::Time now = clock_.Now();
  if (account.expire_time.has_value() && *account.expire_time <= now) {
    violations.Add("service_account.expire_time", "must be in the future");
  }
  RETURN_IF_ERROR(violations.ToStatus());
  CreatedServiceAccount created;
  created.key = NewSecretToken(kServiceKeyPrefix);
  ServiceAccount stored{"",  caller.company_id,  account.display_name, account.role,
                        now, account.expire_time};
  ASSIGN_OR_RETURN(created.account, db_.Write([&](Tx& tx) {
    return CredentialRepository::InsertServiceAccount(tx, stored, HashToken(created.key));
  }));
  return created;
}

absl::StatusOr<Page<ServiceAccount>> AccountService::ListServiceAccounts(
    const Principal& caller, int page_size, std::string_view page_token) {
  FieldViolations violations;
  absl::StatusOr<int> size = NormalisePageSize(page_size);
  const PageScope scope{"service_accounts", caller.company_id};
  absl::StatusOr<std::vector<std::string>> after = DecodePageToken(scope, page_token, 2);
  violations.Merge(size.status());
  violations.Merge(after.status());
  std::optional<int64_t> after_micros;
  if (after.ok() && !after->empty()) {
    int64_t micros = 0;
    if (!absl::SimpleAtoi((*after)[0], &micros) || !IsUuid((*after)[1])) {
      violations.Add("page_token", "is not a page token of this list");
    }
    after_micros = micros;
  }
  RETURN_IF_ERROR(violations.ToStatus());
  const std::string after_id = after->empty() ? "" : (*after)[1];
  ASSIGN_OR_RETURN(std::vector<ServiceAccount> accounts, db_.ReadStatement([&](Tx& tx) {
    return CredentialRepository::ListServiceAccounts(tx, caller.company_id, after_micros, after_id,
                                                     *size + 1);
  }));
  Page<ServiceAccount> page;
  if (static_cast<int>(accounts.size()) > *size) {
    accounts.resize(*size);
    const ServiceAccount& last = accounts.back();
    page.next_page_token = EncodePageToken(
        scope, {absl::StrCat(absl::ToUnixMicros(last.create_time)), last.service_account_id});
  }
  page.items = std::move(accounts);
  return page;
}

absl::Status AccountService::DeleteServiceAccount(const Principal& caller,
                                                  std::string_view service_account_id) {
  RETURN_IF_ERROR(CheckId(service_account_id, "service_account_id"));
  return AfterCredentialChange(caller, db_.Write([&](Tx& tx) {
    return CredentialRepository::RevokeServiceAccount(
        tx, caller.company_id, std::string(service_account_id), clock_.Now());
  }));
}

}  // namespace supplynet
