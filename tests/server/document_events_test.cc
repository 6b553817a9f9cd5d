// WatchDocumentEvents across two server replicas on one database: a change made through one
// reaches a watcher on the other (LISTEN/NOTIFY), and a watcher resumes from its cursor.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <string>

#include "supplynet/v1/document_status.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/documents.h"
#include "tests/support/server_process.h"
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

TEST(DocumentEventsTest, ChangeOnOneReplicaReachesAWatcherOnAnotherAndResumes) {
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
  v1::WatchDocumentEventsResponse accepted;
  ASSERT_TRUE(watch->reader->Read(&accepted));
  EXPECT_EQ(accepted.event().status_change().document_id(), id);
  EXPECT_EQ(accepted.event().status_change().to_status(), v1::DOCUMENT_STATUS_ACCEPTED);
  EXPECT_EQ(accepted.event().direction(), v1::DOCUMENT_DIRECTION_RECEIVED);
  watch->context->TryCancel();
  watch->reader->Finish();

  // Changed while nobody watches; the watcher comes back with its cursor, on the other replica.
  ASSERT_TRUE(Decide(*on_a, client.admin_token, id, v1::DOCUMENT_STATUS_PAID).ok());
  std::unique_ptr<Watch> resumed = StartWatch(*on_a, client.admin_token, accepted.cursor());
  ASSERT_TRUE(resumed->live);
  v1::WatchDocumentEventsResponse paid;
  ASSERT_TRUE(resumed->reader->Read(&paid));
  EXPECT_EQ(paid.event().status_change().to_status(), v1::DOCUMENT_STATUS_PAID);
  resumed->context->TryCancel();
  resumed->reader->Finish();

  // Another company cannot resume from the client's cursor.
  std::unique_ptr<Watch> foreign = StartWatch(*on_b, supplier.admin_token, accepted.cursor());
  EXPECT_FALSE(foreign->live);
  EXPECT_EQ(foreign->reader->Finish().error_code(), grpc::StatusCode::OUT_OF_RANGE);
}

}  // namespace
}  // namespace supplynet::testing
