// The DocumentStatusService methods of supplynet::client::Client against the real server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>

#include "supplynet/client/client.h"
#include "tests/support/accounts.h"
#include "tests/support/documents.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

constexpr char kPlatformNit[] = "900999002";
constexpr char kRequestId[] = "6a1d3c9e-2f4b-4e8a-9c7d-1b2a3f4e5d60";

class DocumentClientTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    server::ServerOptions options = TestServer::DefaultOptions();
    options.ingestion_company = std::string("CO:") + kPlatformNit;
    StartServer(options);
  }
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    client_nit_ = NextNit();
    supplier_nit_ = NextNit();
    client_ = LoggedIn(client_nit_, "doc-client-");
    supplier_ = LoggedIn(supplier_nit_, "doc-supplier-");
    ASSERT_NE(client_, nullptr);
    ASSERT_NE(supplier_, nullptr);
  }

  static std::unique_ptr<client::Client> Connect(client::Credentials credentials = {}) {
    client::ClientOptions options;
    options.target = server_->address();
    options.credentials = std::move(credentials);
    return std::make_unique<client::Client>(options);
  }
  // Registers a company whose NIT is `nit` and logs its administrator in.
  static std::unique_ptr<client::Client> LoggedIn(const std::string& nit,
                                                  const std::string& prefix) {
    auto client = Connect();
    const std::string admin = prefix + std::to_string(next_++);
    if (!client->RegisterCompany(CompanyRequest(nit, admin)).ok()) return nullptr;
    if (!client->Login(admin, kPassword).ok()) return nullptr;
    return client;
  }
  static std::string NextNit() { return std::to_string(950000000 + next_++); }
  static std::string NextNumber() { return std::to_string(5000 + next_++); }

  // An invoice from the supplier to the client, synced by the supplier (which registers it in
  // the client's network); returns its id.
  std::string NewDocument(const std::map<std::string, std::string>& fields = {}) {
    auto synced =
        supplier_->SyncDocuments({Invoice(supplier_nit_, client_nit_, NextNumber(), fields)});
    EXPECT_TRUE(synced.ok()) << synced.status();
    if (!synced.ok() || synced->results_size() != 1) return "";
    EXPECT_EQ(synced->results(0).outcome(), v1::SYNC_DOCUMENT_OUTCOME_CREATED);
    return synced->results(0).document_id();
  }
  // The client requires a purchase order "PO-" + 4 digits.
  void RequirePurchaseOrder() {
    auto workflow = client_->GetWorkflow();
    ASSERT_TRUE(workflow.ok()) << workflow.status();
    v1::ValidationField* field = workflow->add_required_fields();
    field->set_name("purchase_order");
    field->set_label("Purchase order number");
    field->set_pattern(R"(PO-\d{4})");
    auto updated = client_->UpdateWorkflow(*workflow, {"required_fields"});
    ASSERT_TRUE(updated.ok()) << updated.status();
  }

  static int next_;
  std::string client_nit_;
  std::string supplier_nit_;
  std::unique_ptr<client::Client> client_;
  std::unique_ptr<client::Client> supplier_;
};

int DocumentClientTest::next_ = 1;

TEST_F(DocumentClientTest, SyncStreamsASourceInSeveralCallsAndVisitsEveryResult) {
  std::vector<v1::Document> documents;
  for (int i = 0; i < 4; ++i)
    documents.push_back(Invoice(supplier_nit_, client_nit_, NextNumber()));
  documents[2].set_net_amount("12,50");
  size_t next = 0;
  auto source = [&](v1::SyncDocumentsRequest& request) -> absl::StatusOr<bool> {
    if (next == documents.size()) return false;
    request.set_client_key("doc-" + std::to_string(next));
    *request.mutable_document() = documents[next++];
    return true;
  };
  std::vector<v1::SyncDocumentResult> results;
  std::vector<client::SyncProgress> progress;
  auto totals = supplier_->SyncDocuments(
      source, [&results](const v1::SyncDocumentResult& r) { results.push_back(r); },
      [&progress](const client::SyncProgress& p) { progress.push_back(p); }, /*per_call=*/3);
  ASSERT_TRUE(totals.ok()) << totals.status();
  EXPECT_EQ(totals->created(), 3);
  EXPECT_EQ(totals->rejected(), 1);
  EXPECT_THAT(totals->results(), IsEmpty());
  // Indexes count across both calls (3 documents, then 1).
  ASSERT_EQ(results.size(), 4u);
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(results[i].index(), i);
    EXPECT_EQ(results[i].client_key(), "doc-" + std::to_string(i));
  }
  EXPECT_EQ(results[2].outcome(), v1::SYNC_DOCUMENT_OUTCOME_REJECTED);
  const absl::Status error = client::FromRpcStatus(results[2].error());
  EXPECT_EQ(error.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(client::FieldViolations(error),
              ElementsAre(Field(&client::FieldViolation::field, HasSubstr("net_amount"))));
  ASSERT_EQ(progress.size(), 5u);
  EXPECT_EQ(progress[3].documents_sent, 4);
  EXPECT_TRUE(progress[4].done);
  EXPECT_EQ(progress[4].results_received, 4);

  // The same documents again change nothing.
  next = 0;
  auto again = supplier_->SyncDocuments(source, nullptr);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->unchanged(), 3);
}

TEST_F(DocumentClientTest, SyncStopsWithTheSourcesError) {
  bool given = false;
  auto source = [&](v1::SyncDocumentsRequest& request) -> absl::StatusOr<bool> {
    if (given) return absl::DataLossError("disk gone");
    given = true;
    *request.mutable_document() = Invoice(supplier_nit_, client_nit_, NextNumber());
    return true;
  };
  auto synced = supplier_->SyncDocuments(source, nullptr);
  EXPECT_EQ(synced.status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(supplier_->SyncDocuments(source, nullptr, nullptr, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(DocumentClientTest, OnlyThePartiesOrTheIngestionServiceAccountMaySync) {
  auto stranger = LoggedIn(NextNit(), "doc-stranger-");
  auto denied = stranger->SyncDocuments({Invoice(supplier_nit_, client_nit_, NextNumber())});
  ASSERT_TRUE(denied.ok()) << denied.status();
  EXPECT_EQ(denied->results(0).error().code(),
            static_cast<int>(absl::StatusCode::kPermissionDenied));

  auto platform = LoggedIn(kPlatformNit, "doc-platform-");
  v1::ServiceAccount account;
  account.set_display_name("dian");
  account.set_role(v1::ROLE_ADMIN);
  auto key = platform->CreateServiceAccount(account);
  ASSERT_TRUE(key.ok()) << key.status();
  auto ingestion = Connect(client::Credentials::ServiceAccountKey(key->key()));
  auto synced = ingestion->SyncDocuments({Invoice(supplier_nit_, client_nit_, NextNumber())});
  ASSERT_TRUE(synced.ok()) << synced.status();
  EXPECT_EQ(synced->created(), 1);
}

TEST_F(DocumentClientTest, GetAndEveryPageOfBothSides) {
  std::vector<v1::Document> documents;
  for (int i = 0; i < 5; ++i)
    documents.push_back(Invoice(supplier_nit_, client_nit_, NextNumber()));
  ASSERT_TRUE(supplier_->SyncDocuments(documents).ok());

  v1::DocumentFilter received;
  received.set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
  std::vector<std::string> ids;
  ASSERT_TRUE(client_
                  ->ForEachDocument(
                      received, [&ids](const v1::Document& d) { ids.push_back(d.document_id()); },
                      /*page_size=*/2)
                  .ok());
  EXPECT_EQ(ids.size(), 5u);
  v1::DocumentFilter issued;
  issued.set_direction(v1::DOCUMENT_DIRECTION_ISSUED);
  int count = 0;
  ASSERT_TRUE(supplier_->ForEachDocument(issued, [&count](const v1::Document&) { ++count; }).ok());
  EXPECT_EQ(count, 5);

  v1::ListDocumentsRequest page;
  *page.mutable_filter() = received;
  page.set_page_size(2);
  auto first = client_->ListDocuments(page);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->documents_size(), 2);
  EXPECT_FALSE(first->next_page_token().empty());

  auto got = supplier_->GetDocument(ids[0]);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->total_amount(), "119.00");
  auto stranger = LoggedIn(NextNit(), "doc-stranger-");
  EXPECT_EQ(stranger->GetDocument(ids[0]).status().code(), absl::StatusCode::kNotFound);
  // A list without a direction names the field.
  EXPECT_THAT(client::FieldViolations(
                  client_->ForEachDocument(v1::DocumentFilter(), [](const v1::Document&) {})),
              ElementsAre(Field(&client::FieldViolation::field, "filter.direction")));
}

TEST_F(DocumentClientTest, WorkflowSavesWithItsEtag) {
  auto original = client_->GetWorkflow();
  ASSERT_TRUE(original.ok()) << original.status();
  EXPECT_THAT(original->required_fields(), IsEmpty());
  EXPECT_FALSE(original->allowed_transitions().empty());
  v1::Workflow change = *original;
  change.add_required_fields()->set_name("store");
  change.mutable_required_fields(0)->set_label("Store");
  auto saved = client_->UpdateWorkflow(change, {"required_fields"});
  ASSERT_TRUE(saved.ok()) << saved.status();
  EXPECT_EQ(saved->required_fields_size(), 1);
  change.set_etag(saved->etag());
  ASSERT_TRUE(client_->UpdateWorkflow(change, {"required_fields"}).ok());
  // The etag read before that save is stale now.
  EXPECT_EQ(client_->UpdateWorkflow(change, {"required_fields"}).status().code(),
            absl::StatusCode::kAborted);
  change.set_etag("");
  change.mutable_required_fields(0)->set_name("Not A Name");
  EXPECT_THAT(
      client::FieldViolations(client_->UpdateWorkflow(change, {"required_fields"}).status()),
      ElementsAre(Field(&client::FieldViolation::field, "workflow.required_fields[0].name")));
}

TEST_F(DocumentClientTest, SupplierValidatesRestartsAndClientDecides) {
  RequirePurchaseOrder();
  const std::string id = NewDocument();
  auto wrong = supplier_->UpdateValidationInfo(id, {{"purchase_order", "12"}});
  EXPECT_THAT(client::FieldViolations(wrong.status()),
              ElementsAre(Field(&client::FieldViolation::field, "values[purchase_order]")));
  EXPECT_EQ(client_->UpdateValidationInfo(id, {{"purchase_order", "PO-1234"}}).status().code(),
            absl::StatusCode::kPermissionDenied);

  auto valid = supplier_->UpdateValidationInfo(id, {{"purchase_order", "PO-1234"}});
  ASSERT_TRUE(valid.ok()) << valid.status();
  EXPECT_EQ(valid->document().status(), v1::DOCUMENT_STATUS_SENT);
  EXPECT_THAT(valid->missing_fields(), IsEmpty());
  auto restarted = supplier_->RestartValidation(id, valid->document().etag());
  ASSERT_TRUE(restarted.ok()) << restarted.status();
  EXPECT_EQ(restarted->document().status(), v1::DOCUMENT_STATUS_PENDING_INFORMATION);
  EXPECT_EQ(restarted->restarts_remaining(), 4);
  auto pending = supplier_->UpdateValidationInfo(id, {}, restarted->document().etag());
  ASSERT_TRUE(pending.ok()) << pending.status();
  EXPECT_THAT(pending->missing_fields(), ElementsAre("purchase_order"));
  ASSERT_TRUE(supplier_->UpdateValidationInfo(id, {{"purchase_order", "PO-4321"}}).ok());

  EXPECT_EQ(supplier_->ChangeDocumentStatus(id, v1::DOCUMENT_STATUS_ACCEPTED).status().code(),
            absl::StatusCode::kPermissionDenied);
  auto bare = client_->ChangeDocumentStatus(id, v1::DOCUMENT_STATUS_REJECTED);
  EXPECT_EQ(bare.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(client::FieldViolations(bare.status()).size(), 2u);
  v1::StatusReason reason;
  reason.set_code(v1::STATUS_REASON_CODE_GOODS_NOT_DELIVERED);
  reason.set_text("Nada llegó");
  auto rejected =
      client_->ChangeDocumentStatus(id, v1::DOCUMENT_STATUS_REJECTED, reason, "", kRequestId);
  ASSERT_TRUE(rejected.ok()) << rejected.status();
  EXPECT_EQ(rejected->document().color(), v1::TRAFFIC_LIGHT_COLOR_RED);
  // A retry with the same request id returns the first result.
  auto retried =
      client_->ChangeDocumentStatus(id, v1::DOCUMENT_STATUS_REJECTED, reason, "", kRequestId);
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_EQ(retried->status_change().status_change_id(),
            rejected->status_change().status_change_id());

  auto history = supplier_->ListAllStatusChanges(id);
  ASSERT_TRUE(history.ok()) << history.status();
  std::vector<v1::DocumentStatus> tos;
  for (const v1::StatusChange& change : *history) tos.push_back(change.to_status());
  EXPECT_THAT(tos, ElementsAre(v1::DOCUMENT_STATUS_PENDING_INFORMATION, v1::DOCUMENT_STATUS_SENT,
                               v1::DOCUMENT_STATUS_PENDING_INFORMATION, v1::DOCUMENT_STATUS_SENT,
                               v1::DOCUMENT_STATUS_REJECTED));
  EXPECT_EQ(history->back().reason().text(), "Nada llegó");
  v1::ListStatusHistoryRequest page;
  page.set_document_id(id);
  page.set_page_size(2);
  auto first = client_->ListStatusHistory(page);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_EQ(first->status_changes_size(), 2);
}

TEST_F(DocumentClientTest, ReportStreamsTheCsvIntoAStream) {
  ASSERT_FALSE(NewDocument().empty());
  ASSERT_FALSE(NewDocument().empty());
  v1::DocumentFilter filter;
  filter.set_direction(v1::DOCUMENT_DIRECTION_ISSUED);
  std::ostringstream csv;
  auto download = supplier_->ExportDocumentReport(filter, csv);
  ASSERT_TRUE(download.ok()) << download.status();
  const std::string text = csv.str();
  EXPECT_THAT(text, StartsWith("Document ID,Country,Type,"));
  EXPECT_EQ(std::count(text.begin(), text.end(), '\n'), 3);  // The header and two documents.
  EXPECT_EQ(download->bytes, static_cast<int64_t>(text.size()));
  EXPECT_THAT(download->content_type, StartsWith("text/csv"));
  EXPECT_THAT(download->filename, HasSubstr("issued"));
  EXPECT_EQ(supplier_->ExportDocumentReport(v1::DocumentFilter(), csv).status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST_F(DocumentClientTest, WatchSeesAChangeMadeWhileItRunsAndResumesFromACursor) {
  const std::string id = NewDocument();
  std::string cursor;
  std::vector<v1::DocumentEvent> events;
  absl::Status decided;
  const absl::Status watched = client_->WatchDocumentEvents(
      v1::WatchDocumentEventsRequest(), [&](const v1::WatchDocumentEventsResponse& message) {
        if (!message.has_event()) {
          // The stream is live: a change committed now is delivered.
          if (cursor.empty())
            decided = client_->ChangeDocumentStatus(id, v1::DOCUMENT_STATUS_ACCEPTED).status();
          cursor = message.cursor();
          return true;
        }
        // At-least-once: a watch without a cursor may first repeat changes committed just
        // before it started (the document's arrival) while another transaction was open.
        events.push_back(message.event());
        return message.event().status_change().to_status() != v1::DOCUMENT_STATUS_ACCEPTED;
      });
  ASSERT_TRUE(watched.ok()) << watched;
  ASSERT_TRUE(decided.ok()) << decided;
  ASSERT_FALSE(events.empty());
  for (const v1::DocumentEvent& repeated : events) {
    EXPECT_EQ(repeated.status_change().document_id(), id);
  }
  ASSERT_LE(events.size(), 2u);
  if (events.size() == 2) {
    EXPECT_EQ(events[0].status_change().to_status(), events[1].status_change().from_status());
  }
  EXPECT_EQ(events.back().direction(), v1::DOCUMENT_DIRECTION_RECEIVED);
  EXPECT_EQ(events.back().status_change().to_status(), v1::DOCUMENT_STATUS_ACCEPTED);

  // Resumed from the first heartbeat's cursor, a watch sees the same change again (perhaps
  // after changes from shortly before the cursor, which at-least-once allows it to repeat).
  v1::WatchDocumentEventsRequest resume;
  resume.set_start_cursor(cursor);
  const std::string wanted = events.back().status_change().status_change_id();
  bool replayed = false;
  ASSERT_TRUE(client_
                  ->WatchDocumentEvents(
                      resume,
                      [&](const v1::WatchDocumentEventsResponse& message) {
                        if (!message.has_event()) return true;
                        replayed = message.event().status_change().status_change_id() == wanted;
                        return !replayed;
                      })
                  .ok());
  EXPECT_TRUE(replayed);
}

TEST_F(DocumentClientTest, CancelledWatchEndsWithoutAnError) {
  client::WatchCancellation cancellation;
  int messages = 0;
  const absl::Status watched = client_->WatchDocumentEvents(
      v1::WatchDocumentEventsRequest(),
      [&](const v1::WatchDocumentEventsResponse&) {
        ++messages;
        cancellation.Cancel();
        return true;
      },
      &cancellation);
  EXPECT_TRUE(watched.ok()) << watched;
  EXPECT_EQ(messages, 1);
  EXPECT_TRUE(cancellation.cancelled());
  // Cancelled before it starts: it ends at once.
  EXPECT_TRUE(client_
                  ->WatchDocumentEvents(
                      v1::WatchDocumentEventsRequest(),
                      [](const v1::WatchDocumentEventsResponse&) { return true; }, &cancellation)
                  .ok());
  auto stranger = Connect(client::Credentials::BearerToken("garbage"));
  EXPECT_EQ(stranger
                ->WatchDocumentEvents(v1::WatchDocumentEventsRequest(),
                                      [](const v1::WatchDocumentEventsResponse&) { return true; })
                .code(),
            absl::StatusCode::kUnauthenticated);
}

}  // namespace
}  // namespace supplynet::testing
