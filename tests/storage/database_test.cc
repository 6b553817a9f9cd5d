// How Database runs a function: in a transaction block, or, for a single-statement read,
// without one (each statement its own transaction); and how it gets away from a server that
// turned read-only (a standby, a demoted primary) after a failover.
#include "storage/database.h"

#include <gtest/gtest.h>

#include <string>

#include "pqxx/pqxx"
#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

const Statement kTransactionId{"test_txid", "SELECT txid_current()::text AS id"};
const Statement kBackendPid{"test_backend_pid", "SELECT pg_backend_pid()::text"};
const Statement kInsert{"test_insert", "INSERT INTO t VALUES (1)"};

// Runs `sql` on the cluster's maintenance database, whose sessions are not the test
// database's (ALTER DATABASE from a read-only session would be refused itself).
void AdminExec(const std::string& sql) {
  pqxx::connection conn(testing::TestDatabase::AdminUrl());
  pqxx::nontransaction tx(conn);
  tx.exec(sql);
}

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

  // One row into `t`, and the backend that wrote it ("" when the write failed).
  absl::StatusOr<std::string> InsertRow() {
    return db_->Write([](Tx& tx) -> absl::StatusOr<std::string> {
      tx.Exec(kInsert);
      return tx.Exec(kBackendPid)[0][0].as<std::string>();
    });
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

// A pooled connection whose server stops taking writes (as a primary does when a failover
// demotes it) answers SQLSTATE 25006 on every write for as long as it stays open. The pool
// drops it, so that the next call connects anew (and, with a multi-host URL, finds the new
// primary) instead of failing forever.
TEST_F(DatabaseTest, AWriteRefusedAsReadOnlyDropsTheConnectionAndTheNextWriteReconnects) {
  test_db_->Exec("CREATE TABLE t (x int)");
  absl::StatusOr<std::string> first = InsertRow();
  ASSERT_TRUE(first.ok()) << first.status();
  // The pool's only connection turns read-only for the rest of its session.
  ASSERT_TRUE(db_->Write([](Tx& tx) -> absl::Status {
                   tx.work().exec("SET SESSION default_transaction_read_only = on");
                   return absl::OkStatus();
                 })
                  .ok());

  const absl::StatusOr<std::string> refused = InsertRow();
  EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  EXPECT_EQ(db_->pool().Stats().open, 0);  // Dropped, not returned for the next call.

  absl::StatusOr<std::string> next = InsertRow();
  ASSERT_TRUE(next.ok()) << next.status();
  EXPECT_NE(*next, *first);  // Another session.
  EXPECT_EQ(test_db_->QueryValue("SELECT count(*) FROM t"), "2");
}

// The failover as the pool lives it: its connection is cut, the server it reconnects to is
// still read-only (the old primary, demoted), then a writable one is back. Every call until
// then is UNAVAILABLE, which clients retry; none sticks.
TEST_F(DatabaseTest, WritesResumeWhenTheServerTakesWritesAgain) {
  test_db_->Exec("CREATE TABLE t (x int)");
  ASSERT_TRUE(InsertRow().ok());
  const std::string name = test_db_->name();
  AdminExec("ALTER DATABASE \"" + name + "\" SET default_transaction_read_only = on");
  AdminExec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + name +
            "'");

  EXPECT_EQ(InsertRow().status().code(), absl::StatusCode::kUnavailable);  // Connection lost.
  for (int i = 0; i < 3; ++i) {
    // Reconnected, to a server that refuses writes: dropped again each time.
    const absl::StatusOr<std::string> refused = InsertRow();
    EXPECT_EQ(refused.status().code(), absl::StatusCode::kUnavailable) << refused.status();
  }
  AdminExec("ALTER DATABASE \"" + name + "\" RESET default_transaction_read_only");

  absl::StatusOr<std::string> resumed = InsertRow();
  EXPECT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(test_db_->QueryValue("SELECT count(*) FROM t"), "2");
}

}  // namespace
}  // namespace supplynet::storage
