// The thread sanitizer still sees a race in our code with tests/sanitizer/tsan.supp in force.
// Each case runs a deliberately racy snippet in a child process (this binary again, running
// one of the DISABLED_ cases below) and expects ThreadSanitizer's report naming the racy
// function. The gRPC case matters most: a suppression matches any frame of the racing
// accesses' stacks and of the racing threads' creation stacks, so one that named gRPC's
// thread machinery (libgpr, grpc_core::Thread, grpc::ThreadManager...) would silently hide
// every race in our handlers, which run on gRPC's threads. Built only with
// SUPPLYNET_SANITIZE=thread (scripts/test --sanitize=thread).
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/client-lib/command.h"

namespace supplynet::testing {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// Kept out of line so that the report names it.
__attribute__((noinline)) void UnguardedIncrement(int* counter) { ++*counter; }

// The children: skipped by ctest (DISABLED_), run by the tests below in a child process.

TEST(ThreadSanitizerCanaryChild, DISABLED_TwoThreadsWriteAnInt) {
  int counter = 0;
  std::thread a([&] { UnguardedIncrement(&counter); });
  std::thread b([&] { UnguardedIncrement(&counter); });
  a.join();
  b.join();
}

// A service whose handler writes a member without a lock, as a buggy handler of ours would.
class RacyHealth : public Health::Service {
 public:
  grpc::Status Check(grpc::ServerContext*, const HealthCheckRequest*,
                     HealthCheckResponse* response) override {
    UnguardedIncrement(&calls_);
    response->set_status(HealthCheckResponse::SERVING);
    return grpc::Status::OK;
  }

 private:
  int calls_ = 0;
};

TEST(ThreadSanitizerCanaryChild, DISABLED_TwoHandlersWriteAnInt) {
  RacyHealth service;
  int port = 0;
  grpc::ServerBuilder builder;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  ASSERT_NE(server, nullptr);
  const std::shared_ptr<grpc::Channel> channel =
      grpc::CreateChannel("127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials());
  // Concurrent callers, so that the calls land on more than one of gRPC's threads.
  std::vector<std::thread> callers;
  for (int t = 0; t < 4; ++t) {
    callers.emplace_back([&] {
      std::unique_ptr<Health::Stub> stub = Health::NewStub(channel);
      for (int i = 0; i < 10; ++i) {
        grpc::ClientContext context;
        HealthCheckResponse response;
        EXPECT_TRUE(stub->Check(&context, HealthCheckRequest(), &response).ok());
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  server->Shutdown();
}

// Runs one child case with the suppressions in force (every report printed, not only the
// first) and expects a data race reported in UnguardedIncrement.
void ExpectRaceReported(const std::string& child) {
  const char* options = std::getenv("TSAN_OPTIONS");
  ASSERT_NE(options, nullptr) << "run through scripts/test --sanitize=thread";
  ASSERT_NE(std::string(options).find("suppressions="), std::string::npos)
      << "TSAN_OPTIONS names no suppressions file: " << options;
  const CommandResult result =
      RunCommand({"/proc/self/exe", "--gtest_also_run_disabled_tests",
                  "--gtest_filter=ThreadSanitizerCanaryChild." + child},
                 {{"TSAN_OPTIONS", std::string(options) + ":halt_on_error=0:exitcode=66"}});
  EXPECT_EQ(result.exit_code, 66) << result.err;
  EXPECT_NE(result.err.find("WARNING: ThreadSanitizer: data race"), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("UnguardedIncrement"), std::string::npos) << result.err;
}

TEST(ThreadSanitizerCanaryTest, ARaceBetweenTwoOfOurThreadsIsReported) {
  ExpectRaceReported("DISABLED_TwoThreadsWriteAnInt");
}

TEST(ThreadSanitizerCanaryTest, ARaceBetweenTwoHandlersOnGrpcThreadsIsReported) {
  ExpectRaceReported("DISABLED_TwoHandlersWriteAnInt");
}

}  // namespace
}  // namespace supplynet::testing
