#include "tests/support/shared_server_test.h"

#include <utility>

namespace supplynet::testing {

TestDatabase* SharedServerTest::db_ = nullptr;
TestServer* SharedServerTest::server_ = nullptr;

void SharedServerTest::StartServer(server::ServerOptions options, const Clock* clock) {
  db_ = TestDatabase::Create().release();
  ASSERT_NE(db_, nullptr);
  server_ = new TestServer(*db_, clock, std::move(options));
}

void SharedServerTest::TearDownTestSuite() {
  delete server_;
  server_ = nullptr;
  delete db_;
  db_ = nullptr;
}

}  // namespace supplynet::testing
