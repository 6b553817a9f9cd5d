// Login throttling over a real channel against a real PostgreSQL, on a server of its own
// (its own limits and clock).
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "domain/clock.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

constexpr int kPerUsername = 3;
constexpr int kPerAddress = 7;

class LoginThrottleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    ASSERT_NE(db_, nullptr);
    server::ServerOptions options = TestServer::DefaultOptions();
    options.login_throttle.per_username = {kPerUsername, absl::Minutes(15), absl::Minutes(15)};
    options.login_throttle.per_address = {kPerAddress, absl::Minutes(15), absl::Minutes(15)};
    options.trusted_proxies = TrustedProxyList();
    server_ = std::make_unique<TestServer>(*db_, &clock_, options);
    ASSERT_TRUE(server_->ok());
    accounts_ = server_->Accounts();
  }
  // The proxies whose x-forwarded-for the server believes: none here.
  virtual std::vector<std::string> TrustedProxyList() const { return {}; }

  // A login; `forwarded_for`, when set, goes as x-forwarded-for, as the REST gateway sends it.
  grpc::Status Login(const std::string& username, const std::string& password,
                     const std::string& forwarded_for = "") {
    v1::LoginRequest request;
    request.set_username(username);
    request.set_password(password);
    v1::LoginResponse response;
    std::unique_ptr<grpc::ClientContext> context = Ctx();
    if (!forwarded_for.empty()) context->AddMetadata("x-forwarded-for", forwarded_for);
    return accounts_->Login(context.get(), request, &response);
  }

  // Fails `n` logins of `username`, each answered UNAUTHENTICATED.
  void FailLogins(const std::string& username, int n, const std::string& forwarded_for = "") {
    for (int i = 0; i < n; ++i) {
      ASSERT_EQ(Login(username, "wrong password", forwarded_for).error_code(),
                grpc::StatusCode::UNAUTHENTICATED)
          << username << " attempt " << i + 1;
    }
  }

  // The google.rpc.RetryInfo delay of a status, in seconds (-1 without one).
  static int64_t RetrySeconds(const grpc::Status& status) {
    google::rpc::Status details;
    if (!details.ParseFromString(status.error_details())) return -1;
    for (const auto& any : details.details()) {
      google::rpc::RetryInfo retry;
      if (any.UnpackTo(&retry)) return retry.retry_delay().seconds();
    }
    return -1;
  }

  FixedClock clock_{absl::FromUnixSeconds(1800000000)};
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TestServer> server_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
};

TEST_F(LoginThrottleTest, RepeatedFailuresLockTheUsernameEvenForTheRightPassword) {
  const Tenant tenant = RegisterTenant(*accounts_, "890321567", "throttled");
  FailLogins(tenant.admin_username, kPerUsername);
  const grpc::Status locked = Login(tenant.admin_username, kPassword);
  EXPECT_EQ(locked.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(RetrySeconds(locked), 15 * 60);
  // Locked attempts are not counted: the lock ends when it said it would.
  clock_.Advance(absl::Minutes(15));
  EXPECT_TRUE(Login(tenant.admin_username, kPassword).ok());
}

TEST_F(LoginThrottleTest, UnknownUsernamesGetTheSameAnswers) {
  const Tenant tenant = RegisterTenant(*accounts_, "890321567", "known-one");
  FailLogins(tenant.admin_username, kPerUsername);
  FailLogins("nobody-like-this", kPerUsername);
  const grpc::Status known = Login(tenant.admin_username, "wrong password");
  const grpc::Status unknown = Login("nobody-like-this", "wrong password");
  EXPECT_EQ(known.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(unknown.error_code(), known.error_code());
  EXPECT_EQ(RetrySeconds(unknown), RetrySeconds(known));
  // The message carries the lock's end, the same for both.
  EXPECT_EQ(unknown.error_message(), known.error_message());
}

TEST_F(LoginThrottleTest, ASuccessForgetsTheUsernamesFailures) {
  const Tenant tenant = RegisterTenant(*accounts_, "890321567", "forgiven");
  FailLogins(tenant.admin_username, kPerUsername - 1);
  ASSERT_TRUE(Login(tenant.admin_username, kPassword).ok());
  FailLogins(tenant.admin_username, kPerUsername - 1);
  EXPECT_TRUE(Login(tenant.admin_username, kPassword).ok());
}

TEST_F(LoginThrottleTest, ManyUsernamesFromOneAddressLockTheAddress) {
  const Tenant tenant = RegisterTenant(*accounts_, "890321567", "bystander");
  // Spraying one password over many usernames: each stays under its own limit.
  for (int i = 0; i < kPerAddress; ++i) FailLogins("spray" + std::to_string(i), 1);
  const grpc::Status locked = Login(tenant.admin_username, kPassword);
  EXPECT_EQ(locked.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_GT(RetrySeconds(locked), 0);
  clock_.Advance(absl::Minutes(16));
  EXPECT_TRUE(Login(tenant.admin_username, kPassword).ok());
}

// Without trusted proxies, a caller cannot spread its guesses over made-up source addresses.
TEST_F(LoginThrottleTest, AnUntrustedCallerCannotChooseItsAddress) {
  const Tenant tenant = RegisterTenant(*accounts_, "890321567", "bystander");
  for (int i = 0; i < kPerAddress; ++i) {
    FailLogins("spray" + std::to_string(i), 1, "198.51.100." + std::to_string(i));
  }
  EXPECT_EQ(Login(tenant.admin_username, kPassword, "198.51.100.200").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
}

// Behind the REST gateway every login comes from the gateway's address: trusted, the gateway's
// x-forwarded-for names each client, and one client's failures lock out only that client.
class TrustedProxyLoginThrottleTest : public LoginThrottleTest {
 protected:
  std::vector<std::string> TrustedProxyList() const override { return {"127.0.0.1", "::1"}; }
};

TEST_F(TrustedProxyLoginThrottleTest, EachForwardedAddressHasItsOwnLimit) {
  const Tenant tenant = RegisterTenant(*accounts_, "890321567", "bystander");
  for (int i = 0; i < kPerAddress; ++i) FailLogins("spray" + std::to_string(i), 1, "198.51.100.7");
  EXPECT_EQ(Login(tenant.admin_username, kPassword, "198.51.100.7").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  // What the attacker's own client put first in the header changes nothing.
  EXPECT_EQ(Login(tenant.admin_username, kPassword, "203.0.113.1, 198.51.100.7").error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_TRUE(Login(tenant.admin_username, kPassword, "198.51.100.8").ok());
}

TEST_F(LoginThrottleTest, StoresNeitherUsernamesNorAddresses) {
  FailLogins("someone-typed-a-password-here", 1);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM login_throttles"), "2");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM login_throttles WHERE key_hash LIKE "
                            "'%someone%' OR key_hash LIKE '%127.0.0.1%'"),
            "0");
}

TEST_F(LoginThrottleTest, ConcurrentGuessesCannotPassTheLimit) {
  const Tenant tenant = RegisterTenant(*accounts_, "890321567", "raced");
  std::vector<std::thread> threads;
  threads.reserve(8);
  std::atomic<int> unauthenticated{0}, exhausted{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      const grpc::StatusCode code = Login(tenant.admin_username, "wrong password").error_code();
      (code == grpc::StatusCode::UNAUTHENTICATED ? unauthenticated : exhausted)++;
    });
  }
  for (std::thread& thread : threads) thread.join();
  // Only kPerUsername guesses were checked against the password; the rest were refused.
  EXPECT_EQ(unauthenticated.load(), kPerUsername);
  EXPECT_EQ(exhausted.load(), 8 - kPerUsername);
}

}  // namespace
}  // namespace supplynet::testing
