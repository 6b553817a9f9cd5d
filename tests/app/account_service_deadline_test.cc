// Work that waits for a password hash slot is dropped once its caller's deadline has passed,
// against a real PostgreSQL: the answer is DEADLINE_EXCEEDED and nothing is written or counted.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "app/account_service.h"
#include "domain/clock.h"
#include "tests/support/migrated_pool.h"
#include "tests/support/test_database.h"

namespace supplynet {
namespace {

constexpr char kPassword[] = "correct horse battery";

class AccountServiceDeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = testing::TestDatabase::Create();
    db_ = testing::MigratedPool(*test_db_, 2);
    AccountSettings settings;
    settings.password_cost = PasswordHasher::Cost::kMinimum;
    settings.login_throttle.per_username = {kPerUsername, absl::Minutes(15), absl::Minutes(15)};
    accounts_ = std::make_unique<AccountService>(*db_, clock_, settings);
    ASSERT_TRUE(accounts_->RegisterCompany(Registration("890321567", "ana")).ok());
  }

  static RegistrationRequest Registration(const std::string& nit, const std::string& admin) {
    return {{Country::kColombia, TaxIdType::kCoNit, nit},
            "Company " + nit,
            admin,
            admin + "@example.com",
            kPassword};
  }

  static constexpr int kPerUsername = 3;
  RealClock clock_;
  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<storage::Database> db_;
  std::unique_ptr<AccountService> accounts_;
};

// More attempts than the username's limit, each past its deadline: none checked a password, so
// none counts, and the right password still logs in.
TEST_F(AccountServiceDeadlineTest, ALoginPastItsDeadlineIsRefusedAndNotCounted) {
  for (int i = 0; i < kPerUsername + 2; ++i) {
    EXPECT_EQ(
        accounts_->Login("ana", "wrong password", "10.0.0.1", absl::InfinitePast()).status().code(),
        absl::StatusCode::kDeadlineExceeded);
  }
  EXPECT_EQ(test_db_->QueryValue("SELECT coalesce(sum(failures), 0) FROM login_throttles"), "0");
  EXPECT_TRUE(accounts_->Login("ana", kPassword, "10.0.0.1").ok());
}

TEST_F(AccountServiceDeadlineTest, ARegistrationOrANewUserPastItsDeadlineWritesNothing) {
  EXPECT_EQ(accounts_->RegisterCompany(Registration("900373115", "bea"), absl::InfinitePast())
                .status()
                .code(),
            absl::StatusCode::kDeadlineExceeded);
  absl::StatusOr<LoginResult> admin = accounts_->Login("ana", kPassword, "10.0.0.1");
  ASSERT_TRUE(admin.ok()) << admin.status();
  absl::StatusOr<Principal> caller = accounts_->Authenticate(admin->access_token);
  ASSERT_TRUE(caller.ok()) << caller.status();
  EXPECT_EQ(accounts_
                ->CreateUser(*caller, {"carla", "carla@example.com", Role::kMember, kPassword},
                             absl::InfinitePast())
                .status()
                .code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(test_db_->QueryValue("SELECT count(*) FROM companies"), "1");
  EXPECT_EQ(test_db_->QueryValue("SELECT string_agg(username, ',') FROM users"), "ana");
}

}  // namespace
}  // namespace supplynet
