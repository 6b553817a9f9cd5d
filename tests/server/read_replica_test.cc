// --read_database_url against a real streaming hot standby of the test's own primary: lists,
// the report and a watch's catch-up come from the standby, Gets and writes from the primary.
// The standby's replay is paused (pg_wal_replay_pause) to make it lag on purpose, so that
// which server answered shows in the answer, with no timing involved.
#include <grpcpp/client_context.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "domain/paging.h"
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

class ReadReplicaTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    primary_ = new OwnCluster();
    standby_ = new OwnCluster();
    ASSERT_TRUE(primary_->Start());
    ASSERT_TRUE(standby_->StartStandbyOf(*primary_));
    server::ServerOptions options = TestServer::DefaultOptions();
    options.read_database_url = standby_->url();
    options.read_pool_size = 3;
    options.metrics_listen = "127.0.0.1:0";
    options.metrics_db_interval = absl::Milliseconds(50);
    options.watch_heartbeat = absl::Milliseconds(100);
    server_ = new TestServer(primary_->url(), options);
    CatchUp();  // The server migrated the primary as it started: the standby has the schema.
  }
  static void TearDownTestSuite() {
    delete server_;
    delete standby_;
    delete primary_;
  }

  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    accounts_ = server_->Accounts();
    suppliers_ = v1::SupplierNetworkService::NewStub(server_->channel());
    documents_ = v1::DocumentStatusService::NewStub(server_->channel());
  }
  void TearDown() override { ResumeReplay(); }

  // From here on the standby applies nothing the primary commits, until ResumeReplay().
  static void PauseReplay() { QueryValueAt(standby_->url(), "SELECT pg_wal_replay_pause()"); }
  static void ResumeReplay() { QueryValueAt(standby_->url(), "SELECT pg_wal_replay_resume()"); }
  // Waits until the standby has applied everything the primary committed so far. The insert
  // position, not the write position: with synchronous_commit off (the test clusters) a commit
  // that was acknowledged may not be written out yet.
  static void CatchUp() {
    const std::string lsn = QueryValueAt(primary_->url(), "SELECT pg_current_wal_insert_lsn()");
    ASSERT_TRUE(Eventually([&] {
      return QueryValueAt(standby_->url(),
                          "SELECT pg_last_wal_replay_lsn() >= '" + lsn + "'::pg_lsn") == "t";
    }));
  }

  static int next_;
  Party NewParty(const std::string& name) {
    const int n = next_++;
    const std::string nit = std::to_string(900100000 + n);
    return {RegisterTenant(*accounts_, nit, name + std::to_string(n)), nit};
  }

  v1::Supplier Add(const std::string& token, const std::string& name, const std::string& group) {
    v1::AddSupplierRequest request;
    v1::Supplier* s = request.mutable_supplier();
    s->mutable_tax_id()->set_country(v1::COUNTRY_CO);
    s->mutable_tax_id()->set_value(std::to_string(800100000 + next_++));
    s->set_name(name);
    s->set_email("ventas@proveedor.example");
    s->add_groups(group);
    v1::AddSupplierResponse response;
    const grpc::Status status = suppliers_->AddSupplier(Ctx(token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.supplier();
  }
  std::vector<std::string> ListedNames(const std::string& token) {
    v1::ListSuppliersResponse response;
    const grpc::Status status =
        suppliers_->ListSuppliers(Ctx(token).get(), v1::ListSuppliersRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> names;
    for (const v1::Supplier& s : response.suppliers()) names.push_back(s.name());
    std::sort(names.begin(), names.end());
    return names;
  }
  std::vector<std::string> ListedGroups(const std::string& token) {
    v1::ListGroupsResponse response;
    const grpc::Status status =
        suppliers_->ListGroups(Ctx(token).get(), v1::ListGroupsRequest(), &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> groups;
    for (const auto& g : response.groups()) groups.push_back(g.name());
    std::sort(groups.begin(), groups.end());
    return groups;
  }

  static OwnCluster* primary_;
  static OwnCluster* standby_;
  static TestServer* server_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::SupplierNetworkService::Stub> suppliers_;
  std::unique_ptr<v1::DocumentStatusService::Stub> documents_;
};

int ReadReplicaTest::next_ = 0;
OwnCluster* ReadReplicaTest::primary_ = nullptr;
OwnCluster* ReadReplicaTest::standby_ = nullptr;
TestServer* ReadReplicaTest::server_ = nullptr;

TEST_F(ReadReplicaTest, ListsComeFromTheStandbyAndAGetRightAfterAnAddFromThePrimary) {
  const Tenant client = NewParty("replicalists").tenant;
  Add(client.admin_token, "Antes", "norte");
  CatchUp();
  EXPECT_EQ(ListedNames(client.admin_token), std::vector<std::string>{"Antes"});

  PauseReplay();
  const v1::Supplier added = Add(client.admin_token, "Durante", "sur");  // Writes go on.
  v1::GetSupplierRequest get;
  get.set_supplier_id(added.supplier_id());
  v1::GetSupplierResponse got;
  const grpc::Status status = suppliers_->GetSupplier(Ctx(client.admin_token).get(), get, &got);
  ASSERT_TRUE(status.ok()) << status.error_message();  // Read-your-writes: the primary.
  EXPECT_EQ(got.supplier().name(), "Durante");
  // The standby has not applied the Add: the lists are its, one Add behind.
  EXPECT_EQ(ListedNames(client.admin_token), std::vector<std::string>{"Antes"});
  EXPECT_EQ(ListedGroups(client.admin_token), std::vector<std::string>{"norte"});

  ResumeReplay();
  EXPECT_TRUE(Eventually([&] { return ListedNames(client.admin_token).size() == 2; }));
  EXPECT_EQ(ListedGroups(client.admin_token), (std::vector<std::string>{"norte", "sur"}));
}

TEST_F(ReadReplicaTest, DocumentListsAndTheReportComeFromTheStandby) {
  const Party client = NewParty("replicadocs");
  PauseReplay();
  const v1::SyncDocumentsResponse synced =
      Sync(*documents_, client.tenant.admin_token, {Invoice("800191045", client.nit, "R1")});
  ASSERT_EQ(synced.created(), 1);
  const std::string id = synced.results(0).document_id();

  v1::GetDocumentRequest get;
  get.set_document_id(id);
  v1::GetDocumentResponse got;
  EXPECT_TRUE(documents_->GetDocument(Ctx(client.tenant.admin_token).get(), get, &got).ok());

  v1::ListDocumentsRequest list;
  list.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
  v1::ListDocumentsResponse listed;
  ASSERT_TRUE(documents_->ListDocuments(Ctx(client.tenant.admin_token).get(), list, &listed).ok());
  EXPECT_EQ(listed.documents_size(), 0);  // Not on the standby yet.

  v1::ExportDocumentReportRequest report;
  report.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
  auto context = Ctx(client.tenant.admin_token);
  auto reader = documents_->ExportDocumentReport(context.get(), report);
  std::string csv;
  v1::ExportDocumentReportResponse chunk;
  while (reader->Read(&chunk)) csv += chunk.chunk();
  ASSERT_TRUE(reader->Finish().ok());
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 1) << csv;  // The header alone.

  // The history of a document the standby does not know yet is not NOT_FOUND: the primary
  // answers what the standby cannot.
  v1::ListStatusHistoryRequest history;
  history.set_document_id(id);
  v1::ListStatusHistoryResponse changes;
  const grpc::Status status =
      documents_->ListStatusHistory(Ctx(client.tenant.admin_token).get(), history, &changes);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(changes.status_changes_size(), 1);

  ResumeReplay();
  EXPECT_TRUE(Eventually([&] {
    v1::ListDocumentsResponse now;
    return documents_->ListDocuments(Ctx(client.tenant.admin_token).get(), list, &now).ok() &&
           now.documents_size() == 1;
  }));
}

// A watch resumed from a cursor reads what the standby has from the standby, then what only
// the primary has from the primary: the event the standby has not applied is not lost.
TEST_F(ReadReplicaTest, AWatchResumedWhileTheStandbyLagsMissesNothing) {
  const Party party = NewParty("replicawatch");
  const Tenant& client = party.tenant;
  const v1::SyncDocumentsResponse synced =
      Sync(*documents_, client.admin_token, {Invoice("800191045", party.nit, "W1")});
  ASSERT_EQ(synced.created(), 1);
  const std::string id = synced.results(0).document_id();

  // A cursor of now: the first message of a stream.
  std::string cursor;
  {
    auto context = Ctx(client.admin_token);
    auto reader = documents_->WatchDocumentEvents(context.get(), v1::WatchDocumentEventsRequest());
    v1::WatchDocumentEventsResponse first;
    ASSERT_TRUE(reader->Read(&first));
    cursor = first.cursor();
    context->TryCancel();
    reader->Finish();
  }
  const auto decide = [&](v1::DocumentStatus to) {
    v1::ChangeDocumentStatusRequest request;
    request.set_document_id(id);
    request.set_status(to);
    v1::ChangeDocumentStatusResponse response;
    const grpc::Status status =
        documents_->ChangeDocumentStatus(Ctx(client.admin_token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
  };
  decide(v1::DOCUMENT_STATUS_ACCEPTED);
  CatchUp();  // The standby has the first decision...
  PauseReplay();
  decide(v1::DOCUMENT_STATUS_PAID);  // ...but not the second.

  auto context = Ctx(client.admin_token);
  v1::WatchDocumentEventsRequest request;
  request.set_start_cursor(cursor);
  auto reader = documents_->WatchDocumentEvents(context.get(), request);
  std::vector<v1::DocumentStatus> seen;
  std::map<v1::DocumentStatus, std::string> cursor_after;
  v1::WatchDocumentEventsResponse m;
  while (reader->Read(&m)) {
    if (!m.has_event() || m.event().status_change().document_id() != id) continue;
    const v1::DocumentStatus to = m.event().status_change().to_status();
    if (std::find(seen.begin(), seen.end(), to) == seen.end()) seen.push_back(to);
    cursor_after.emplace(to, m.cursor());
    if (to == v1::DOCUMENT_STATUS_PAID) break;
  }
  context->TryCancel();
  reader->Finish();
  EXPECT_EQ(seen, (std::vector<v1::DocumentStatus>{v1::DOCUMENT_STATUS_ACCEPTED,
                                                   v1::DOCUMENT_STATUS_PAID}));
  // Who served which: a cursor of the catch-up carries the horizon of the snapshot it was read
  // in (the oldest transaction running then, storage/document_event_repository.h). The
  // standby's, paused before the second decision, is older than the primary's, which has seen
  // that decision's transaction end.
  const auto horizon = [&](v1::DocumentStatus to) -> uint64_t {
    auto key = DecodePageToken({"document_events", ""}, cursor_after[to], 4, "cursor");
    EXPECT_TRUE(key.ok()) << key.status();
    return key.ok() ? std::stoull((*key)[1]) : 0;
  };
  EXPECT_LT(horizon(v1::DOCUMENT_STATUS_ACCEPTED), horizon(v1::DOCUMENT_STATUS_PAID));
}

TEST_F(ReadReplicaTest, MetricsShowTheReadPoolAndTheStandbysReplication) {
  const Tenant client = NewParty("replicametrics").tenant;
  ListedNames(client.admin_token);  // Opens a connection of the read pool.
  const int port = server_->server().metrics_port();
  ASSERT_GT(port, 0);
  std::string text;
  ASSERT_TRUE(Eventually([&] {
    text = ScrapeMetrics(port);
    return MetricValue(text, "supplynet_db_read_in_recovery") == 1.0 &&
           MetricValue(text, "supplynet_db_read_replication_lag_seconds").has_value();
  })) << text;
  EXPECT_EQ(MetricValue(text, "supplynet_db_pool_size", {{"pool", "read"}}), 3.0);
  EXPECT_EQ(MetricValue(text, "supplynet_db_pool_size", {{"pool", "write"}}), 4.0);
  EXPECT_GE(MetricValue(text, "supplynet_db_pool_open", {{"pool", "read"}}).value_or(0), 1.0);
  EXPECT_GE(MetricValue(text, "supplynet_db_read_replication_lag_seconds").value_or(-1), 0.0);
}

}  // namespace
}  // namespace supplynet::testing
