// The health service follows the database: NOT_SERVING while PostgreSQL is down, SERVING
// again once it is back, and calls in between get UNAVAILABLE instead of a crash.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using HealthStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

HealthStatus Health(grpc::health::v1::Health::Stub& health) {
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = health.Check(Ctx().get(), {}, &response);
  return status.ok() ? response.status() : grpc::health::v1::HealthCheckResponse::UNKNOWN;
}

// Polls until the health status is `want`; false if it never gets there within a minute.
bool AwaitHealth(grpc::health::v1::Health::Stub& health, HealthStatus want) {
  for (int i = 0; i < 600; ++i) {
    if (Health(health) == want) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

TEST(HealthTest, FollowsTheDatabaseDownAndBackUp) {
  OwnCluster cluster;
  ASSERT_TRUE(cluster.Start());
  // A database named like the test's, in the cluster of its own.
  setenv("SUPPLYNET_TEST_DATABASE_URL", cluster.url().c_str(), 1);
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  TestServer server(*db);
  ASSERT_TRUE(server.ok());
  auto health = grpc::health::v1::Health::NewStub(server.channel());
  auto accounts = server.Accounts();
  ASSERT_TRUE(AwaitHealth(*health, grpc::health::v1::HealthCheckResponse::SERVING));
  const Tenant tenant = RegisterTenant(*accounts, "890321567", "healthy");

  ASSERT_TRUE(cluster.Stop());
  EXPECT_TRUE(AwaitHealth(*health, grpc::health::v1::HealthCheckResponse::NOT_SERVING));
  v1::ListUsersResponse users;
  EXPECT_EQ(accounts->ListUsers(Ctx(tenant.admin_token).get(), {}, &users).error_code(),
            grpc::StatusCode::UNAVAILABLE);

  ASSERT_TRUE(cluster.Start());
  EXPECT_TRUE(AwaitHealth(*health, grpc::health::v1::HealthCheckResponse::SERVING));
  // The pool reconnects by itself: the same token works again.
  EXPECT_TRUE(accounts->ListUsers(Ctx(tenant.admin_token).get(), {}, &users).ok());
  server.Stop();
  db.reset();
}

}  // namespace
}  // namespace supplynet::testing
