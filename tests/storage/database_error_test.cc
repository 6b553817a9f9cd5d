// Database errors become statuses without letting row values into the log.
#include "storage/database_error.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <iostream>
#include <sstream>

#include "pqxx/connection"
#include "pqxx/except"
#include "pqxx/transaction"
#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(DatabaseErrorTest, TheLogGetsTheServersMessageButNotTheRowItQuotes) {
  auto db = testing::TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  db->Exec("CREATE TABLE secrets (id int, message text CHECK (length(message) < 5))");
  pqxx::connection conn(db->url());
  pqxx::work work(conn);
  std::ostringstream log;
  std::streambuf* const original = std::cerr.rdbuf(log.rdbuf());
  absl::Status status;
  try {
    work.exec("INSERT INTO secrets VALUES (1, 'code ABCD-EFGH-JKMN')");
  } catch (const pqxx::sql_error& e) {
    ASSERT_THAT(e.what(), HasSubstr("ABCD-EFGH-JKMN"));  // PostgreSQL's DETAIL quotes the row.
    status = StatusFromDatabaseError(e);
  }
  std::cerr.rdbuf(original);
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal);
  EXPECT_EQ(status.message(), "database error 23514");
  EXPECT_THAT(log.str(), HasSubstr("sqlstate=23514"));
  EXPECT_THAT(log.str(), HasSubstr("violates check constraint"));
  EXPECT_THAT(log.str(), Not(HasSubstr("ABCD-EFGH-JKMN")));
}

TEST(DatabaseErrorTest, APrimaryMessageEndsAtTheFirstLine) {
  EXPECT_EQ(PrimaryMessage("ERROR:  boom\nDETAIL:  Failing row contains (1, x).\n"),
            "ERROR:  boom");
  EXPECT_EQ(PrimaryMessage("no detail"), "no detail");
  EXPECT_EQ(PrimaryMessage(""), "");
}

}  // namespace
}  // namespace supplynet::storage
