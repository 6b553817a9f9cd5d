// The fixture of a suite whose tests share one migrated database, filled once: plan tests need
// tables big enough for the planner to choose as in production, too slow to fill per test. A
// suite fills it from its own SetUpTestSuite, after OpenSharedDatabase.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "storage/database.h"
#include "tests/support/migrated_pool.h"
#include "tests/support/test_database.h"

namespace supplynet::testing {

class SharedDatabaseTest : public ::testing::Test {
 protected:
  // A fresh database, migrated, with a pool of one connection.
  static void OpenSharedDatabase() {
    test_db_ = TestDatabase::Create();
    db_ = MigratedPool(*test_db_, 1);
  }
  // Closes the pool, then drops the database.
  static void TearDownTestSuite() {
    db_.reset();
    test_db_.reset();
  }

  static inline std::unique_ptr<TestDatabase> test_db_;
  static inline std::unique_ptr<storage::Database> db_;
};

}  // namespace supplynet::testing
