// Migrations: applied once, in order, and safely when several servers start together.
#include "storage/migrator.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

using testing::TestDatabase;

// Numbers are reserved per issue, so a gap is normal while another branch has not landed.
TEST(MigratorTest, EmbeddedMigrationsAreNumberedInIncreasingOrder) {
  const std::vector<Migration>& migrations = EmbeddedMigrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(migrations[0].version, 1);
  for (size_t i = 0; i < migrations.size(); ++i) {
    if (i > 0) {
      EXPECT_GT(migrations[i].version, migrations[i - 1].version) << migrations[i].name;
    }
    EXPECT_FALSE(migrations[i].sql.empty());
  }
}

TEST(MigratorTest, MigrationLandingInAGapIsAppliedLater) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  ConnectionPool pool(PoolOptions{db->url(), 1});
  const Migration one{1, "one", "CREATE TABLE one (x int)"};
  const Migration two{2, "two", "CREATE TABLE two (x int)"};
  const Migration three{3, "three", "CREATE TABLE three (x int)"};
  ASSERT_TRUE(ApplyMigrations(pool, {one, three}).ok());
  ASSERT_TRUE(ApplyMigrations(pool, {one, two, three}).ok());
  EXPECT_EQ(db->QueryValue("SELECT string_agg(name, ',' ORDER BY version) FROM schema_migrations"),
            "one,two,three");
}

TEST(MigratorTest, ConcurrentStartsApplyEachMigrationOnce) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  std::vector<absl::Status> results(4);
  std::vector<std::thread> servers;
  for (size_t i = 0; i < results.size(); ++i) {
    servers.emplace_back([&, i] {
      ConnectionPool pool(PoolOptions{db->url(), 1});
      results[i] = ApplyMigrations(pool);
    });
  }
  for (std::thread& t : servers) t.join();
  for (const absl::Status& s : results) EXPECT_TRUE(s.ok()) << s;
  EXPECT_EQ(db->QueryValue("SELECT count(*) FROM schema_migrations"),
            std::to_string(EmbeddedMigrations().size()));
}

TEST(MigratorTest, AFailingMigrationLeavesNothingHalfDone) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  ConnectionPool pool(PoolOptions{db->url(), 1});
  const std::vector<Migration> broken = {
      {1, "good", "CREATE TABLE a (x int)"},
      {2, "bad", "CREATE TABLE b (x int); SELECT no_such_function()"}};
  const absl::Status status = ApplyMigrations(pool, broken);
  EXPECT_FALSE(status.ok());
  EXPECT_EQ(db->QueryValue("SELECT count(*) FROM schema_migrations"), "1");
  EXPECT_EQ(db->QueryValue("SELECT to_regclass('b') IS NULL"), "t");
  // Fixed, the second run applies only what is missing.
  const std::vector<Migration> fixed = {{1, "good", "CREATE TABLE a (x int)"},
                                        {2, "bad", "CREATE TABLE b (x int)"}};
  EXPECT_TRUE(ApplyMigrations(pool, fixed).ok());
  EXPECT_EQ(db->QueryValue("SELECT count(*) FROM schema_migrations"), "2");
}

}  // namespace
}  // namespace supplynet::storage
