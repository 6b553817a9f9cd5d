// AccountService over a real channel against a real PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "tests/support/accounts.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::Property;

class AccountHandlerTest : public SharedServerTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    accounts_ = server_->Accounts();
  }

  // A fresh NIT and username per call, so tests never collide.
  static std::string NextNit() { return std::to_string(900000000 + next_++); }
  static std::string NextUsername(const std::string& base) {
    return base + std::to_string(next_++);
  }

  static int next_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
};

int AccountHandlerTest::next_ = 1;

TEST_F(AccountHandlerTest, RegisterThenLoginThenWhoAmI) {
  const std::string username = NextUsername("Ana.Admin");
  v1::RegisterCompanyResponse registered;
  ASSERT_TRUE(
      accounts_->RegisterCompany(Ctx().get(), CompanyRequest("890321567", username), &registered)
          .ok());
  EXPECT_EQ(registered.company().tax_id().value(), "890321567");
  EXPECT_EQ(registered.company().tax_id().verification_digit(), "0");
  EXPECT_EQ(registered.company().tax_id().type(), v1::TAX_ID_TYPE_CO_NIT);
  EXPECT_EQ(registered.admin().role(), v1::ROLE_ADMIN);
  EXPECT_EQ(registered.admin().username(), absl::AsciiStrToLower(username));

  // Usernames are case-insensitive at login.
  const std::string token = LoginToken(*accounts_, absl::AsciiStrToUpper(username));
  ASSERT_FALSE(token.empty());
  v1::GetCurrentPrincipalResponse me;
  ASSERT_TRUE(accounts_->GetCurrentPrincipal(Ctx(token).get(), {}, &me).ok());
  EXPECT_EQ(me.company().company_id(), registered.company().company_id());
  EXPECT_EQ(me.user().user_id(), registered.admin().user_id());
}

TEST_F(AccountHandlerTest, WrongPasswordAndUnknownUserAreAlikeUnauthenticated) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("wrongpw"));
  v1::LoginRequest request;
  request.set_username(tenant.admin_username);
  request.set_password("not the password");
  v1::LoginResponse response;
  const grpc::Status wrong = accounts_->Login(Ctx().get(), request, &response);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(response.access_token().empty());

  request.set_username("nobody-here");
  const grpc::Status unknown = accounts_->Login(Ctx().get(), request, &response);
  EXPECT_EQ(unknown.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(unknown.error_message(), wrong.error_message());
}

TEST_F(AccountHandlerTest, LoginWithoutCredentialsIsInvalidArgument) {
  v1::LoginResponse response;
  const grpc::Status status = accounts_->Login(Ctx().get(), {}, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "username"));
  EXPECT_TRUE(HasViolation(status, "password"));
}

TEST_F(AccountHandlerTest, MissingGarbageAndForeignTokensAreUnauthenticated) {
  v1::ListUsersResponse response;
  for (const std::string& token :
       {std::string(), std::string("garbage"), std::string("sns_forged0000000000000000000000"),
        std::string("snk_forged0000000000000000000000"), std::string(5000, 'x')}) {
    EXPECT_EQ(accounts_->ListUsers(Ctx(token).get(), {}, &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED)
        << token.substr(0, 40);
  }
  grpc::ClientContext basic;
  basic.AddMetadata("authorization", "Basic dXNlcjpwYXNz");
  EXPECT_EQ(accounts_->ListUsers(&basic, {}, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccountHandlerTest, LogoutRevokesTheToken) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("logout"));
  v1::LogoutResponse out;
  ASSERT_TRUE(accounts_->Logout(Ctx(tenant.admin_token).get(), {}, &out).ok());
  v1::ListUsersResponse users;
  EXPECT_EQ(accounts_->ListUsers(Ctx(tenant.admin_token).get(), {}, &users).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(accounts_->Logout(Ctx(tenant.admin_token).get(), {}, &out).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(AccountHandlerTest, DuplicateCompanyIsAlreadyExistsAndWritesNothing) {
  const std::string nit = NextNit();
  RegisterTenant(*accounts_, nit, NextUsername("first"));
  // The same NIT, this time typed with its verification digit and dots.
  v1::RegisterCompanyRequest again = CompanyRequest(nit, NextUsername("second"));
  const std::string dv =
      db_->QueryValue("SELECT verification_digit FROM companies WHERE tax_id = '" + nit + "'");
  again.mutable_company()->mutable_tax_id()->set_value(nit.substr(0, 3) + "." + nit.substr(3) +
                                                       "-" + dv);
  v1::RegisterCompanyResponse response;
  const grpc::Status status = accounts_->RegisterCompany(Ctx().get(), again, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM users WHERE username = '" +
                            again.admin_username() + "'"),
            "0");
}

TEST_F(AccountHandlerTest, TakenUsernameIsAlreadyExistsAndLeavesNoCompanyBehind) {
  const std::string username = NextUsername("taken");
  RegisterTenant(*accounts_, NextNit(), username);
  const std::string nit = NextNit();
  v1::RegisterCompanyResponse response;
  EXPECT_EQ(accounts_->RegisterCompany(Ctx().get(), CompanyRequest(nit, username), &response)
                .error_code(),
            grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM companies WHERE tax_id = '" + nit + "'"), "0");
}

TEST_F(AccountHandlerTest, BadRegistrationListsEveryViolation) {
  v1::RegisterCompanyRequest request = CompanyRequest("890321567-9", "x");
  request.mutable_company()->set_legal_name("  ");
  request.set_admin_email("not-an-email");
  request.set_admin_password("short");
  v1::RegisterCompanyResponse response;
  const grpc::Status status = accounts_->RegisterCompany(Ctx().get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "company.tax_id"));
  EXPECT_TRUE(HasViolation(status, "company.legal_name"));
  EXPECT_TRUE(HasViolation(status, "admin_username"));
  EXPECT_TRUE(HasViolation(status, "admin_email"));
  EXPECT_TRUE(HasViolation(status, "admin_password"));
  EXPECT_EQ(BadRequestOf(status).size(), 5u);
}

TEST_F(AccountHandlerTest, MissingCountryIsAViolation) {
  v1::RegisterCompanyRequest request = CompanyRequest(NextNit(), NextUsername("nocountry"));
  request.mutable_company()->mutable_tax_id()->set_country(v1::COUNTRY_UNSPECIFIED);
  v1::RegisterCompanyResponse response;
  const grpc::Status status = accounts_->RegisterCompany(Ctx().get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "company.tax_id.country"));
}

struct TaxIdCase {
  v1::Country country;
  v1::TaxIdType type;
  std::string value;
  bool valid;
};

// Names the case in test output instead of dumping its bytes.
void PrintTo(const TaxIdCase& c, std::ostream* os) {
  *os << v1::Country_Name(c.country) << "/" << v1::TaxIdType_Name(c.type) << "/" << c.value;
}

class TaxIdRuleTest : public AccountHandlerTest, public ::testing::WithParamInterface<TaxIdCase> {};

TEST_P(TaxIdRuleTest, RegistrationAppliesTheCountryRule) {
  const TaxIdCase& c = GetParam();
  v1::RegisterCompanyRequest request = CompanyRequest("1", NextUsername("taxrule"));
  request.mutable_company()->mutable_tax_id()->set_country(c.country);
  request.mutable_company()->mutable_tax_id()->set_type(c.type);
  request.mutable_company()->mutable_tax_id()->set_value(c.value);
  v1::RegisterCompanyResponse response;
  const grpc::Status status = accounts_->RegisterCompany(Ctx().get(), request, &response);
  if (c.valid) {
    EXPECT_TRUE(status.ok()) << status.error_message();
  } else {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(HasViolation(status, "company.tax_id")) << status.error_message();
  }
}

INSTANTIATE_TEST_SUITE_P(
    Countries, TaxIdRuleTest,
    ::testing::Values(TaxIdCase{v1::COUNTRY_CO, v1::TAX_ID_TYPE_UNSPECIFIED, "800191045-1", true},
                      TaxIdCase{v1::COUNTRY_CO, v1::TAX_ID_TYPE_CO_NIT, "41261533-2", true},
                      TaxIdCase{v1::COUNTRY_CO, v1::TAX_ID_TYPE_UNSPECIFIED, "800191045-2", false},
                      TaxIdCase{v1::COUNTRY_CO, v1::TAX_ID_TYPE_UNSPECIFIED, "1234567", false},
                      TaxIdCase{v1::COUNTRY_CO, v1::TAX_ID_TYPE_PE_RUC, "890321567", false},
                      TaxIdCase{v1::COUNTRY_PE, v1::TAX_ID_TYPE_UNSPECIFIED, "20100047218", true},
                      TaxIdCase{v1::COUNTRY_PE, v1::TAX_ID_TYPE_PE_RUC, "10441348521", true},
                      TaxIdCase{v1::COUNTRY_PE, v1::TAX_ID_TYPE_UNSPECIFIED, "20100047219", false},
                      TaxIdCase{v1::COUNTRY_PE, v1::TAX_ID_TYPE_UNSPECIFIED, "30100047218", false},
                      TaxIdCase{v1::COUNTRY_CR, v1::TAX_ID_TYPE_CR_LEGAL, "3101012009", true},
                      TaxIdCase{v1::COUNTRY_CR, v1::TAX_ID_TYPE_CR_PHYSICAL, "112340567", true},
                      TaxIdCase{v1::COUNTRY_CR, v1::TAX_ID_TYPE_UNSPECIFIED, "3101012009", false},
                      TaxIdCase{v1::COUNTRY_CR, v1::TAX_ID_TYPE_CR_LEGAL, "9101012009", false},
                      TaxIdCase{v1::COUNTRY_CR, v1::TAX_ID_TYPE_CR_DIMEX, "155812345678", true},
                      TaxIdCase{v1::COUNTRY_CR, v1::TAX_ID_TYPE_CR_DIMEX, "255812345678", false}));

TEST_F(AccountHandlerTest, MembersReadButCannotChange) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("boss"));
  const std::string member = NextUsername("member");
  const std::string member_id = CreateUser(*accounts_, tenant.admin_token, member, v1::ROLE_MEMBER);
  const std::string token = LoginToken(*accounts_, member);

  v1::ListUsersResponse users;
  EXPECT_TRUE(accounts_->ListUsers(Ctx(token).get(), {}, &users).ok());
  EXPECT_EQ(users.users_size(), 2);

  v1::CreateUserRequest create;
  create.mutable_user()->set_username(NextUsername("sneaky"));
  create.mutable_user()->set_email("s@example.com");
  create.set_password(kPassword);
  v1::CreateUserResponse created;
  EXPECT_EQ(accounts_->CreateUser(Ctx(token).get(), create, &created).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::UpdateUserRequest update;
  update.mutable_user()->set_user_id(member_id);
  update.mutable_user()->set_role(v1::ROLE_ADMIN);
  update.mutable_update_mask()->add_paths("role");
  v1::UpdateUserResponse updated;
  EXPECT_EQ(accounts_->UpdateUser(Ctx(token).get(), update, &updated).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::DeleteUserRequest remove;
  remove.set_user_id(tenant.admin_user_id);
  v1::DeleteUserResponse removed;
  EXPECT_EQ(accounts_->DeleteUser(Ctx(token).get(), remove, &removed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  v1::CreateServiceAccountRequest sa;
  sa.mutable_service_account()->set_display_name("job");
  v1::CreateServiceAccountResponse sa_out;
  EXPECT_EQ(accounts_->CreateServiceAccount(Ctx(token).get(), sa, &sa_out).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(db_->QueryValue("SELECT role FROM users WHERE user_id = '" + member_id + "'"),
            "MEMBER");
}

TEST_F(AccountHandlerTest, AnotherCompanysUsersAreNotFound) {
  const Tenant a = RegisterTenant(*accounts_, NextNit(), NextUsername("alpha"));
  const Tenant b = RegisterTenant(*accounts_, NextNit(), NextUsername("beta"));

  v1::GetUserRequest get;
  get.set_user_id(a.admin_user_id);
  v1::GetUserResponse got;
  EXPECT_EQ(accounts_->GetUser(Ctx(b.admin_token).get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::UpdateUserRequest update;
  update.mutable_user()->set_user_id(a.admin_user_id);
  update.mutable_user()->set_email("hijack@example.com");
  update.mutable_update_mask()->add_paths("email");
  v1::UpdateUserResponse updated;
  EXPECT_EQ(accounts_->UpdateUser(Ctx(b.admin_token).get(), update, &updated).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::DeleteUserRequest remove;
  remove.set_user_id(a.admin_user_id);
  v1::DeleteUserResponse removed;
  EXPECT_EQ(accounts_->DeleteUser(Ctx(b.admin_token).get(), remove, &removed).error_code(),
            grpc::StatusCode::NOT_FOUND);

  v1::ListUsersResponse users;
  ASSERT_TRUE(accounts_->ListUsers(Ctx(b.admin_token).get(), {}, &users).ok());
  EXPECT_THAT(users.users(), Not(Contains(Property(&v1::User::user_id, a.admin_user_id))));
  EXPECT_EQ(db_->QueryValue("SELECT email FROM users WHERE user_id = '" + a.admin_user_id + "'"),
            a.admin_username + "@example.com");
}

TEST_F(AccountHandlerTest, UpdateUserGrantsAdminAndGuardsWithEtag) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("granter"));
  const std::string id =
      CreateUser(*accounts_, tenant.admin_token, NextUsername("grantee"), v1::ROLE_MEMBER);
  v1::GetUserRequest get;
  get.set_user_id(id);
  v1::GetUserResponse before;
  ASSERT_TRUE(accounts_->GetUser(Ctx(tenant.admin_token).get(), get, &before).ok());

  v1::UpdateUserRequest update;
  *update.mutable_user() = before.user();
  update.mutable_user()->set_role(v1::ROLE_ADMIN);
  update.mutable_update_mask()->add_paths("role");
  v1::UpdateUserResponse updated;
  ASSERT_TRUE(accounts_->UpdateUser(Ctx(tenant.admin_token).get(), update, &updated).ok());
  EXPECT_EQ(updated.user().role(), v1::ROLE_ADMIN);
  EXPECT_NE(updated.user().etag(), before.user().etag());

  // The same request again carries a stale etag now.
  update.mutable_user()->set_role(v1::ROLE_MEMBER);
  EXPECT_EQ(accounts_->UpdateUser(Ctx(tenant.admin_token).get(), update, &updated).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(db_->QueryValue("SELECT role FROM users WHERE user_id = '" + id + "'"), "ADMIN");
}

TEST_F(AccountHandlerTest, UpdateUserRejectsBadMasksAndValues) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("masker"));
  v1::UpdateUserRequest update;
  update.mutable_user()->set_user_id(tenant.admin_user_id);
  v1::UpdateUserResponse updated;
  grpc::Status status = accounts_->UpdateUser(Ctx(tenant.admin_token).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "update_mask"));

  update.mutable_update_mask()->add_paths("username");
  status = accounts_->UpdateUser(Ctx(tenant.admin_token).get(), update, &updated);
  EXPECT_TRUE(HasViolation(status, "update_mask"));

  update.mutable_update_mask()->Clear();
  update.mutable_update_mask()->add_paths("email");
  update.mutable_user()->set_email("bad email");
  update.mutable_user()->set_etag("not-an-etag");
  status = accounts_->UpdateUser(Ctx(tenant.admin_token).get(), update, &updated);
  EXPECT_TRUE(HasViolation(status, "user.email"));
  EXPECT_TRUE(HasViolation(status, "user.etag"));

  v1::GetUserRequest get;
  get.set_user_id("12345");
  v1::GetUserResponse got;
  status = accounts_->GetUser(Ctx(tenant.admin_token).get(), get, &got);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "user_id"));
}

TEST_F(AccountHandlerTest, TheLastAdministratorStays) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("lonely"));
  v1::UpdateUserRequest update;
  update.mutable_user()->set_user_id(tenant.admin_user_id);
  update.mutable_user()->set_role(v1::ROLE_MEMBER);
  update.mutable_update_mask()->add_paths("role");
  v1::UpdateUserResponse updated;
  EXPECT_EQ(accounts_->UpdateUser(Ctx(tenant.admin_token).get(), update, &updated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::DeleteUserRequest remove;
  remove.set_user_id(tenant.admin_user_id);
  v1::DeleteUserResponse removed;
  EXPECT_EQ(accounts_->DeleteUser(Ctx(tenant.admin_token).get(), remove, &removed).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  // With a second administrator the first may step down.
  CreateUser(*accounts_, tenant.admin_token, NextUsername("deputy"), v1::ROLE_ADMIN);
  EXPECT_TRUE(accounts_->UpdateUser(Ctx(tenant.admin_token).get(), update, &updated).ok());
}

TEST_F(AccountHandlerTest, DeletedUsersLoseTheirSessions) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("remover"));
  const std::string name = NextUsername("leaver");
  const std::string id = CreateUser(*accounts_, tenant.admin_token, name, v1::ROLE_MEMBER);
  const std::string token = LoginToken(*accounts_, name);
  v1::DeleteUserRequest remove;
  remove.set_user_id(id);
  v1::DeleteUserResponse removed;
  ASSERT_TRUE(accounts_->DeleteUser(Ctx(tenant.admin_token).get(), remove, &removed).ok());
  v1::ListUsersResponse users;
  EXPECT_EQ(accounts_->ListUsers(Ctx(token).get(), {}, &users).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  // Deleting again: it is gone.
  EXPECT_EQ(accounts_->DeleteUser(Ctx(tenant.admin_token).get(), remove, &removed).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(AccountHandlerTest, CreateUserValidatesAndRejectsTakenUsernames) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("creator"));
  v1::CreateUserRequest request;
  request.mutable_user()->set_username("a b");
  request.mutable_user()->set_email("nope");
  request.set_password("123");
  v1::CreateUserResponse response;
  grpc::Status status = accounts_->CreateUser(Ctx(tenant.admin_token).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "user.username"));
  EXPECT_TRUE(HasViolation(status, "user.email"));
  EXPECT_TRUE(HasViolation(status, "password"));

  request.mutable_user()->set_username(tenant.admin_username);
  request.mutable_user()->set_email("dup@example.com");
  request.set_password(kPassword);
  status = accounts_->CreateUser(Ctx(tenant.admin_token).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(AccountHandlerTest, ListUsersPagesWithOpaqueTokens) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("pager"));
  for (int i = 0; i < 4; ++i) {
    CreateUser(*accounts_, tenant.admin_token, NextUsername("paged"), v1::ROLE_MEMBER);
  }
  std::vector<std::string> seen;
  v1::ListUsersRequest request;
  request.set_page_size(2);
  int pages = 0;
  do {
    v1::ListUsersResponse page;
    ASSERT_TRUE(accounts_->ListUsers(Ctx(tenant.admin_token).get(), request, &page).ok());
    EXPECT_LE(page.users_size(), 2);
    for (const auto& u : page.users()) seen.push_back(u.username());
    request.set_page_token(page.next_page_token());
    ++pages;
  } while (!request.page_token().empty() && pages < 10);
  EXPECT_EQ(pages, 3);
  ASSERT_EQ(seen.size(), 5u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

  request.set_page_token("bogus!");
  v1::ListUsersResponse page;
  grpc::Status status = accounts_->ListUsers(Ctx(tenant.admin_token).get(), request, &page);
  EXPECT_TRUE(HasViolation(status, "page_token"));
  request.clear_page_token();
  request.set_page_size(-1);
  status = accounts_->ListUsers(Ctx(tenant.admin_token).get(), request, &page);
  EXPECT_TRUE(HasViolation(status, "page_size"));
}

TEST_F(AccountHandlerTest, ServiceAccountKeysWorkOnceShownAndStopWhenRevoked) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("batchowner"));
  v1::CreateServiceAccountRequest request;
  request.mutable_service_account()->set_display_name("nightly import");
  request.mutable_service_account()->set_role(v1::ROLE_ADMIN);
  v1::CreateServiceAccountResponse created;
  ASSERT_TRUE(
      accounts_->CreateServiceAccount(Ctx(tenant.admin_token).get(), request, &created).ok());
  const std::string key = created.key();
  ASSERT_FALSE(key.empty());

  v1::GetCurrentPrincipalResponse me;
  ASSERT_TRUE(accounts_->GetCurrentPrincipal(Ctx(key).get(), {}, &me).ok());
  EXPECT_EQ(me.service_account().service_account_id(),
            created.service_account().service_account_id());
  EXPECT_EQ(me.company().company_id(), tenant.company_id);
  // A service account has no session to end.
  v1::LogoutResponse out;
  EXPECT_EQ(accounts_->Logout(Ctx(key).get(), {}, &out).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  v1::ListServiceAccountsResponse listed;
  ASSERT_TRUE(accounts_->ListServiceAccounts(Ctx(tenant.admin_token).get(), {}, &listed).ok());
  ASSERT_EQ(listed.service_accounts_size(), 1);

  v1::DeleteServiceAccountRequest remove;
  remove.set_service_account_id(created.service_account().service_account_id());
  v1::DeleteServiceAccountResponse removed;
  ASSERT_TRUE(
      accounts_->DeleteServiceAccount(Ctx(tenant.admin_token).get(), remove, &removed).ok());
  EXPECT_EQ(accounts_->GetCurrentPrincipal(Ctx(key).get(), {}, &me).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  ASSERT_TRUE(accounts_->ListServiceAccounts(Ctx(tenant.admin_token).get(), {}, &listed).ok());
  EXPECT_THAT(listed.service_accounts(), IsEmpty());
}

TEST_F(AccountHandlerTest, ServiceAccountExpiryMustBeInTheFuture) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("expirer"));
  v1::CreateServiceAccountRequest request;
  request.mutable_service_account()->set_display_name("old");
  request.mutable_service_account()->mutable_expire_time()->set_seconds(1000);
  v1::CreateServiceAccountResponse created;
  const grpc::Status status =
      accounts_->CreateServiceAccount(Ctx(tenant.admin_token).get(), request, &created);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "service_account.expire_time"));
}

TEST_F(AccountHandlerTest, SecretsAreStoredOnlyAsHashes) {
  const Tenant tenant = RegisterTenant(*accounts_, NextNit(), NextUsername("secretive"));
  v1::CreateServiceAccountRequest request;
  request.mutable_service_account()->set_display_name("job");
  v1::CreateServiceAccountResponse created;
  ASSERT_TRUE(
      accounts_->CreateServiceAccount(Ctx(tenant.admin_token).get(), request, &created).ok());
  const std::string dump =
      db_->QueryValue("SELECT string_agg(t::text, '|') FROM (SELECT * FROM sessions) t") +
      db_->QueryValue("SELECT string_agg(t::text, '|') FROM (SELECT * FROM service_accounts) t") +
      db_->QueryValue("SELECT string_agg(t::text, '|') FROM (SELECT * FROM users) t");
  EXPECT_EQ(dump.find(tenant.admin_token), std::string::npos);
  EXPECT_EQ(dump.find(created.key()), std::string::npos);
  EXPECT_EQ(dump.find(kPassword), std::string::npos);
  EXPECT_EQ(db_->QueryValue("SELECT left(password_hash, 10) FROM users WHERE user_id = '" +
                            tenant.admin_user_id + "'"),
            "$argon2id$");
}

// Expiry needs a clock of its own, so it gets its own server.
TEST(AccountExpiryTest, SessionTokensExpire) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  FixedClock clock(absl::FromUnixSeconds(1800000000));
  server::ServerOptions options = TestServer::DefaultOptions();
  options.session_ttl = absl::Hours(1);
  TestServer server(*db, &clock, options);
  ASSERT_TRUE(server.ok());
  auto accounts = server.Accounts();
  const Tenant tenant = RegisterTenant(*accounts, "890321567", "expiring");
  v1::ListUsersResponse users;
  ASSERT_TRUE(accounts->ListUsers(Ctx(tenant.admin_token).get(), {}, &users).ok());
  clock.Advance(absl::Minutes(59));
  EXPECT_TRUE(accounts->ListUsers(Ctx(tenant.admin_token).get(), {}, &users).ok());
  clock.Advance(absl::Minutes(2));
  EXPECT_EQ(accounts->ListUsers(Ctx(tenant.admin_token).get(), {}, &users).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace supplynet::testing
