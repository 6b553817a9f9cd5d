// The fixture of a suite whose tests share one throwaway database and one in-process server
// on a real channel (each test registers fresh companies, so they stay apart). A suite with
// its own options calls StartServer from its SetUpTestSuite.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "domain/clock.h"
#include "server/supplynet_server.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/test_database.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {

class SharedServerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { StartServer(); }
  // Stops the server, then drops the database.
  static void TearDownTestSuite();
  void SetUp() override { ASSERT_TRUE(server_ != nullptr && server_->ok()); }

  // `clock` (may be null) must outlive the suite.
  static void StartServer(server::ServerOptions options = TestServer::DefaultOptions(),
                          const Clock* clock = nullptr);
  // The same, with the server's emails sent to `sink` (started here, kept in sink_ until the
  // suite ends) and looked for often, so that tests see them soon.
  static void StartServerMailingTo(std::unique_ptr<SmtpSink> sink,
                                   server::ServerOptions options = TestServer::DefaultOptions(),
                                   const Clock* clock = nullptr);

  static TestDatabase* db_;
  static TestServer* server_;
  static SmtpSink* sink_;  // Null unless StartServerMailingTo.
};

}  // namespace supplynet::testing
