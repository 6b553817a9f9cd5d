// ListUsers reads one page, whatever the company's size: a keyset page by username reads the
// next page_size entries of an index in that order. Without one, a page either read and sorted
// all of the company's users or walked the platform's username index past every other
// company's users.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "storage/user_repository.h"
#include "tests/support/bulk_rows.h"
#include "tests/support/explain.h"
#include "tests/support/migrated_pool.h"
#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

TEST(UserListPlanTest, APageReadsOnlyThatPageOfTheCompanyInUsernameOrder) {
  std::unique_ptr<testing::TestDatabase> test_db = testing::TestDatabase::Create();
  std::unique_ptr<Database> migrated = testing::MigratedPool(*test_db, 1);
  Database& db = *migrated;
  const std::string company = testing::BulkCompanyId(1);
  testing::InsertBulkCompanies(*test_db, 20);
  // 2,000 users in each of 20 companies, their usernames interleaved in the platform's order.
  test_db->Exec(
      "INSERT INTO users (company_id, username, email, password_hash, role, create_time, "
      "update_time) SELECT company_id, 'user' || g || '-' || tax_id, 'u@example.com', 'x', "
      "'MEMBER', now(), now() FROM companies, generate_series(1, 2000) g");
  test_db->Exec("VACUUM ANALYZE users");
  absl::StatusOr<std::string> plan = db.Read([&](Tx& tx) -> absl::StatusOr<std::string> {
    absl::StatusOr<std::vector<User>> page = UserRepository::List(tx, company, "user5", 51);
    if (!page.ok()) return page.status();
    EXPECT_EQ(page->size(), 51u);
    return testing::Explain(tx, absl::StrCat("EXECUTE user_list('", company, "', 'user5', 51)"));
  });
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_NE(plan->find("Index Scan using users_company_username_idx on users"), std::string::npos)
      << *plan;
  EXPECT_EQ(plan->find("Sort"), std::string::npos) << *plan;
}

}  // namespace
}  // namespace supplynet::storage
