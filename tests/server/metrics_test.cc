// The Prometheus metrics of this deployment's moving parts, scraped over HTTP from real
// servers as Prometheus does, and seen to move: the connection pools (write and read) while
// calls wait on a lock, the outbox as emails stay queued, are sent and fail, watch streams
// opening and closing, and the LISTEN connections reconnecting after being cut.
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <future>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "pqxx/pqxx"
#include "supplynet/v1/document_status.grpc.pb.h"
#include "supplynet/v1/invitation.grpc.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/eventually.h"
#include "tests/support/metrics_scrape.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

server::ServerOptions MetricsOptions() {
  server::ServerOptions options = TestServer::DefaultOptions();
  options.metrics_listen = "127.0.0.1:0";
  options.metrics_db_interval = absl::Milliseconds(50);
  options.outbox_poll_interval = absl::Milliseconds(50);
  options.mail_dir = "";  // No email leaves unless a test says where.
  return options;
}

// The value of one series on `server`'s /metrics now (nullopt when absent).
std::optional<double> Scrape(TestServer& server, const std::string& name,
                             const std::map<std::string, std::string>& labels = {}) {
  return MetricValue(ScrapeMetrics(server.server().metrics_port()), name, labels);
}

// Waits until the series reads `want` (false if it never does).
bool Reaches(TestServer& server, const std::string& name,
             const std::map<std::string, std::string>& labels, double want) {
  return Eventually([&] { return Scrape(server, name, labels) == want; });
}

std::unique_ptr<grpc::ClientContext> LongCtx(const std::string& token) {
  auto context = Ctx(token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(2));
  return context;
}

// Lists go to the read pool (here a second pool on the same database): while a lock parks
// them, its gauges show one connection in use and a caller waiting for it.
TEST(MetricsTest, PoolGaugesShowCallsInUseAndWaitingPerPool) {
  auto db = TestDatabase::Create();
  server::ServerOptions options = MetricsOptions();
  options.read_database_url = db->url();
  options.read_pool_size = 1;
  options.pool_acquire_timeout = absl::Minutes(2);  // The waiting caller stays waiting.
  // One sample at the start, none later: the sampler, which reads from the read pool too,
  // never joins the queue counted below.
  options.metrics_db_interval = absl::Hours(1);
  TestServer server(*db, nullptr, options);
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(Scrape(server, "supplynet_db_pool_size", {{"pool", "write"}}), 4.0);
  EXPECT_EQ(Scrape(server, "supplynet_db_pool_size", {{"pool", "read"}}), 1.0);
  const Tenant client = RegisterTenant(*server.Accounts(), "890321567", "metricspool");
  auto suppliers = v1::SupplierNetworkService::NewStub(server.channel());
  const auto list = [&] {
    v1::ListSuppliersResponse response;
    return suppliers->ListSuppliers(LongCtx(client.admin_token).get(), v1::ListSuppliersRequest(),
                                    &response);
  };
  ASSERT_TRUE(list().ok());  // Also puts the token in the authentication cache.
  EXPECT_EQ(Scrape(server, "supplynet_db_pool_in_use", {{"pool", "read"}}), 0.0);

  pqxx::connection blocker(db->url());
  pqxx::work lock(blocker);
  lock.exec0("LOCK TABLE suppliers IN ACCESS EXCLUSIVE MODE");
  auto first = std::async(std::launch::async, list);
  auto second = std::async(std::launch::async, list);
  EXPECT_TRUE(Reaches(server, "supplynet_db_pool_in_use", {{"pool", "read"}}, 1.0));
  EXPECT_TRUE(Reaches(server, "supplynet_db_pool_waiting", {{"pool", "read"}}, 1.0));
  lock.commit();
  EXPECT_TRUE(first.get().ok());
  EXPECT_TRUE(second.get().ok());
  EXPECT_TRUE(Reaches(server, "supplynet_db_pool_in_use", {{"pool", "read"}}, 0.0));
  EXPECT_EQ(Scrape(server, "supplynet_db_pool_waiting", {{"pool", "read"}}), 0.0);
  EXPECT_GE(Scrape(server, "supplynet_db_pool_waits_total", {{"pool", "read"}}).value_or(0), 1.0);
  // Without a standby the read database is a primary.
  EXPECT_TRUE(Reaches(server, "supplynet_db_read_in_recovery", {}, 0.0));
  EXPECT_EQ(Scrape(server, "supplynet_db_read_replication_lag_seconds"), 0.0);
}

TEST(MetricsTest, WithoutAReadUrlThereIsOnePool) {
  auto db = TestDatabase::Create();
  TestServer server(*db, nullptr, MetricsOptions());
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(Scrape(server, "supplynet_db_pool_size", {{"pool", "write"}}), 4.0);
  EXPECT_EQ(Scrape(server, "supplynet_db_pool_size", {{"pool", "read"}}), std::nullopt);
}

// An email stays queued where no server sends email, is sent by a server that writes .eml
// files, and fails at a server whose SMTP relay refuses connections.
TEST(MetricsTest, OutboxCountsQueuedSentAndFailedEmails) {
  auto db = TestDatabase::Create();
  auto idle = std::make_unique<TestServer>(*db, nullptr, MetricsOptions());
  ASSERT_TRUE(idle->ok());
  EXPECT_EQ(Scrape(*idle, "supplynet_outbox_sent_total"), std::nullopt);  // Sends nothing.
  const Tenant client = RegisterTenant(*idle->Accounts(), "890321567", "metricsmail");
  auto suppliers = v1::SupplierNetworkService::NewStub(idle->channel());
  auto invitations = v1::InvitationService::NewStub(idle->channel());
  const auto invite = [&](const std::string& nit) {
    v1::AddSupplierRequest add;
    add.mutable_supplier()->mutable_tax_id()->set_country(v1::COUNTRY_CO);
    add.mutable_supplier()->mutable_tax_id()->set_value(nit);
    add.mutable_supplier()->set_name("Proveedor " + nit);
    add.mutable_supplier()->set_email("ventas" + nit + "@proveedor.example");
    v1::AddSupplierResponse added;
    ASSERT_TRUE(suppliers->AddSupplier(Ctx(client.admin_token).get(), add, &added).ok());
    v1::InviteSupplierRequest request;
    request.set_supplier_id(added.supplier().supplier_id());
    v1::InviteSupplierResponse response;
    const grpc::Status status =
        invitations->InviteSupplier(Ctx(client.admin_token).get(), request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
  };
  EXPECT_TRUE(Reaches(*idle, "supplynet_outbox_queued", {}, 0.0));
  invite("810000001");
  EXPECT_TRUE(Reaches(*idle, "supplynet_outbox_queued", {}, 1.0));

  char pattern[] = "/tmp/supplynet-metrics-mail-XXXXXX";
  ASSERT_NE(mkdtemp(pattern), nullptr);
  server::ServerOptions file_mail = MetricsOptions();
  file_mail.mail_dir = pattern;
  {
    TestServer sender(*db, nullptr, file_mail);
    ASSERT_TRUE(sender.ok());
    EXPECT_TRUE(Reaches(sender, "supplynet_outbox_sent_total", {}, 1.0));
    EXPECT_TRUE(Reaches(*idle, "supplynet_outbox_queued", {}, 0.0));  // The outbox is shared.
  }
  std::filesystem::remove_all(pattern);

  server::ServerOptions refused = MetricsOptions();
  refused.smtp_url = "smtp://127.0.0.1:1";  // Nothing listens on port 1.
  refused.email_max_attempts = 1;
  TestServer failing(*db, nullptr, refused);
  ASSERT_TRUE(failing.ok());
  invite("810000002");
  EXPECT_TRUE(Reaches(failing, "supplynet_outbox_failed_total", {}, 1.0));
  EXPECT_EQ(Scrape(failing, "supplynet_outbox_sent_total"), 0.0);
  EXPECT_TRUE(Reaches(*idle, "supplynet_outbox_queued", {}, 0.0));
}

TEST(MetricsTest, WatchStreamsAndListenerReconnectsMove) {
  auto db = TestDatabase::Create();
  TestServer server(*db, nullptr, MetricsOptions());
  ASSERT_TRUE(server.ok());
  const Tenant client = RegisterTenant(*server.Accounts(), "890321567", "metricswatch");
  auto documents = v1::DocumentStatusService::NewStub(server.channel());
  EXPECT_EQ(Scrape(server, "supplynet_watch_streams_open"), 0.0);
  auto context = Ctx(client.admin_token);
  auto reader = documents->WatchDocumentEvents(context.get(), v1::WatchDocumentEventsRequest());
  v1::WatchDocumentEventsResponse first;
  ASSERT_TRUE(reader->Read(&first));
  EXPECT_EQ(Scrape(server, "supplynet_watch_streams_open"), 1.0);
  context->TryCancel();
  reader->Finish();
  EXPECT_TRUE(Reaches(server, "supplynet_watch_streams_open", {}, 0.0));

  const std::map<std::string, std::string> events = {{"channel", "sn_document_events"}};
  const std::map<std::string, std::string> credentials = {{"channel", "sn_credential_changes"}};
  EXPECT_EQ(Scrape(server, "supplynet_db_listener_reconnects_total", events), 0.0);
  // Cut both LISTEN connections, as a database restart or a failover does.
  db->Exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
      "WHERE datname = current_database() AND query LIKE 'LISTEN%'");
  EXPECT_TRUE(Reaches(server, "supplynet_db_listener_reconnects_total", events, 1.0));
  EXPECT_TRUE(Reaches(server, "supplynet_db_listener_reconnects_total", credentials, 1.0));
}

}  // namespace
}  // namespace supplynet::testing
