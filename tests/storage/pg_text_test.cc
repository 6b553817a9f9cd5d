// The compound values handed to PostgreSQL survive the trip: text arrays and JSON objects with
// quotes, backslashes, separators, control characters and non-ASCII text.
#include "storage/pg_text.h"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "pqxx/connection"
#include "pqxx/result"
#include "pqxx/transaction"
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

}  // namespace
}  // namespace supplynet::storage
