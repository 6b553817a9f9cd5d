// WatchDocumentEvents over real channels and a real PostgreSQL: a change made through one
// server replica reaches a watcher on another (LISTEN/NOTIFY); a watcher resumes from its
// cursor without missing an event that committed out of id order; heartbeats; the direction
// filter; the listener catching up after losing its connection.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <functional>
#include <set>
#include <string>

#include "domain/paging.h"
#include "domain/secrets.h"
#include "pqxx/connection"
#include "pqxx/nontransaction"
#include "pqxx/transaction"
#include "supplynet/v1/document_status.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/documents.h"
#include "tests/support/server_process.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/test_database.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

std::vector<std::string> ReplicaArgs(const TestDatabase& db) {
  return {"--listen=127.0.0.1:0", "--metrics_listen=", "--database_url=" + db.url(),
          "--password_hash_cost=minimum"};
}

grpc::Status Decide(v1::DocumentStatusService::Stub& stub, const std::string& token,
                    const std::string& id, v1::DocumentStatus to) {
  v1::ChangeDocumentStatusRequest request;
  request.set_document_id(id);
  request.set_status(to);
  v1::ChangeDocumentStatusResponse response;
  return stub.ChangeDocumentStatus(Ctx(token).get(), request, &response);
}

// A watch stream and its first message (no event: the stream is live).
struct Watch {
  std::unique_ptr<grpc::ClientContext> context;
  std::unique_ptr<grpc::ClientReader<v1::WatchDocumentEventsResponse>> reader;
  v1::WatchDocumentEventsResponse first;
  bool live = false;
};

std::unique_ptr<Watch> StartWatch(v1::DocumentStatusService::Stub& stub, const std::string& token,
                                  const std::string& cursor = "") {
  auto w = std::make_unique<Watch>();
  w->context = Ctx(token);
  v1::WatchDocumentEventsRequest request;
  request.set_start_cursor(cursor);
  w->reader = stub.WatchDocumentEvents(w->context.get(), request);
  w->live = w->reader->Read(&w->first);
  return w;
}

// Reads messages until an event that `wanted` accepts. Delivery is at-least-once: a stream
// may first repeat changes committed shortly before its start or cursor (while an older
// transaction was still running); those are passed over.
v1::WatchDocumentEventsResponse EventWhere(
    Watch& watch, const std::function<bool(const v1::StatusChange&)>& wanted) {
  v1::WatchDocumentEventsResponse m;
  while (watch.reader->Read(&m)) {
    if (m.has_event() && wanted(m.event().status_change())) return m;
  }
  ADD_FAILURE() << "the stream ended: " << watch.reader->Finish().error_message();
  return m;
}

// The change of `document_id` to `to`.
std::function<bool(const v1::StatusChange&)> ChangeOf(const std::string& document_id,
                                                      v1::DocumentStatus to) {
  return [document_id, to](const v1::StatusChange& c) {
    return c.document_id() == document_id && c.to_status() == to;
  };
}

TEST(DocumentEventReplicasTest, ChangeOnOneReplicaReachesAWatcherOnAnotherAndResumes) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  ServerProcess a(ReplicaArgs(*db));
  ASSERT_GT(a.port(), 0) << a.Log();
  ServerProcess b(ReplicaArgs(*db));
  ASSERT_GT(b.port(), 0) << b.Log();
  auto channel_a = grpc::CreateChannel(a.address(), grpc::InsecureChannelCredentials());
  auto channel_b = grpc::CreateChannel(b.address(), grpc::InsecureChannelCredentials());
  auto accounts = v1::AccountService::NewStub(channel_a);
  auto on_a = v1::DocumentStatusService::NewStub(channel_a);
  auto on_b = v1::DocumentStatusService::NewStub(channel_b);
  const Tenant client = RegisterTenant(*accounts, "890321567", "eventsclient");
  const Tenant supplier = RegisterTenant(*accounts, "800191045", "eventssupplier");
  const v1::SyncDocumentsResponse synced =
      Sync(*on_a, client.admin_token, {Invoice("800191045", "890321567", "E1")});
  ASSERT_EQ(synced.created(), 1);
  const std::string id = synced.results(0).document_id();

  std::unique_ptr<Watch> watch = StartWatch(*on_b, client.admin_token);
  ASSERT_TRUE(watch->live);
  EXPECT_FALSE(watch->first.has_event());
  ASSERT_TRUE(Decide(*on_a, client.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED).ok());
  const v1::WatchDocumentEventsResponse accepted =
      EventWhere(*watch, ChangeOf(id, v1::DOCUMENT_STATUS_ACCEPTED));
  EXPECT_EQ(accepted.event().status_change().document_id(), id);
  EXPECT_EQ(accepted.event().status_change().to_status(), v1::DOCUMENT_STATUS_ACCEPTED);
  EXPECT_EQ(accepted.event().direction(), v1::DOCUMENT_DIRECTION_RECEIVED);
  watch->context->TryCancel();
  watch->reader->Finish();

  // Changed while nobody watches; the watcher comes back with its cursor, on the other replica.
  ASSERT_TRUE(Decide(*on_a, client.admin_token, id, v1::DOCUMENT_STATUS_PAID).ok());
  std::unique_ptr<Watch> resumed = StartWatch(*on_a, client.admin_token, accepted.cursor());
  ASSERT_TRUE(resumed->live);
  const v1::WatchDocumentEventsResponse paid =
      EventWhere(*resumed, ChangeOf(id, v1::DOCUMENT_STATUS_PAID));
  EXPECT_EQ(paid.event().status_change().to_status(), v1::DOCUMENT_STATUS_PAID);
  resumed->context->TryCancel();
  resumed->reader->Finish();

  // Another company cannot resume from the client's cursor.
  std::unique_ptr<Watch> foreign = StartWatch(*on_b, supplier.admin_token, accepted.cursor());
  EXPECT_FALSE(foreign->live);
  EXPECT_EQ(foreign->reader->Finish().error_code(), grpc::StatusCode::OUT_OF_RANGE);
}

class DocumentEventsTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    server::ServerOptions options = TestServer::DefaultOptions();
    options.watch_heartbeat = absl::Milliseconds(100);
    StartServer(options);
  }
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    accounts_ = server_->Accounts();
    documents_ = v1::DocumentStatusService::NewStub(server_->channel());
    client_ = NewParty("evclient");
    supplier_ = NewParty("evsupplier");
  }

  Party NewParty(const std::string& prefix) {
    const int n = next_++;
    return RegisterParty(*accounts_, std::to_string(820000000 + n), prefix + std::to_string(n));
  }
  // A new invoice from `issuer` to `receiver`, synced by the receiver (SENT: the default
  // workflow requires no field); the issuer is registered in the receiver's network.
  std::string NewDocument(const Party& issuer, const Party& receiver) {
    const v1::SyncDocumentsResponse synced =
        Sync(*documents_, receiver.tenant.admin_token,
             {Invoice(issuer.nit, receiver.nit, std::to_string(5000 + next_++))});
    EXPECT_EQ(synced.created(), 1);
    Link(*db_, receiver, issuer);
    return synced.results_size() == 1 ? synced.results(0).document_id() : "";
  }
  // Reads the next message that carries an event.
  static v1::WatchDocumentEventsResponse NextEvent(Watch& watch) {
    v1::WatchDocumentEventsResponse m;
    while (watch.reader->Read(&m)) {
      if (m.has_event()) return m;
    }
    ADD_FAILURE() << "the stream ended: " << watch.reader->Finish().error_message();
    return m;
  }
  static void Stop(Watch& watch) {
    watch.context->TryCancel();
    watch.reader->Finish();
  }

  static int next_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::DocumentStatusService::Stub> documents_;
  Party client_;
  Party supplier_;
};

int DocumentEventsTest::next_ = 0;

TEST_F(DocumentEventsTest, AResumedWatcherGetsAnEarlierEventThatCommittedAfterItsCursor) {
  const std::string early = NewDocument(supplier_, client_);
  const std::string late = NewDocument(supplier_, client_);
  std::unique_ptr<Watch> watch = StartWatch(*documents_, client_.tenant.admin_token);
  std::unique_ptr<Watch> stays = StartWatch(*documents_, client_.tenant.admin_token);
  ASSERT_TRUE(watch->live && stays->live);

  // A change that draws its event id first and commits last.
  pqxx::connection conn(db_->url());
  pqxx::work held(conn);
  const int64_t early_id =
      held.exec(
              "INSERT INTO document_status_changes (document_id, receiver_company_id, "
              "from_status, to_status, actor_type, change_time) SELECT document_id, "
              "receiver_company_id, 'SENT', 'ACCEPTED', 'SYSTEM', now() FROM documents "
              "WHERE document_id = '" +
              early + "' RETURNING event_id")[0][0]
          .as<int64_t>();
  ASSERT_TRUE(
      Decide(*documents_, client_.tenant.admin_token, late, v1::DOCUMENT_STATUS_ACCEPTED).ok());
  const v1::WatchDocumentEventsResponse seen =
      EventWhere(*watch, ChangeOf(late, v1::DOCUMENT_STATUS_ACCEPTED));
  EXPECT_EQ(seen.event().status_change().document_id(), late);
  ASSERT_LT(early_id,
            std::stoll(db_->QueryValue("SELECT event_id FROM document_status_changes WHERE "
                                       "status_change_id = '" +
                                       seen.event().status_change().status_change_id() + "'")));
  Stop(*watch);
  held.commit();

  // A watcher that stayed gets it live; one that resumes from the later event's cursor too.
  // In commit order: the later-drawn id first.
  EventWhere(*stays, ChangeOf(late, v1::DOCUMENT_STATUS_ACCEPTED));
  EventWhere(*stays, ChangeOf(early, v1::DOCUMENT_STATUS_ACCEPTED));
  Stop(*stays);
  std::unique_ptr<Watch> resumed =
      StartWatch(*documents_, client_.tenant.admin_token, seen.cursor());
  ASSERT_TRUE(resumed->live);
  const v1::WatchDocumentEventsResponse missed =
      EventWhere(*resumed, ChangeOf(early, v1::DOCUMENT_STATUS_ACCEPTED));
  EXPECT_EQ(missed.event().status_change().document_id(), early);
  EXPECT_EQ(missed.event().status_change().to_status(), v1::DOCUMENT_STATUS_ACCEPTED);
  Stop(*resumed);
}

TEST_F(DocumentEventsTest, ACursorWithoutAHorizonStillResumesByEventId) {
  const std::string id = NewDocument(supplier_, client_);
  std::unique_ptr<Watch> watch = StartWatch(*documents_, client_.tenant.admin_token);
  ASSERT_TRUE(watch->live);
  ASSERT_TRUE(
      Decide(*documents_, client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED).ok());
  const v1::WatchDocumentEventsResponse accepted =
      EventWhere(*watch, ChangeOf(id, v1::DOCUMENT_STATUS_ACCEPTED));
  Stop(*watch);
  ASSERT_TRUE(Decide(*documents_, client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_PAID).ok());

  // The cursor format of the first release: event id and company digest.
  const std::string legacy =
      EncodePageToken({"document_events", ""},
                      {db_->QueryValue("SELECT event_id FROM "
                                       "document_status_changes WHERE "
                                       "status_change_id = '" +
                                       accepted.event().status_change().status_change_id() + "'"),
                       HashToken(client_.tenant.company_id).substr(0, 16)});
  std::unique_ptr<Watch> resumed = StartWatch(*documents_, client_.tenant.admin_token, legacy);
  ASSERT_TRUE(resumed->live);
  EXPECT_EQ(EventWhere(*resumed, ChangeOf(id, v1::DOCUMENT_STATUS_PAID))
                .event()
                .status_change()
                .to_status(),
            v1::DOCUMENT_STATUS_PAID);
  Stop(*resumed);
}

TEST_F(DocumentEventsTest, AMalformedCursorIsOutOfRange) {
  std::unique_ptr<Watch> watch =
      StartWatch(*documents_, client_.tenant.admin_token, "not-a-cursor");
  EXPECT_FALSE(watch->live);
  EXPECT_EQ(watch->reader->Finish().error_code(), grpc::StatusCode::OUT_OF_RANGE);
}

TEST_F(DocumentEventsTest, AQuietStreamSendsHeartbeatsWithTheCursor) {
  std::unique_ptr<Watch> watch = StartWatch(*documents_, client_.tenant.admin_token);
  ASSERT_TRUE(watch->live);
  ASSERT_FALSE(watch->first.cursor().empty());
  v1::WatchDocumentEventsResponse heartbeat;
  ASSERT_TRUE(watch->reader->Read(&heartbeat));
  EXPECT_FALSE(heartbeat.has_event());
  EXPECT_EQ(heartbeat.cursor(), watch->first.cursor());
  Stop(*watch);
}

TEST_F(DocumentEventsTest, TheDirectionFilterKeepsOnlyThatSidesDocuments) {
  const Party buyer = NewParty("evbuyer");
  const std::string received = NewDocument(supplier_, client_);
  const std::string issued = NewDocument(client_, buyer);
  std::unique_ptr<Watch> watch = StartWatch(*documents_, client_.tenant.admin_token);
  ASSERT_TRUE(watch->live);
  Stop(*watch);
  v1::WatchDocumentEventsRequest request;
  request.set_direction(v1::DOCUMENT_DIRECTION_ISSUED);
  auto context = Ctx(client_.tenant.admin_token);
  Watch issued_only{std::move(context), nullptr, {}, false};
  issued_only.reader = documents_->WatchDocumentEvents(issued_only.context.get(), request);
  ASSERT_TRUE(issued_only.reader->Read(&issued_only.first));

  ASSERT_TRUE(
      Decide(*documents_, client_.tenant.admin_token, received, v1::DOCUMENT_STATUS_ACCEPTED).ok());
  ASSERT_TRUE(
      Decide(*documents_, buyer.tenant.admin_token, issued, v1::DOCUMENT_STATUS_ACCEPTED).ok());
  // The received document's decision came first; the filter keeps only the issued one's.
  const v1::WatchDocumentEventsResponse first = EventWhere(
      issued_only,
      [](const v1::StatusChange& c) { return c.to_status() == v1::DOCUMENT_STATUS_ACCEPTED; });
  EXPECT_EQ(first.event().status_change().document_id(), issued);
  EXPECT_EQ(first.event().direction(), v1::DOCUMENT_DIRECTION_ISSUED);
  Stop(issued_only);
}

TEST_F(DocumentEventsTest, TheListenerCatchesUpOnWhatCommittedWhileItWasDisconnected) {
  const std::string id = NewDocument(supplier_, client_);
  std::unique_ptr<Watch> watch = StartWatch(*documents_, client_.tenant.admin_token);
  ASSERT_TRUE(watch->live);

  // The listener loses its connection and cannot reconnect until the change has committed
  // (the server's pool keeps the connections it has).
  pqxx::connection admin(TestDatabase::AdminUrl());
  pqxx::nontransaction sql(admin);
  const std::string database = sql.quote_name(db_->name());
  sql.exec("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
  const pqxx::result killed = sql.exec(
      "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = " +
      sql.quote(db_->name()) + " AND query LIKE 'LISTEN%' AND query LIKE '%sn_document_events%'");
  const grpc::Status decided =
      Decide(*documents_, client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED);
  sql.exec("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
  ASSERT_EQ(killed.size(), 1U);
  ASSERT_TRUE(killed[0][0].as<bool>());
  ASSERT_TRUE(decided.ok()) << decided.error_message();

  const v1::WatchDocumentEventsResponse caught_up =
      EventWhere(*watch, ChangeOf(id, v1::DOCUMENT_STATUS_ACCEPTED));
  EXPECT_EQ(caught_up.event().status_change().document_id(), id);
  EXPECT_EQ(caught_up.event().status_change().to_status(), v1::DOCUMENT_STATUS_ACCEPTED);
  Stop(*watch);
}

TEST_F(DocumentEventsTest, EveryDocumentOfALargeSyncReachesTheWatcherOnce) {
  std::unique_ptr<Watch> watch = StartWatch(*documents_, client_.tenant.admin_token);
  ASSERT_TRUE(watch->live);
  std::vector<v1::Document> batch;
  batch.reserve(1200);
  for (int i = 0; i < 1200; ++i) {
    batch.push_back(Invoice(supplier_.nit, client_.nit, "B" + std::to_string(i)));
  }
  const v1::SyncDocumentsResponse synced = Sync(*documents_, client_.tenant.admin_token, batch);
  ASSERT_EQ(synced.created(), 1200);
  std::set<std::string> expected;
  for (const v1::SyncDocumentResult& r : synced.results()) expected.insert(r.document_id());
  std::set<std::string> seen;
  for (int i = 0; i < 1200; ++i) {
    const v1::WatchDocumentEventsResponse m = NextEvent(*watch);
    EXPECT_EQ(m.event().status_change().to_status(), v1::DOCUMENT_STATUS_SENT);
    EXPECT_TRUE(seen.insert(m.event().status_change().document_id()).second);
  }
  EXPECT_EQ(seen, expected);
  Stop(*watch);
}

}  // namespace
}  // namespace supplynet::testing
