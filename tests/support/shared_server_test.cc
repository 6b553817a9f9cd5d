#include "tests/support/shared_server_test.h"

#include <memory>
#include <utility>

#include "absl/time/time.h"

namespace supplynet::testing {

TestDatabase* SharedServerTest::db_ = nullptr;
TestServer* SharedServerTest::server_ = nullptr;
SmtpSink* SharedServerTest::sink_ = nullptr;

void SharedServerTest::StartServer(server::ServerOptions options, const Clock* clock) {
  db_ = TestDatabase::Create().release();
  ASSERT_NE(db_, nullptr);
  server_ = new TestServer(*db_, clock, std::move(options));
}

void SharedServerTest::StartServerMailingTo(std::unique_ptr<SmtpSink> sink,
                                            server::ServerOptions options, const Clock* clock) {
  sink_ = sink.release();
  ASSERT_TRUE(sink_->Start());
  options.smtp_url = sink_->url();
  options.outbox_poll_interval = absl::Milliseconds(50);
  StartServer(std::move(options), clock);
}

void SharedServerTest::TearDownTestSuite() {
  delete server_;
  server_ = nullptr;
  delete sink_;
  sink_ = nullptr;
  delete db_;
  db_ = nullptr;
}

}  // namespace supplynet::testing
