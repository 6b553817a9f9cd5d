// supplynet::client::Client against the real server on a real channel.
#include "supplynet/client/client.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "tests/support/accounts.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::Contains;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Property;

class ClientTest : public SharedServerTest {
 protected:
  void SetUp() override { ASSERT_TRUE(server_ != nullptr && server_->ok()); }

  static client::ClientOptions Options(client::Credentials credentials = {}) {
    client::ClientOptions options;
    options.target = server_->address();
    options.credentials = std::move(credentials);
    options.default_deadline = std::chrono::seconds(30);
    return options;
  }

  // A client logged in as the administrator of a new company.
  static std::unique_ptr<client::Client> AdminClient(const std::string& username) {
    auto client = std::make_unique<client::Client>(Options());
    EXPECT_TRUE(client->RegisterCompany(CompanyRequest(NextNit(), username)).ok());
    EXPECT_TRUE(client->Login(username, kPassword).ok());
    return client;
  }

  static std::string NextNit() { return std::to_string(910000000 + next_++); }

  static int next_;
};

int ClientTest::next_ = 1;

TEST_F(ClientTest, LoginKeepsTheTokenForLaterCallsAndLogoutDropsIt) {
  client::Client client(Options());
  auto registered = client.RegisterCompany(CompanyRequest(NextNit(), "keeper"));
  ASSERT_TRUE(registered.ok()) << registered.status();
  EXPECT_EQ(client.GetCurrentPrincipal().status().code(), absl::StatusCode::kUnauthenticated);

  auto login = client.Login("keeper", kPassword);
  ASSERT_TRUE(login.ok()) << login.status();
  EXPECT_EQ(client.token(), login->access_token());
  auto me = client.GetCurrentPrincipal();
  ASSERT_TRUE(me.ok()) << me.status();
  EXPECT_EQ(me->company().company_id(), registered->company().company_id());
  EXPECT_EQ(me->user().username(), "keeper");

  ASSERT_TRUE(client.Logout().ok());
  EXPECT_EQ(client.token(), "");
  // The old token is revoked on the server, not only forgotten here.
  client::Client stale(Options(client::Credentials::BearerToken(login->access_token())));
  EXPECT_EQ(stale.GetCurrentPrincipal().status().code(), absl::StatusCode::kUnauthenticated);
}

TEST_F(ClientTest, FieldViolationsAreReadable) {
  client::Client client(Options());
  v1::RegisterCompanyRequest request = CompanyRequest(NextNit(), "violations");
  request.set_admin_email("not-an-email");
  request.set_admin_password("short");
  auto registered = client.RegisterCompany(request);
  ASSERT_EQ(registered.status().code(), absl::StatusCode::kInvalidArgument);

  const std::vector<client::FieldViolation> violations =
      client::FieldViolations(registered.status());
  EXPECT_THAT(violations, Contains(Field(&client::FieldViolation::field, "admin_email")));
  EXPECT_THAT(violations, Contains(Field(&client::FieldViolation::field, "admin_password")));
  EXPECT_EQ(violations.size(), 2u);
  const std::string described = client::Describe(registered.status());
  EXPECT_THAT(described, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(described, HasSubstr("\n  admin_email: "));
  // The server's message only lists the violations, so it is not printed a second time.
  EXPECT_EQ(described.find("admin_email: "), described.rfind("admin_email: ")) << described;

  EXPECT_TRUE(client::FieldViolations(absl::NotFoundError("no details")).empty());
}

TEST_F(ClientTest, ForEachUserWalksEveryPage) {
  auto admin = AdminClient("pager");
  std::set<std::string> created = {"pager"};
  for (int i = 0; i < 4; ++i) {
    v1::User user;
    user.set_username("pager-member" + std::to_string(i));
    user.set_email(user.username() + "@example.com");
    ASSERT_TRUE(admin->CreateUser(user, kPassword).ok());
    created.insert(user.username());
  }
  // Page size 2 really splits the five users over several pages...
  v1::ListUsersRequest first_page;
  first_page.set_page_size(2);
  auto page = admin->ListUsers(first_page);
  ASSERT_TRUE(page.ok()) << page.status();
  EXPECT_EQ(page->users_size(), 2);
  EXPECT_FALSE(page->next_page_token().empty());

  // ...and the helper follows the tokens to the end, in the server's order.
  std::vector<std::string> seen;
  ASSERT_TRUE(
      admin->ForEachUser([&](const v1::User& user) { seen.push_back(user.username()); }, 2).ok());
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()), created);
  EXPECT_EQ(seen.size(), created.size());
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));

  auto all = admin->ListAllUsers();
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), created.size());
}

TEST_F(ClientTest, UserLifecycle) {
  auto admin = AdminClient("lifecycle");
  v1::User user;
  user.set_username("lifecycle-member");
  user.set_email("member@example.com");
  auto created = admin->CreateUser(user, kPassword);
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(created->role(), v1::ROLE_MEMBER);

  auto read = admin->GetUser(created->user_id());
  ASSERT_TRUE(read.ok());
  v1::User change = *read;
  change.set_role(v1::ROLE_ADMIN);
  auto updated = admin->UpdateUser(change, {"role"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->role(), v1::ROLE_ADMIN);
  // The etag read before the change is stale now.
  change.set_email("other@example.com");
  EXPECT_EQ(admin->UpdateUser(change, {"email"}).status().code(), absl::StatusCode::kAborted);

  ASSERT_TRUE(admin->DeleteUser(created->user_id()).ok());
  EXPECT_EQ(admin->GetUser(created->user_id()).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(admin->DeleteUser(created->user_id()).code(), absl::StatusCode::kNotFound);
}

TEST_F(ClientTest, ServiceAccountKeysAuthenticateUntilDeleted) {
  auto admin = AdminClient("robots");
  v1::ServiceAccount account;
  account.set_display_name("nightly import");
  auto created = admin->CreateServiceAccount(account);
  ASSERT_TRUE(created.ok()) << created.status();
  ASSERT_FALSE(created->key().empty());

  client::Client robot(Options(client::Credentials::ServiceAccountKey(created->key())));
  auto me = robot.GetCurrentPrincipal();
  ASSERT_TRUE(me.ok()) << me.status();
  EXPECT_EQ(me->service_account().display_name(), "nightly import");
  EXPECT_FALSE(me->has_user());

  auto accounts = admin->ListAllServiceAccounts();
  ASSERT_TRUE(accounts.ok());
  EXPECT_THAT(*accounts, Contains(Property(&v1::ServiceAccount::service_account_id,
                                           created->service_account().service_account_id())));

  ASSERT_TRUE(admin->DeleteServiceAccount(created->service_account().service_account_id()).ok());
  EXPECT_EQ(robot.GetCurrentPrincipal().status().code(), absl::StatusCode::kUnauthenticated);
  accounts = admin->ListAllServiceAccounts();
  ASSERT_TRUE(accounts.ok());
  EXPECT_THAT(*accounts, Not(Contains(Property(&v1::ServiceAccount::service_account_id,
                                               created->service_account().service_account_id()))));
}

TEST_F(ClientTest, TheChannelCarriesTheRetryPolicy) {
  client::Client client(Options());
  ASSERT_TRUE(client.RegisterCompany(CompanyRequest(NextNit(), "retrypolicy")).ok());
  const std::string config = client.channel()->GetServiceConfigJSON();
  EXPECT_THAT(config, HasSubstr("retryPolicy"));
  EXPECT_THAT(config, HasSubstr("\"ListUsers\""));
  EXPECT_THAT(config, Not(HasSubstr("\"CreateUser\"")));
}

}  // namespace
}  // namespace supplynet::testing
