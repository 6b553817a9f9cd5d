// A fresh, empty database per test fixture, in the throwaway cluster that scripts/test starts
// (SUPPLYNET_TEST_DATABASE_URL). Dropped when the fixture ends.
#pragma once

#include <memory>
#include <string>

namespace supplynet::testing {

class TestDatabase {
 public:
  // A new empty database in the cluster of SUPPLYNET_TEST_DATABASE_URL; ends the test binary
  // with a failure when there is none (a skipped suite would look like a pass to ctest).
  static std::unique_ptr<TestDatabase> Create();
  ~TestDatabase();

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }
  // The superuser URL of the cluster's maintenance database.
  static std::string AdminUrl();
  // Runs SQL against the test database (for arranging and inspecting state in tests).
  void Exec(const std::string& sql) const;
  // The first column of the first row of `sql`, as text ("" for NULL or no rows).
  std::string QueryValue(const std::string& sql) const;

 private:
  TestDatabase(std::string name, std::string url) : name_(std::move(name)), url_(std::move(url)) {}
  std::string name_;
  std::string url_;
};

// `url` with its database name replaced by `database`.
std::string WithDatabase(const std::string& url, const std::string& database);

// The first column of the first row of `sql` run on the database at `url`, as text ("" for
// NULL or no rows).
std::string QueryValueAt(const std::string& url, const std::string& sql);

}  // namespace supplynet::testing
