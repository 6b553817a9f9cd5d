// How Database runs a function: in a transaction block, or, for a single-statement read,
// without one (each statement its own transaction).
#include "storage/database.h"

#include <gtest/gtest.h>

#include <string>

#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

const Statement kTransactionId{"test_txid", "SELECT txid_current()::text AS id"};

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = testing::TestDatabase::Create();
    db_ = std::make_unique<Database>(PoolOptions{test_db_->url(), 1});
  }

  // The transaction ids of two statements run by one function of `run`.
  template <typename Run>
  std::pair<std::string, std::string> TwoTransactionIds(Run run) {
    absl::StatusOr<std::pair<std::string, std::string>> ids =
        run([](Tx& tx) -> absl::StatusOr<std::pair<std::string, std::string>> {
          const std::string first = tx.Exec(kTransactionId)[0][0].as<std::string>();
          return std::make_pair(first, tx.Exec(kTransactionId)[0][0].as<std::string>());
        });
    EXPECT_TRUE(ids.ok()) << ids.status();
    return ids.value_or(std::pair<std::string, std::string>());
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<Database> db_;
};

TEST_F(DatabaseTest, WriteRunsEveryStatementInOneTransaction) {
  const auto [first, second] =
      TwoTransactionIds([&](auto fn) { return db_->Write(std::move(fn)); });
  EXPECT_EQ(first, second);
}

TEST_F(DatabaseTest, ReadStatementRunsOutsideATransactionBlock) {
  const auto [first, second] =
      TwoTransactionIds([&](auto fn) { return db_->ReadStatement(std::move(fn)); });
  EXPECT_NE(first, second);
}

TEST_F(DatabaseTest, AFailedReadStatementIsAStatusAndTheConnectionServesTheNextCall) {
  const absl::Status failed = db_->ReadStatement([](Tx& tx) -> absl::Status {
    tx.work().exec("SELECT 1 / 0");
    return absl::OkStatus();
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kInternal) << failed;
  // The pool holds one connection: the next call gets the same one, not in an aborted block.
  const auto [first, second] =
      TwoTransactionIds([&](auto fn) { return db_->ReadStatement(std::move(fn)); });
  EXPECT_NE(first, "");
  EXPECT_NE(first, second);
}

}  // namespace
}  // namespace supplynet::storage
