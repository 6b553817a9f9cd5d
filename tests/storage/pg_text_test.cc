// The compound values handed to PostgreSQL survive the trip: text arrays and JSON objects with
// quotes, backslashes, separators, control characters and non-ASCII text; and dates read back
// as numbers print as PostgreSQL prints them.
#include "storage/pg_text.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "pqxx/connection"
#include "pqxx/result"
#include "pqxx/transaction"
#include "storage/row.h"
#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

const std::vector<std::string> kAwkward = {"plain",
                                           "",
                                           "comma, and \"quotes\"",
                                           "back\\slash",
                                           "{braces}",
                                           "tab\tnew\nline\x01",
                                           "Ñandú Gómez & Cía — 100%",
                                           "key:value,pair"};

TEST(PgTextTest, AJsonObjectReadsBackAsTheSameStrings) {
  auto db = testing::TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  std::map<std::string, std::string> map;
  for (size_t i = 0; i < kAwkward.size(); ++i) {
    map["k" + std::to_string(i) + kAwkward[i]] = kAwkward[i];
  }
  pqxx::connection conn(db->url());
  pqxx::work work(conn);
  for (const auto& [key, value] : map) {
    const pqxx::row row = work.exec_params1("SELECT $1::jsonb ->> $2", JsonObjectText(map), key);
    EXPECT_EQ(row[0].as<std::string>(), value) << key;
  }
  EXPECT_EQ(work.exec_params1("SELECT $1::jsonb = '{}'::jsonb", JsonObjectText({}))[0].as<bool>(),
            true);
}

TEST(PgTextTest, ATextArrayReadsBackAsTheSameStrings) {
  auto db = testing::TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  pqxx::connection conn(db->url());
  pqxx::work work(conn);
  std::vector<std::string> back;
  // unnest keeps the array's order.
  for (const pqxx::row& row : work.exec_params("SELECT unnest($1::text[])", TextArray(kAwkward))) {
    back.push_back(row[0].as<std::string>());
  }
  EXPECT_EQ(back, kAwkward);
}

// Documents read their issue date as days since 1970 (storage/row.h): every day of four
// centuries reads back as PostgreSQL itself prints it in ISO style.
TEST(PgTextTest, ADateReadAsEpochDaysPrintsAsPostgreSQLPrintsIt) {
  auto db = testing::TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  pqxx::connection conn(db->url());
  pqxx::work work(conn);
  work.exec("SET DateStyle = ISO");
  int checked = 0;
  for (const pqxx::row& row :
       work.exec("SELECT d - DATE '1970-01-01', d::text FROM generate_series(DATE '1800-01-01', "
                 "DATE '2199-12-31', INTERVAL '1 day') AS g(t), LATERAL (SELECT t::date AS d) x")) {
    ASSERT_EQ(DateFromEpochDays(row[0].as<int64_t>()), row[1].as<std::string>());
    ++checked;
  }
  EXPECT_EQ(checked, 146097);  // Days in four Gregorian centuries.
}

}  // namespace
}  // namespace supplynet::storage
