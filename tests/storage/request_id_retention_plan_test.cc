// The retention sweep's step over request ids costs what is past retention, not what is kept:
// the keys are found oldest first through their claim time's index, never by reading the
// recent ones (a busy company claims a key per retried mutation, for a week).
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/idempotency_repository.h"
#include "storage/row.h"
#include "tests/support/bulk_rows.h"
#include "tests/support/explain.h"
#include "tests/support/shared_database_test.h"
#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

constexpr int kCompanies = 10;
constexpr int kRecentPerCompany = 5000;
constexpr int kOld = 100;

class RequestIdRetentionPlanTest : public testing::SharedDatabaseTest {
 protected:
  static void SetUpTestSuite() {
    OpenSharedDatabase();
    testing::InsertBulkCompanies(*test_db_, kCompanies);
    // Recent keys, claimed over the last day, and kOld claimed ten days ago.
    test_db_->Exec(absl::StrCat(
        "INSERT INTO idempotency_keys (company_id, operation, request_id, response, create_time) "
        "SELECT company_id, 'SupplierNetworkService/AddSupplier', gen_random_uuid(), '\\x00', "
        "now() - (k % 86400) * interval '1 second' FROM companies, generate_series(1, ",
        kRecentPerCompany, ") k"));
    test_db_->Exec(absl::StrCat(
        "INSERT INTO idempotency_keys (company_id, operation, request_id, response, create_time) "
        "SELECT company_id, 'SupplierNetworkService/AddSupplier', gen_random_uuid(), '\\x00', "
        "now() - interval '10 days' FROM companies, generate_series(1, ",
        kOld / kCompanies, ")"));
    test_db_->Exec("VACUUM ANALYZE idempotency_keys");
  }
};

TEST_F(RequestIdRetentionPlanTest, TheSweepReadsTheKeysPastRetentionByTheirClaimTime) {
  const absl::Time cutoff = absl::Now() - absl::Hours(7 * 24);
  absl::StatusOr<std::string> plan =
      db_->WriteAndRollBack([&](Tx& tx) -> absl::StatusOr<std::string> {
        absl::StatusOr<int64_t> deleted =
            IdempotencyRepository::DeleteClaimedBefore(tx, cutoff, 1000);
        if (!deleted.ok()) return deleted.status();
        EXPECT_EQ(*deleted, kOld);
        return testing::Explain(tx, absl::StrCat("EXECUTE idempotency_delete_claimed_before(",
                                                 Micros(cutoff), ", 1000)"));
      });
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_NE(plan->find("using idempotency_keys_create_idx on idempotency_keys"), std::string::npos)
      << *plan;
  EXPECT_EQ(plan->find("Seq Scan"), std::string::npos) << *plan;
}

}  // namespace
}  // namespace supplynet::storage
