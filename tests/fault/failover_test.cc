// A failover as Patroni does it, by hand: the primary of a streaming pair is killed
// (pg_ctl stop -m immediate) and its hot standby promoted. A server connected with a
// multi-host URL and target_session_attrs=read-write finds the new primary by itself, with no
// restart: writes resume (retried with their request_id, as clients do), a Get right after an
// Add sees it, and a watch that was open before the failover hears a change written after it,
// because the LISTEN connection moved to the new primary too.
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <thread>

#include "supplynet/v1/document_status.grpc.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/documents.h"
#include "tests/support/eventually.h"
#include "tests/support/metrics_scrape.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/test_database.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

TEST(FailoverTest, ThePrimaryKilledAndTheStandbyPromotedWritesAndLiveEventsResume) {
  OwnCluster primary;
  OwnCluster standby;
  ASSERT_TRUE(primary.Start());
  ASSERT_TRUE(standby.StartStandbyOf(primary));
  const std::string url = "postgresql://postgres@" + primary.host_port() + "," +
                          standby.host_port() +
                          "/postgres?target_session_attrs=read-write&connect_timeout=5";
  server::ServerOptions options = TestServer::DefaultOptions();
  options.metrics_listen = "127.0.0.1:0";
  options.watch_heartbeat = absl::Milliseconds(100);
  TestServer server(url, options);
  ASSERT_TRUE(server.ok());
  auto accounts = server.Accounts();
  auto suppliers = v1::SupplierNetworkService::NewStub(server.channel());
  auto documents = v1::DocumentStatusService::NewStub(server.channel());
  const Tenant client = RegisterTenant(*accounts, "890321567", "failover");
  const v1::SyncDocumentsResponse synced =
      Sync(*documents, client.admin_token, {Invoice("800191045", "890321567", "F1")});
  ASSERT_EQ(synced.created(), 1);
  const std::string document_id = synced.results(0).document_id();

  auto watch_context = Ctx(client.admin_token);
  watch_context->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(3));
  auto watch =
      documents->WatchDocumentEvents(watch_context.get(), v1::WatchDocumentEventsRequest());
  v1::WatchDocumentEventsResponse first;
  ASSERT_TRUE(watch->Read(&first));
  std::string cursor = first.cursor();

  // Replication is asynchronous: let the standby have everything before the primary dies, so
  // that the test is about reconnecting, not about the last commits a crash may lose.
  // (The insert position: with synchronous_commit off an acknowledged commit may not be
  // written out yet.)
  const std::string lsn = QueryValueAt(primary.url(), "SELECT pg_current_wal_insert_lsn()");
  ASSERT_TRUE(Eventually([&] {
    return QueryValueAt(standby.url(),
                        "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn") == "t";
  }));
  ASSERT_TRUE(primary.Stop("immediate"));
  ASSERT_TRUE(standby.Promote());

  // Writes resume on the new primary; each retry carries the same request_id.
  v1::AddSupplierRequest add;
  add.set_request_id("6f1d4a52-7a43-4c8e-9a55-3f0b8f2d1c01");
  add.mutable_supplier()->mutable_tax_id()->set_country(v1::COUNTRY_CO);
  add.mutable_supplier()->mutable_tax_id()->set_value("800100001");
  add.mutable_supplier()->set_name("Después");
  add.mutable_supplier()->set_email("ventas@proveedor.example");
  v1::AddSupplierResponse added;
  grpc::Status status;
  ASSERT_TRUE(Eventually([&] {
    status = suppliers->AddSupplier(Ctx(client.admin_token).get(), add, &added);
    return status.ok();
  })) << status.error_message();
  v1::GetSupplierRequest get;
  get.set_supplier_id(added.supplier().supplier_id());
  v1::GetSupplierResponse got;
  status = suppliers->GetSupplier(Ctx(client.admin_token).get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(got.supplier().name(), "Después");

  v1::ChangeDocumentStatusRequest decide;
  decide.set_request_id("6f1d4a52-7a43-4c8e-9a55-3f0b8f2d1c02");
  decide.set_document_id(document_id);
  decide.set_status(v1::DOCUMENT_STATUS_ACCEPTED);
  v1::ChangeDocumentStatusResponse decided;
  ASSERT_TRUE(Eventually([&] {
    status = documents->ChangeDocumentStatus(Ctx(client.admin_token).get(), decide, &decided);
    return status.ok();
  })) << status.error_message();

  // The watch hears the decision. A stream that the failover ended (UNAVAILABLE: resume from
  // the last cursor) is resumed as a client does, on the same server.
  bool heard = false;
  for (int resumes = 0; !heard && resumes < 100; ++resumes) {
    v1::WatchDocumentEventsResponse m;
    while (!heard && watch->Read(&m)) {
      cursor = m.cursor();
      heard = m.has_event() && m.event().status_change().document_id() == document_id &&
              m.event().status_change().to_status() == v1::DOCUMENT_STATUS_ACCEPTED;
    }
    if (heard) break;
    const grpc::Status ended = watch->Finish();
    ASSERT_EQ(ended.error_code(), grpc::StatusCode::UNAVAILABLE) << ended.error_message();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    watch_context = Ctx(client.admin_token);
    v1::WatchDocumentEventsRequest resume;
    resume.set_start_cursor(cursor);
    watch = documents->WatchDocumentEvents(watch_context.get(), resume);
  }
  EXPECT_TRUE(heard);
  watch_context->TryCancel();
  watch->Finish();

  EXPECT_GE(
      MetricValue(ScrapeMetrics(server.server().metrics_port()),
                  "supplynet_db_listener_reconnects_total", {{"channel", "sn_document_events"}})
          .value_or(0),
      1.0);
}

}  // namespace
}  // namespace supplynet::testing
