// The client library without a load balancer in front: one channel to two real server
// processes through an `ipv4:` target with round_robin spreads the calls over both (each
// server's own /metrics counts the calls it served), and keeps working when one is killed:
// the reads it had in flight there fail UNAVAILABLE and are retried on the other.
#include <gtest/gtest.h>
#include <signal.h>

#include <string>
#include <vector>

#include "supplynet/client/client.h"
#include "tests/support/accounts.h"
#include "tests/support/eventually.h"
#include "tests/support/metrics_scrape.h"
#include "tests/support/server_process.h"
#include "tests/support/test_database.h"

namespace supplynet::testing {
namespace {

std::vector<std::string> ServerArgs(const TestDatabase& db) {
  return {"--listen=127.0.0.1:0", "--metrics_listen=127.0.0.1:0", "--database_url=" + db.url(),
          "--password_hash_cost=minimum"};
}

// ListSuppliers calls that `server` answered OK so far.
double ListsServedBy(const ServerProcess& server) {
  return MetricValue(ScrapeMetrics(server.metrics_port()), "supplynet_rpc_calls_total",
                     {{"method", "SupplierNetworkService/ListSuppliers"}, {"code", "OK"}})
      .value_or(0);
}

TEST(LoadBalancingTest, RoundRobinSpreadsCallsOverTwoServersAndOutlivesOne) {
  auto db = TestDatabase::Create();
  ServerProcess a(ServerArgs(*db));
  ServerProcess b(ServerArgs(*db));
  ASSERT_GT(a.port(), 0) << a.Log();
  ASSERT_GT(b.port(), 0) << b.Log();
  ASSERT_GT(a.metrics_port(), 0) << a.Log();

  client::ClientOptions options;
  options.target = "ipv4:" + a.address() + "," + b.address();
  client::Client client(options);
  ASSERT_TRUE(client.RegisterCompany(CompanyRequest("890321567", "balanced")).ok());
  ASSERT_TRUE(client.Login("balanced", kPassword).ok());

  // Both servers answer calls of the one channel (round_robin uses each as soon as it is
  // connected; the loop only waits for the second connection).
  ASSERT_TRUE(Eventually([&] {
    EXPECT_TRUE(client.ListSuppliers(v1::ListSuppliersRequest()).ok());
    return ListsServedBy(a) >= 1 && ListsServedBy(b) >= 1;
  }));
  const double a_before = ListsServedBy(a);
  const double b_before = ListsServedBy(b);
  constexpr int kCalls = 20;
  for (int i = 0; i < kCalls; ++i) {
    ASSERT_TRUE(client.ListSuppliers(v1::ListSuppliersRequest()).ok());
  }
  // Spread over both, not all to the first that connected (as pick_first would).
  EXPECT_GE(ListsServedBy(a) - a_before, 1);
  EXPECT_GE(ListsServedBy(b) - b_before, 1);
  EXPECT_EQ(ListsServedBy(a) - a_before + ListsServedBy(b) - b_before, kCalls);

  a.Signal(SIGKILL);
  a.Wait();
  const double b_alone = ListsServedBy(b);
  for (int i = 0; i < kCalls; ++i) {
    const auto listed = client.ListSuppliers(v1::ListSuppliersRequest());
    ASSERT_TRUE(listed.ok()) << listed.status();
  }
  EXPECT_EQ(ListsServedBy(b) - b_alone, kCalls);
}

TEST(LoadBalancingTest, ADnsTargetReachesTheServer) {
  auto db = TestDatabase::Create();
  ServerProcess server(ServerArgs(*db));
  ASSERT_GT(server.port(), 0) << server.Log();
  client::ClientOptions options;
  // localhost may also resolve to ::1, where nothing listens: round_robin skips that address.
  options.target = "dns:///localhost:" + std::to_string(server.port());
  client::Client client(options);
  const auto registered = client.RegisterCompany(CompanyRequest("890321567", "bydns"));
  EXPECT_TRUE(registered.ok()) << registered.status();
}

}  // namespace
}  // namespace supplynet::testing
