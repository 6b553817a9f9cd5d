// SIGTERM stops the real binary gracefully: the call in flight completes, the process exits 0,
// and later calls are refused.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "pqxx/pqxx"
#include "tests/support/accounts.h"
#include "tests/support/eventually.h"
#include "tests/support/server_process.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

TEST(ShutdownTest, SigtermLetsTheCallInFlightFinish) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  ServerProcess server({"--listen=127.0.0.1:0", "--metrics_listen=", "--database_url=" + db->url(),
                        "--password_hash_cost=minimum"});
  ASSERT_GT(server.port(), 0) << server.Log();
  auto channel = grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  auto accounts = v1::AccountService::NewStub(channel);
  RegisterTenant(*accounts, "890321567", "graceful");

  // Holding a lock on `users` parks the server's Login at its first query: the call is
  // provably in flight (its backend waits on the lock) when SIGTERM lands, however slow the
  // machine is.
  pqxx::connection blocker(db->url());
  pqxx::work lock(blocker);
  lock.exec0("LOCK TABLE users IN ACCESS EXCLUSIVE MODE");

  v1::LoginRequest request;
  request.set_username("graceful");
  request.set_password(kPassword);
  auto login = std::async(std::launch::async, [&] {
    v1::LoginResponse response;
    return accounts->Login(Ctx().get(), request, &response);
  });
  ASSERT_TRUE(Eventually([&] {
    return db->QueryValue(
               "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
               "AND datname = current_database()") == "1";
  })) << "the Login never reached the database";
  server.Signal(SIGTERM);
  ASSERT_TRUE(Eventually([&] {
    return server.Log().find("\"event\":\"stopping\"") != std::string::npos;
  })) << server.Log();
  lock.commit();  // The parked Login goes on; the server waits for it before it exits.

  const grpc::Status status = login.get();
  EXPECT_TRUE(status.ok()) << status.error_message();
  const int exit_status = server.Wait();
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0) << server.Log();
  const std::string log = server.Log();
  const size_t stopping = log.find("\"event\":\"stopping\"");
  const size_t last_login = log.rfind("\"method\":\"AccountService/Login\"");
  ASSERT_NE(stopping, std::string::npos) << log;
  EXPECT_GT(last_login, stopping) << "the Login finished before SIGTERM arrived:\n" << log;
  EXPECT_NE(log.find("\"event\":\"stopped\""), std::string::npos) << log;
  // The request log's lines wait in memory for a second: the exit wrote them, and no secret.
  EXPECT_NE(log.find("\"method\":\"AccountService/RegisterCompany\""), std::string::npos) << log;
  EXPECT_EQ(log.find(kPassword), std::string::npos) << log;

  // Nothing listens any more.
  v1::LoginResponse response;
  auto context = Ctx();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(2));
  EXPECT_EQ(accounts->Login(context.get(), request, &response).error_code(),
            grpc::StatusCode::UNAVAILABLE);
}

TEST(ShutdownTest, RefusesToStartWithoutADatabase) {
  ServerProcess server({"--listen=127.0.0.1:0", "--metrics_listen=",
                        "--database_url=postgresql://nobody@127.0.0.1:1/none"});
  EXPECT_EQ(server.port(), 0);
  const int exit_status = server.Wait();
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) != 0);
  EXPECT_NE(server.Log().find("unreachable"), std::string::npos) << server.Log();
}

TEST(ShutdownTest, RefusesToStartOnAPortAnotherServerServes) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  const std::vector<std::string> flags = {"--metrics_listen=", "--database_url=" + db->url(),
                                          "--password_hash_cost=minimum"};
  std::vector<std::string> first_args = flags;
  first_args.push_back("--listen=127.0.0.1:0");
  ServerProcess first(first_args);
  ASSERT_GT(first.port(), 0) << first.Log();

  std::vector<std::string> second_args = flags;
  second_args.push_back("--listen=" + first.address());
  ServerProcess second(second_args);
  EXPECT_EQ(second.port(), 0) << second.Log();
  const int exit_status = second.Wait();
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) != 0) << second.Log();
  EXPECT_NE(second.Log().find("cannot listen on " + first.address()), std::string::npos)
      << second.Log();

  // The first server still answers: its port was never shared.
  auto channel = grpc::CreateChannel(first.address(), grpc::InsecureChannelCredentials());
  auto accounts = v1::AccountService::NewStub(channel);
  RegisterTenant(*accounts, "890321568", "sole");
}

}  // namespace
}  // namespace supplynet::testing
