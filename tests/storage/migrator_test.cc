// Migrations: applied once, in order, and safely when several servers start together.
#include "storage/migrator.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

using testing::TestDatabase;

TEST(MigratorTest, EmbeddedMigrationsAreNumberedInOrder) {
  const std::vector<Migration>& migrations = EmbeddedMigrations();
  ASSERT_FALSE(migrations.empty());
  for (size_t i = 0; i < migrations.size(); ++i) {
    EXPECT_EQ(migrations[i].version, static_cast<int>(i) + 1) << migrations[i].name;
    EXPECT_FALSE(migrations[i].sql.empty());
  }
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
