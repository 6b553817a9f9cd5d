#include "tests/support/test_database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <random>

#include "absl/strings/str_cat.h"
#include "pqxx/pqxx"

namespace supplynet::testing {

std::string WithDatabase(const std::string& url, const std::string& database) {
  const size_t slash = url.rfind('/');
  const size_t query = url.find('?', slash);
  const std::string suffix = query == std::string::npos ? "" : url.substr(query);
  return url.substr(0, slash + 1) + database + suffix;
}

std::string TestDatabase::AdminUrl() {
  const char* url = std::getenv("SUPPLYNET_TEST_DATABASE_URL");
  return url == nullptr ? "" : url;
}

namespace {

// Without a database no test of the binary can mean anything. Failing in a SetUpTestSuite
// would make GoogleTest report the suite's tests as SKIPPED, which ctest counts as passing:
// end the run instead, so that ctest sees a failure.
[[noreturn]] void NoDatabase(const std::string& why) {
  std::cerr << "FATAL: " << why << "\n" << std::flush;
  std::exit(1);
}

}  // namespace

std::unique_ptr<TestDatabase> TestDatabase::Create() {
  const std::string admin = AdminUrl();
  if (admin.empty()) {
    NoDatabase("SUPPLYNET_TEST_DATABASE_URL is not set: run the tests through scripts/test");
  }
  static std::atomic<int> counter{0};
  std::random_device random;
  const std::string name = absl::StrCat("sn_test_", random() % 1000000000, "_", counter++);
  try {
    pqxx::connection conn(admin);
    pqxx::nontransaction tx(conn);
    tx.exec("CREATE DATABASE " + tx.quote_name(name));
  } catch (const std::exception& e) {
    NoDatabase(std::string("cannot create the test database: ") + e.what());
  }
  return std::unique_ptr<TestDatabase>(new TestDatabase(name, WithDatabase(admin, name)));
}

TestDatabase::~TestDatabase() {
  try {
    pqxx::connection conn(AdminUrl());
    pqxx::nontransaction tx(conn);
    tx.exec("DROP DATABASE IF EXISTS " + tx.quote_name(name_) + " WITH (FORCE)");
  } catch (const std::exception& e) {
    // A leftover database dies with the throwaway cluster; not worth failing a test over.
  }
}

void TestDatabase::Exec(const std::string& sql) const {
  pqxx::connection conn(url_);
  pqxx::nontransaction tx(conn);
  tx.exec(sql);
}

std::string TestDatabase::QueryValue(const std::string& sql) const {
  return QueryValueAt(url_, sql);
}

std::string QueryValueAt(const std::string& url, const std::string& sql) {
  pqxx::connection conn(url);
  pqxx::nontransaction tx(conn);
  const pqxx::result rows = tx.exec(sql);
  if (rows.empty() || rows[0][0].is_null()) return "";
  return rows[0][0].as<std::string>();
}

}  // namespace supplynet::testing
