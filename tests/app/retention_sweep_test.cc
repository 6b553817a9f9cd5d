#include "app/retention_sweep.h"

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "domain/clock.h"
#include "pqxx/pqxx"
#include "storage/idempotency_repository.h"
#include "tests/support/eventually.h"
#include "tests/support/migrated_pool.h"
#include "tests/support/test_database.h"

namespace supplynet {
namespace {

constexpr char kCompany[] = "00000000-0000-4000-8000-000000000001";
constexpr char kUser[] = "00000000-0000-4000-8000-0000000000a1";

class RetentionSweepTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = testing::TestDatabase::Create();
    db_ = testing::MigratedPool(*test_db_, 2);
    test_db_->Exec(
        absl::StrCat("INSERT INTO companies (company_id, country, tax_id_type, tax_id, legal_name, "
                     "create_time) VALUES ('",
                     kCompany, "', 'CO', 'CO_NIT', '900000001', 'A', now())"));
    test_db_->Exec(absl::StrCat(
        "INSERT INTO users (company_id, user_id, username, email, password_hash, role, "
        "create_time, update_time) VALUES ('",
        kCompany, "', '", kUser, "', 'ana', 'ana@example.com', 'x', 'ADMIN', now(), now())"));
  }

  // `offset` from the sweep's clock, as SQL.
  std::string At(absl::Duration offset) const {
    return absl::StrCat("sn_from_micros(", absl::ToUnixMicros(clock_.Now() + offset), ")");
  }
  void AddSession(const std::string& token_hash, absl::Duration expires_in, bool revoked = false) {
    test_db_->Exec(absl::StrCat(
        "INSERT INTO sessions (token_hash, company_id, user_id, create_time, expire_time, "
        "revoke_time) VALUES ('",
        token_hash, "', '", kCompany, "', '", kUser, "', ", At(-absl::Hours(12)), ", ",
        At(expires_in), ", ", revoked ? At(-absl::Minutes(1)) : "NULL", ")"));
  }
  // A login throttle row and an activation lockout row named `key`.
  void AddLockouts(const std::string& key, absl::Duration window_started,
                   const std::string& locked_until_sql = "NULL") {
    test_db_->Exec(absl::StrCat(
        "INSERT INTO login_throttles (key_hash, failures, window_start, locked_until) VALUES ('",
        key, "', 3, ", At(window_started), ", ", locked_until_sql, ")"));
    test_db_->Exec(absl::StrCat(
        "INSERT INTO activation_lockouts (company_id, client_country, client_tax_id, failures, "
        "window_start, locked_until) VALUES ('",
        kCompany, "', 'CO', '", key, "', 3, ", At(window_started), ", ", locked_until_sql, ")"));
  }
  // A request id of `operation` claimed `claimed` from the sweep's clock, with its response;
  // returns the id.
  std::string AddRequestId(const std::string& operation, absl::Duration claimed) {
    return test_db_->QueryValue(absl::StrCat(
        "INSERT INTO idempotency_keys (company_id, operation, request_id, response, create_time) "
        "VALUES ('",
        kCompany, "', '", operation, "', gen_random_uuid(), '\\x00', ", At(claimed),
        ") RETURNING request_id::text"));
  }
  std::string Left(const std::string& table, const std::string& column) const {
    return test_db_->QueryValue(absl::StrCat("SELECT coalesce(string_agg(", column,
                                             ", ',' ORDER BY ", column, "), '') FROM ", table));
  }
  // One sweep step while another transaction holds the rows of `table` where `condition`.
  void SweepWhileHolding(const std::string& table, const std::string& condition) {
    pqxx::connection connection(test_db_->url());
    pqxx::work holder(connection);
    holder.exec(absl::StrCat("SELECT 1 FROM ", table, " WHERE ", condition, " FOR UPDATE"));
    ASSERT_TRUE(Sweep().DeleteStale().ok());
  }
  RetentionSweep Sweep(int batch = 1000) {
    RetentionSettings settings;
    settings.login_window = absl::Minutes(15);
    settings.activation_window = absl::Minutes(20);
    settings.request_id_retention = absl::Hours(48);
    settings.batch = batch;
    return RetentionSweep(*db_, clock_, settings);
  }

  FixedClock clock_{absl::FromUnixSeconds(1'800'000'000)};
  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(RetentionSweepTest, ExpiredSessionsGoAndLiveOnesStay) {
  AddSession("expired", -absl::Seconds(1));
  AddSession("expires_now", absl::ZeroDuration());  // Refused from this instant on.
  AddSession("live", absl::Hours(1));
  AddSession("revoked_live", absl::Hours(1), /*revoked=*/true);
  RetentionSweep sweep = Sweep();
  absl::StatusOr<bool> more = sweep.DeleteStale();
  ASSERT_TRUE(more.ok()) << more.status();
  EXPECT_FALSE(*more);
  EXPECT_EQ(Left("sessions", "token_hash"), "live,revoked_live");
}

TEST_F(RetentionSweepTest, LockoutRowsGoOnceTheirWindowHasPassedAndNoLockHoldsThem) {
  AddLockouts("a_window_passed", -absl::Minutes(21));
  AddLockouts("b_lock_ended", -absl::Hours(1), At(-absl::Seconds(1)));
  AddLockouts("c_still_locked", -absl::Hours(1), At(absl::Minutes(1)));
  AddLockouts("d_window_open", -absl::Minutes(14));
  // Past the login window (15 minutes), not past the activation window (20).
  AddLockouts("e_between_windows", -absl::Minutes(17));
  RetentionSweep sweep = Sweep();
  ASSERT_TRUE(sweep.DeleteStale().ok());
  EXPECT_EQ(Left("login_throttles", "key_hash"), "c_still_locked,d_window_open");
  EXPECT_EQ(Left("activation_lockouts", "client_tax_id"),
            "c_still_locked,d_window_open,e_between_windows");
}

TEST_F(RetentionSweepTest, RequestIdsGoOnceTheirRetentionHasPassed) {
  AddRequestId("a_past_retention", -absl::Hours(49));
  AddRequestId("b_at_retention", -absl::Hours(48));
  AddRequestId("c_within_retention", -absl::Hours(47));
  AddRequestId("d_just_now", absl::ZeroDuration());
  RetentionSweep sweep = Sweep();
  absl::StatusOr<bool> more = sweep.DeleteStale();
  ASSERT_TRUE(more.ok()) << more.status();
  EXPECT_FALSE(*more);
  EXPECT_EQ(Left("idempotency_keys", "operation"), "c_within_retention,d_just_now");
}

TEST_F(RetentionSweepTest, ARetentionShorterThanThePromised24HoursIsTakenAs24Hours) {
  AddRequestId("a_day_and_a_second", -absl::Hours(24) - absl::Seconds(1));
  AddRequestId("b_two_hours", -absl::Hours(2));
  RetentionSettings settings;
  settings.request_id_retention = absl::Hours(1);
  RetentionSweep sweep(*db_, clock_, settings);
  ASSERT_TRUE(sweep.DeleteStale().ok());
  EXPECT_EQ(Left("idempotency_keys", "operation"), "b_two_hours");
}

// A call claims its request id at its start and commits it at its end: the sweep never takes a
// claim that is still running, whatever its age.
TEST_F(RetentionSweepTest, ARequestIdHeldByARunningCallStays) {
  AddRequestId("held", -absl::Hours(72));
  AddRequestId("free", -absl::Hours(72));
  SweepWhileHolding("idempotency_keys", "operation = 'held'");
  EXPECT_EQ(Left("idempotency_keys", "operation"), "held");
}

// A retry's claim finds its key taken, then reads the key's response in a second statement; if
// the sweep deleted the key in between, the retry claims it anew instead of failing. A trigger
// after each claim statement stands in for the sweep: it deletes the committed key.
TEST_F(RetentionSweepTest, AKeyDeletedBetweenTheClaimsTwoStatementsIsClaimedAnew) {
  const std::string operation = "SupplierNetworkService/AddSupplier";
  const storage::IdempotencyKey key{kCompany, operation, AddRequestId(operation, -absl::Hours(200)),
                                    ""};
  const auto claim = [&] {
    return db_->Write([&](storage::Tx& tx) {
      return storage::IdempotencyRepository::Claim(tx, key, clock_.Now());
    });
  };
  absl::StatusOr<std::optional<storage::StoredResponse>> replayed = claim();
  ASSERT_TRUE(replayed.ok()) << replayed.status();
  ASSERT_TRUE(replayed->has_value()) << "the key is there: its response is replayed";

  test_db_->Exec(
      "CREATE FUNCTION sweep_meanwhile() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
      "DELETE FROM idempotency_keys WHERE response IS NOT NULL; RETURN NULL; END $$");
  test_db_->Exec(
      "CREATE TRIGGER sweep_meanwhile AFTER INSERT ON idempotency_keys "
      "FOR EACH STATEMENT EXECUTE FUNCTION sweep_meanwhile()");
  absl::StatusOr<std::optional<storage::StoredResponse>> claimed = claim();
  ASSERT_TRUE(claimed.ok()) << claimed.status();
  EXPECT_FALSE(claimed->has_value()) << "claimed anew";
  EXPECT_EQ(test_db_->QueryValue("SELECT count(*) FROM idempotency_keys WHERE response IS NULL"),
            "1");
}

TEST_F(RetentionSweepTest, AFullBatchAsksForAnotherStepUntilNothingIsLeft) {
  for (int i = 0; i < 5; ++i) AddSession(absl::StrCat("expired_", i), -absl::Minutes(i + 1));
  AddSession("live", absl::Hours(1));
  RetentionSweep sweep = Sweep(/*batch=*/2);
  EXPECT_EQ(sweep.DeleteStale().value_or(false), true);
  EXPECT_EQ(Left("sessions", "token_hash"), "expired_0,expired_1,expired_2,live")
      << "the oldest go first";
  EXPECT_EQ(sweep.DeleteStale().value_or(false), true);
  EXPECT_EQ(sweep.DeleteStale().value_or(true), false);
  EXPECT_EQ(Left("sessions", "token_hash"), "live");
}

// A login holds its keys' rows for its whole transaction; the sweep neither waits for them nor
// takes them away, and deletes them at a later step.
TEST_F(RetentionSweepTest, RowsHeldByAnotherTransactionAreLeftForALaterStep) {
  AddLockouts("held", -absl::Hours(1));
  AddLockouts("free", -absl::Hours(1));
  SweepWhileHolding("login_throttles", "key_hash = 'held'");
  EXPECT_EQ(Left("login_throttles", "key_hash"), "held");
  RetentionSweep sweep = Sweep();
  ASSERT_TRUE(sweep.DeleteStale().ok());
  EXPECT_EQ(Left("login_throttles", "key_hash"), "");
}

// The sweep's own thread: started, it deletes without being asked.
TEST_F(RetentionSweepTest, TheStartedSweepDeletesOnItsOwn) {
  AddSession("expired", -absl::Seconds(1));
  RetentionSettings settings;
  settings.interval = absl::Milliseconds(20);
  RetentionSweep sweep(*db_, clock_, settings);
  sweep.Start();
  EXPECT_TRUE(testing::Eventually([&] { return Left("sessions", "token_hash").empty(); }));
  sweep.Stop();
}

}  // namespace
}  // namespace supplynet
