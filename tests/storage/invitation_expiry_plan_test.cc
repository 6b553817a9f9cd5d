// The invitation expiry sweep costs what is due, not what the networks hold. It found each due
// invitation's entry by the entry's company and pending invitation alone, which no index
// covers: the planner read the company's whole network for every due invitation (606 due
// invitations of networks of 100 read 60,600 entries; a network of 1,000,000 entries would be
// read once per due invitation). The due invitations themselves were found by filtering every
// pending one.
#include <gtest/gtest.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "storage/invitation_repository.h"
#include "storage/row.h"
#include "tests/support/bulk_rows.h"
#include "tests/support/explain.h"
#include "tests/support/shared_database_test.h"
#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

constexpr int kCompanies = 20;
constexpr int kEntriesPerCompany = 2000;
// Every 20th entry has a pending invitation, every 200th a due one: 200 due in all.
constexpr int kDue = kCompanies * kEntriesPerCompany / 200;

class InvitationExpiryPlanTest : public testing::SharedDatabaseTest {
 protected:
  static void SetUpTestSuite() {
    OpenSharedDatabase();
    testing::InsertBulkCompanies(*test_db_, kCompanies);
    testing::InsertBulkNetworks(*test_db_, 1, kCompanies, kEntriesPerCompany);
    test_db_->Exec(
        "INSERT INTO invitations (client_company_id, supplier_id, emails, status, code_hash, "
        "delivery_status, latest_outbox_id, create_time, expire_time, update_time) "
        "SELECT client_company_id, supplier_id, '{p@example.com}', "
        "CASE WHEN tax_id::bigint % 20 = 0 THEN 'PENDING' ELSE 'ACCEPTED' END, "
        "md5(supplier_id::text), 'SENT', gen_random_uuid(), now(), "
        "CASE WHEN tax_id::bigint % 200 = 0 THEN now() - interval '1 hour' "
        "ELSE now() + interval '7 days' END, now() FROM suppliers");
    test_db_->Exec(
        "UPDATE suppliers s SET pending_invitation_id = i.invitation_id FROM invitations i "
        "WHERE i.client_company_id = s.client_company_id AND i.supplier_id = s.supplier_id "
        "AND i.status = 'PENDING'");
    test_db_->Exec("VACUUM ANALYZE");
  }
};

TEST_F(InvitationExpiryPlanTest, TheSweepReadsTheDueInvitationsAndTheirEntriesByKey) {
  const absl::Time now = absl::Now();
  absl::StatusOr<std::string> plan =
      db_->WriteAndRollBack([&](Tx& tx) -> absl::StatusOr<std::string> {
        absl::StatusOr<int64_t> expired = InvitationRepository::ExpireDue(tx, now, kDue + 10);
        if (!expired.ok()) return expired.status();
        EXPECT_EQ(*expired, kDue);
        return testing::Explain(
            tx, absl::StrCat("EXECUTE invitation_expire_due(", Micros(now), ", ", kDue + 10, ")"));
      });
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_NE(plan->find("using invitations_pending_expiry_idx on invitations i"), std::string::npos)
      << *plan;
  EXPECT_NE(plan->find("Index Scan using suppliers_pkey on suppliers s"), std::string::npos)
      << *plan;
  EXPECT_EQ(plan->find("suppliers_client_company_id_country_tax_id_key"), std::string::npos)
      << *plan;
}

}  // namespace
}  // namespace supplynet::storage
