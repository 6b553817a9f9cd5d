// DocumentStatusService over a real channel against a real PostgreSQL: sync, the traffic
// light, validation information, decisions, history, visibility and the workflow.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

#include "supplynet/v1/document_status.grpc.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/documents.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kPlatformNit[] = "900999001";
constexpr char kRequestId[] = "0d6f4f2a-8a55-4c1e-9f3a-2b7c9d1e5a40";

class DocumentHandlerTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    server::ServerOptions options = TestServer::DefaultOptions();
    options.ingestion_company = std::string("CO:") + kPlatformNit;
    StartServer(options);
    auto accounts = server_->Accounts();
    const Tenant platform = RegisterTenant(*accounts, kPlatformNit, "platformadmin");
    ingestion_key_ = new std::string(ServiceAccountKey(*accounts, platform.admin_token, "dian"));
  }
  static void TearDownTestSuite() {
    SharedServerTest::TearDownTestSuite();
    delete ingestion_key_;
  }
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    accounts_ = server_->Accounts();
    documents_ = v1::DocumentStatusService::NewStub(server_->channel());
    client_ = NewTenant("client");
    supplier_ = NewTenant("supplier");
  }

  Party NewTenant(const std::string& prefix) {
    const int n = next_++;
    return RegisterParty(*accounts_, std::to_string(810000000 + n), prefix + std::to_string(n));
  }
  static std::string NextNumber() { return std::to_string(1000 + next_++); }

  void Link(const Party& client, const Party& supplier) { testing::Link(*db_, client, supplier); }

  v1::SyncDocumentResult SyncOne(const v1::Document& document) {
    v1::SyncDocumentsResponse response = Sync(*documents_, *ingestion_key_, {document});
    EXPECT_EQ(response.results_size(), 1);
    return response.results_size() == 1 ? response.results(0) : v1::SyncDocumentResult();
  }
  // A new invoice from supplier_ to client_, linked; returns its id.
  std::string NewDocumentId(const std::map<std::string, std::string>& fields = {}) {
    const v1::SyncDocumentResult r =
        SyncOne(Invoice(supplier_.nit, client_.nit, NextNumber(), fields));
    EXPECT_EQ(r.outcome(), v1::SYNC_DOCUMENT_OUTCOME_CREATED);
    Link(client_, supplier_);
    return r.document_id();
  }

  grpc::Status Get(const std::string& token, const std::string& id, v1::Document* out = nullptr) {
    v1::GetDocumentRequest request;
    request.set_document_id(id);
    v1::GetDocumentResponse response;
    const grpc::Status status = documents_->GetDocument(Ctx(token).get(), request, &response);
    if (out != nullptr) *out = response.document();
    return status;
  }
  v1::Document MustGet(const std::string& token, const std::string& id) {
    v1::Document d;
    const grpc::Status status = Get(token, id, &d);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return d;
  }
  grpc::Status Decide(const std::string& token, const std::string& id, v1::DocumentStatus to,
                      v1::ChangeDocumentStatusResponse* out = nullptr, const std::string& etag = "",
                      v1::StatusReasonCode code = v1::STATUS_REASON_CODE_UNSPECIFIED,
                      const std::string& text = "", const std::string& request_id = "") {
    v1::ChangeDocumentStatusRequest request;
    request.set_document_id(id);
    request.set_status(to);
    request.set_etag(etag);
    request.mutable_reason()->set_code(code);
    request.mutable_reason()->set_text(text);
    request.set_request_id(request_id);
    v1::ChangeDocumentStatusResponse response;
    const grpc::Status status =
        documents_->ChangeDocumentStatus(Ctx(token).get(), request, &response);
    if (out != nullptr) *out = response;
    return status;
  }
  grpc::Status Validate(const std::string& token, const std::string& id,
                        const std::map<std::string, std::string>& values,
                        v1::UpdateValidationInfoResponse* out = nullptr) {
    v1::UpdateValidationInfoRequest request;
    request.set_document_id(id);
    request.mutable_values()->insert(values.begin(), values.end());
    v1::UpdateValidationInfoResponse response;
    const grpc::Status status =
        documents_->UpdateValidationInfo(Ctx(token).get(), request, &response);
    if (out != nullptr) *out = response;
    return status;
  }
  grpc::Status Restart(const std::string& token, const std::string& id,
                       v1::RestartValidationResponse* out = nullptr) {
    v1::RestartValidationRequest request;
    request.set_document_id(id);
    v1::RestartValidationResponse response;
    const grpc::Status status = documents_->RestartValidation(Ctx(token).get(), request, &response);
    if (out != nullptr) *out = response;
    return status;
  }
  grpc::Status SetWorkflow(const std::string& token, const v1::Workflow& workflow,
                           const std::vector<std::string>& paths = {"*"},
                           v1::Workflow* out = nullptr) {
    v1::UpdateWorkflowRequest request;
    *request.mutable_workflow() = workflow;
    for (const std::string& p : paths) request.mutable_update_mask()->add_paths(p);
    v1::UpdateWorkflowResponse response;
    const grpc::Status status = documents_->UpdateWorkflow(Ctx(token).get(), request, &response);
    if (out != nullptr) *out = response.workflow();
    return status;
  }
  // The client requires a purchase order "PO-" + 4 digits and uses ACCEPTED -> SCHEDULED -> PAID.
  void RequirePurchaseOrder(const Party& client) {
    v1::Workflow w;
    v1::ValidationField* f = w.add_required_fields();
    f->set_name("purchase_order");
    f->set_label("Purchase order number");
    f->set_pattern(R"(PO-\d{4})");
    const std::pair<v1::DocumentStatus, v1::DocumentStatus> transitions[] = {
        {v1::DOCUMENT_STATUS_SENT, v1::DOCUMENT_STATUS_ACCEPTED},
        {v1::DOCUMENT_STATUS_SENT, v1::DOCUMENT_STATUS_REJECTED},
        {v1::DOCUMENT_STATUS_ACCEPTED, v1::DOCUMENT_STATUS_PAYMENT_SCHEDULED},
        {v1::DOCUMENT_STATUS_PAYMENT_SCHEDULED, v1::DOCUMENT_STATUS_PAID}};
    for (const auto& [from, to] : transitions) {
      v1::DecisionTransition* t = w.add_allowed_transitions();
      t->set_from_status(from);
      t->set_to_status(to);
    }
    const grpc::Status status = SetWorkflow(client.tenant.admin_token, w);
    ASSERT_TRUE(status.ok()) << status.error_message();
  }
  std::vector<v1::StatusChange> History(const std::string& token, const std::string& id,
                                        int page_size = 0) {
    std::vector<v1::StatusChange> out;
    v1::ListStatusHistoryRequest request;
    request.set_document_id(id);
    request.set_page_size(page_size);
    do {
      v1::ListStatusHistoryResponse response;
      const grpc::Status status =
          documents_->ListStatusHistory(Ctx(token).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      out.insert(out.end(), response.status_changes().begin(), response.status_changes().end());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return out;
  }
  std::vector<std::string> ListNumbers(const std::string& token, v1::ListDocumentsRequest request) {
    std::vector<std::string> numbers;
    do {
      v1::ListDocumentsResponse response;
      const grpc::Status status = documents_->ListDocuments(Ctx(token).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Document& d : response.documents()) numbers.push_back(d.number());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return numbers;
  }

  static std::string* ingestion_key_;
  static int next_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::DocumentStatusService::Stub> documents_;
  Party client_;
  Party supplier_;
};

std::string* DocumentHandlerTest::ingestion_key_ = nullptr;
int DocumentHandlerTest::next_ = 0;

TEST_F(DocumentHandlerTest, DocumentWalksTheWholeTrafficLight) {
  RequirePurchaseOrder(client_);
  const std::string id = NewDocumentId();
  const std::string client = client_.tenant.admin_token;
  const std::string supplier = supplier_.tenant.admin_token;

  v1::Document d = MustGet(client, id);
  EXPECT_EQ(d.status(), v1::DOCUMENT_STATUS_PENDING_INFORMATION);
  EXPECT_EQ(d.color(), v1::TRAFFIC_LIGHT_COLOR_ORANGE);
  ASSERT_EQ(d.validation_fields_size(), 1);
  EXPECT_EQ(d.validation_fields(0).source(), v1::VALIDATION_VALUE_SOURCE_EMPTY);
  EXPECT_FALSE(d.supplier_id().empty());

  v1::UpdateValidationInfoResponse validated;
  const grpc::Status wrong = Validate(supplier, id, {{"purchase_order", "12"}});
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(wrong, "values[purchase_order]"));
  ASSERT_TRUE(Validate(supplier, id, {{"purchase_order", "PO-1234"}}, &validated).ok());
  EXPECT_EQ(validated.document().status(), v1::DOCUMENT_STATUS_SENT);
  EXPECT_EQ(validated.document().color(), v1::TRAFFIC_LIGHT_COLOR_YELLOW);
  EXPECT_THAT(validated.missing_fields(), IsEmpty());

  for (v1::DocumentStatus to : {v1::DOCUMENT_STATUS_ACCEPTED, v1::DOCUMENT_STATUS_PAYMENT_SCHEDULED,
                                v1::DOCUMENT_STATUS_PAID}) {
    v1::ChangeDocumentStatusResponse decided;
    const grpc::Status status = Decide(client, id, to, &decided);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(decided.document().status(), to);
    EXPECT_EQ(decided.document().color(), v1::TRAFFIC_LIGHT_COLOR_GREEN);
    EXPECT_EQ(decided.status_change().actor_type(), v1::STATUS_ACTOR_TYPE_USER);
    EXPECT_EQ(decided.status_change().actor_name(), client_.tenant.admin_username);
  }

  std::vector<v1::DocumentStatus> tos;
  for (const v1::StatusChange& c : History(supplier, id, 2)) tos.push_back(c.to_status());
  EXPECT_THAT(tos, ElementsAre(v1::DOCUMENT_STATUS_PENDING_INFORMATION, v1::DOCUMENT_STATUS_SENT,
                               v1::DOCUMENT_STATUS_ACCEPTED, v1::DOCUMENT_STATUS_PAYMENT_SCHEDULED,
                               v1::DOCUMENT_STATUS_PAID));
  const std::vector<v1::StatusChange> history = History(client, id);
  EXPECT_EQ(history[0].from_status(), v1::DOCUMENT_STATUS_UNSPECIFIED);
  EXPECT_EQ(history[0].actor_type(), v1::STATUS_ACTOR_TYPE_SYSTEM);
  EXPECT_EQ(history[1].from_status(), v1::DOCUMENT_STATUS_PENDING_INFORMATION);
}

TEST_F(DocumentHandlerTest, DocumentWithEveryRequiredFieldArrivesSent) {
  RequirePurchaseOrder(client_);
  const v1::SyncDocumentResult r =
      SyncOne(Invoice(supplier_.nit, client_.nit, NextNumber(), {{"purchase_order", "PO-0001"}}));
  EXPECT_EQ(r.status(), v1::DOCUMENT_STATUS_SENT);
  const v1::Document d = MustGet(client_.tenant.admin_token, r.document_id());
  EXPECT_EQ(d.validation_fields(0).source(), v1::VALIDATION_VALUE_SOURCE_DOCUMENT);
  EXPECT_TRUE(d.validation_fields(0).valid());
}

TEST_F(DocumentHandlerTest, SyncIsIdempotentAndRejectsConflictingResends) {
  const v1::Document original = Invoice(supplier_.nit, client_.nit, NextNumber());
  v1::Document same_amounts = original;
  same_amounts.set_net_amount("100.0");
  v1::Document renamed = original;
  renamed.set_issuer_name("Proveedor renombrado");
  v1::Document other_total = original;
  other_total.set_total_amount("120.00");
  const v1::SyncDocumentsResponse response =
      Sync(*documents_, *ingestion_key_, {original, same_amounts, renamed, other_total});
  ASSERT_EQ(response.results_size(), 4);
  EXPECT_EQ(response.results(0).outcome(), v1::SYNC_DOCUMENT_OUTCOME_CREATED);
  EXPECT_EQ(response.results(1).outcome(), v1::SYNC_DOCUMENT_OUTCOME_UNCHANGED);
  EXPECT_EQ(response.results(2).outcome(), v1::SYNC_DOCUMENT_OUTCOME_UPDATED);
  EXPECT_EQ(response.results(3).outcome(), v1::SYNC_DOCUMENT_OUTCOME_REJECTED);
  EXPECT_EQ(response.results(3).error().code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(response.results(1).document_id(), response.results(0).document_id());
  EXPECT_EQ(response.results(2).client_key(), "key-2");
  EXPECT_EQ(response.created(), 1);
  EXPECT_EQ(response.unchanged(), 1);
  EXPECT_EQ(response.updated(), 1);
  EXPECT_EQ(response.rejected(), 1);
  // Sent again in a later call: still one document.
  EXPECT_EQ(SyncOne(renamed).outcome(), v1::SYNC_DOCUMENT_OUTCOME_UNCHANGED);
  EXPECT_EQ(
      db_->QueryValue("SELECT count(*) FROM documents WHERE number = '" + original.number() + "'"),
      "1");
}

// Batches of one call are written two at a time; a repeat of a document of an earlier batch
// still finds its first copy stored, even as the first document of the very next batch.
TEST_F(DocumentHandlerTest, ARepeatInALaterBatchOfTheCallFindsItsFirstCopy) {
  constexpr int kBatch = 500;  // DocumentSync::kBatchSize
  std::vector<v1::Document> documents;
  for (int i = 0; i < 3 * kBatch; ++i) {
    documents.push_back(Invoice(supplier_.nit, client_.nit, "R" + std::to_string(i)));
  }
  v1::Document renamed = documents[kBatch - 1];
  renamed.set_issuer_name("Proveedor renombrado");
  const v1::Document resent = documents[kBatch / 2];
  documents.insert(documents.begin() + kBatch, renamed);         // the next batch's first
  documents.insert(documents.begin() + 2 * kBatch + 7, resent);  // two batches later
  const v1::SyncDocumentsResponse response = Sync(*documents_, *ingestion_key_, documents);
  ASSERT_EQ(response.results_size(), 3 * kBatch + 2);
  EXPECT_EQ(response.created(), 3 * kBatch);
  EXPECT_EQ(response.updated(), 1);
  EXPECT_EQ(response.unchanged(), 1);
  const v1::SyncDocumentResult& first = response.results(kBatch - 1);
  const v1::SyncDocumentResult& repeat = response.results(kBatch);
  EXPECT_EQ(first.outcome(), v1::SYNC_DOCUMENT_OUTCOME_CREATED);
  EXPECT_EQ(repeat.outcome(), v1::SYNC_DOCUMENT_OUTCOME_UPDATED);
  EXPECT_EQ(repeat.document_id(), first.document_id());
  const v1::SyncDocumentResult& later = response.results(2 * kBatch + 7);
  EXPECT_EQ(later.outcome(), v1::SYNC_DOCUMENT_OUTCOME_UNCHANGED);
  EXPECT_EQ(later.document_id(), response.results(kBatch / 2).document_id());
  EXPECT_EQ(MustGet(client_.tenant.admin_token, first.document_id()).issuer_name(),
            "Proveedor renombrado");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM documents WHERE receiver_company_id = '" +
                            client_.tenant.company_id + "' AND number LIKE 'R%'"),
            std::to_string(3 * kBatch));
}

TEST_F(DocumentHandlerTest, BadDocumentIsRejectedWithoutStoppingTheStream) {
  v1::Document bad = Invoice("123", client_.nit, NextNumber());
  bad.set_net_amount("12,50");
  const v1::SyncDocumentsResponse response =
      Sync(*documents_, *ingestion_key_, {bad, Invoice(supplier_.nit, client_.nit, NextNumber())});
  ASSERT_EQ(response.results_size(), 2);
  EXPECT_EQ(response.results(0).outcome(), v1::SYNC_DOCUMENT_OUTCOME_REJECTED);
  EXPECT_EQ(response.results(0).error().code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(response.results(0).document_id().empty());
  EXPECT_EQ(response.results(1).outcome(), v1::SYNC_DOCUMENT_OUTCOME_CREATED);
}

TEST_F(DocumentHandlerTest, TheDocumentAfterTenThousandFailsTheCallAndTheEarlierOnesStay) {
  std::vector<v1::Document> documents;
  for (int i = 0; i <= 10000; ++i) {
    documents.push_back(Invoice(supplier_.nit, client_.nit, "L" + std::to_string(i)));
  }
  grpc::Status status;
  Sync(*documents_, *ingestion_key_, documents, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
  const std::string stored = "SELECT count(*) FROM documents WHERE receiver_company_id = '" +
                             client_.tenant.company_id + "' AND number LIKE 'L%'";
  EXPECT_EQ(db_->QueryValue(stored), "10000");
  EXPECT_EQ(db_->QueryValue(stored + " AND number = 'L10000'"), "0");

  // The last one alone, as the client's next call, is accepted.
  const v1::SyncDocumentsResponse rest = Sync(*documents_, *ingestion_key_, {documents.back()});
  EXPECT_EQ(rest.created(), 1);
}

TEST_F(DocumentHandlerTest, UnknownIssuerJoinsTheReceiversNetworkAsNotInvited) {
  const std::string issuer_nit = "830123456";
  const v1::SyncDocumentResult r = SyncOne(Invoice(issuer_nit, client_.nit, NextNumber()));
  ASSERT_EQ(r.outcome(), v1::SYNC_DOCUMENT_OUTCOME_CREATED);
  auto suppliers = v1::SupplierNetworkService::NewStub(server_->channel());
  v1::ListSuppliersRequest request;
  request.mutable_tax_id()->set_country(v1::COUNTRY_CO);
  request.mutable_tax_id()->set_value(issuer_nit);
  v1::ListSuppliersResponse response;
  ASSERT_TRUE(
      suppliers->ListSuppliers(Ctx(client_.tenant.admin_token).get(), request, &response).ok());
  ASSERT_EQ(response.suppliers_size(), 1);
  EXPECT_EQ(response.suppliers(0).registration_status(), v1::REGISTRATION_STATUS_NOT_INVITED);
  EXPECT_EQ(response.suppliers(0).origin(), v1::SUPPLIER_ORIGIN_DOCUMENT);
  EXPECT_EQ(MustGet(client_.tenant.admin_token, r.document_id()).supplier_id(),
            response.suppliers(0).supplier_id());
}

TEST_F(DocumentHandlerTest, AnIssuerJoinsOnceAndItsNetworkEntryIsNotRewrittenByLaterDocuments) {
  const std::string issuer_nit = "830123457";
  v1::Document first = Invoice(issuer_nit, client_.nit, NextNumber());
  first.set_issuer_name("Primer nombre S.A.S.");
  v1::Document second = Invoice(issuer_nit, client_.nit, NextNumber());
  second.set_issuer_name("Segundo nombre S.A.S.");
  EXPECT_EQ(Sync(*documents_, *ingestion_key_, {first, second}).created(), 2);
  v1::Document later = Invoice(issuer_nit, client_.nit, NextNumber());
  later.set_issuer_name("Tercer nombre S.A.S.");
  EXPECT_EQ(SyncOne(later).outcome(), v1::SYNC_DOCUMENT_OUTCOME_CREATED);

  const std::string entries = "SELECT count(*) || ' ' || min(name) FROM suppliers WHERE " +
                              std::string("client_company_id = '") + client_.tenant.company_id +
                              "' AND tax_id = '" + issuer_nit + "'";
  EXPECT_EQ(db_->QueryValue(entries), "1 Primer nombre S.A.S.");
}

TEST_F(DocumentHandlerTest, OnlyThePartiesOrThePlatformMaySyncADocument) {
  const Party stranger = NewTenant("stranger");
  const v1::SyncDocumentsResponse denied =
      Sync(*documents_, stranger.tenant.admin_token,
           {Invoice(supplier_.nit, client_.nit, NextNumber())});
  ASSERT_EQ(denied.results_size(), 1);
  EXPECT_EQ(denied.results(0).error().code(), grpc::StatusCode::PERMISSION_DENIED);

  const v1::SyncDocumentsResponse own = Sync(*documents_, client_.tenant.admin_token,
                                             {Invoice(supplier_.nit, client_.nit, NextNumber())});
  EXPECT_EQ(own.results(0).outcome(), v1::SYNC_DOCUMENT_OUTCOME_CREATED);

  grpc::Status status;
  const std::string member = "member" + std::to_string(next_++);
  CreateUser(*accounts_, client_.tenant.admin_token, member, v1::ROLE_MEMBER);
  Sync(*documents_, LoginToken(*accounts_, member),
       {Invoice(supplier_.nit, client_.nit, NextNumber())}, &status);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DocumentHandlerTest, DocumentForAnUnregisteredReceiverIsRejected) {
  const v1::SyncDocumentResult r = SyncOne(Invoice(supplier_.nit, "860001001", NextNumber()));
  EXPECT_EQ(r.outcome(), v1::SYNC_DOCUMENT_OUTCOME_REJECTED);
  EXPECT_EQ(r.error().code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(DocumentHandlerTest, RejectionNeedsAReasonCodeAndText) {
  const std::string id = NewDocumentId();
  const std::string client = client_.tenant.admin_token;
  const grpc::Status bare = Decide(client, id, v1::DOCUMENT_STATUS_REJECTED);
  EXPECT_EQ(bare.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(bare, "reason.code"));
  EXPECT_TRUE(HasViolation(bare, "reason.text"));

  v1::ChangeDocumentStatusResponse rejected;
  ASSERT_TRUE(Decide(client, id, v1::DOCUMENT_STATUS_REJECTED, &rejected, "",
                     v1::STATUS_REASON_CODE_GOODS_NOT_DELIVERED, "Nothing arrived")
                  .ok());
  EXPECT_EQ(rejected.document().color(), v1::TRAFFIC_LIGHT_COLOR_RED);
  EXPECT_EQ(rejected.document().status_reason().code(), v1::STATUS_REASON_CODE_GOODS_NOT_DELIVERED);
  const std::vector<v1::StatusChange> history = History(supplier_.tenant.admin_token, id);
  EXPECT_EQ(history.back().reason().text(), "Nothing arrived");
}

TEST_F(DocumentHandlerTest, SupplierCannotDecideAndClientCannotValidate) {
  RequirePurchaseOrder(client_);
  const std::string id = NewDocumentId();
  EXPECT_EQ(Decide(supplier_.tenant.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Validate(client_.tenant.admin_token, id, {{"purchase_order", "PO-1111"}}).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Restart(client_.tenant.admin_token, id).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(DocumentHandlerTest, OtherCompaniesGetNotFound) {
  const std::string id = NewDocumentId();
  const Party other = NewTenant("other");
  EXPECT_EQ(Get(other.tenant.admin_token, id).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Decide(other.tenant.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ListDocumentsRequest request;
  request.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
  EXPECT_THAT(ListNumbers(other.tenant.admin_token, request), IsEmpty());
  v1::ListStatusHistoryRequest history;
  history.set_document_id(id);
  v1::ListStatusHistoryResponse response;
  EXPECT_EQ(documents_->ListStatusHistory(Ctx(other.tenant.admin_token).get(), history, &response)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(DocumentHandlerTest, RegisteredIssuerJoinsAsRegisteredAndSeesItsDocument) {
  const v1::SyncDocumentResult r = SyncOne(Invoice(supplier_.nit, client_.nit, NextNumber()));
  const v1::Document d = MustGet(supplier_.tenant.admin_token, r.document_id());
  EXPECT_TRUE(d.supplier_id().empty());  // The receiver's entry is the receiver's business.
  auto suppliers = v1::SupplierNetworkService::NewStub(server_->channel());
  v1::GetSupplierRequest get;
  get.set_supplier_id(MustGet(client_.tenant.admin_token, r.document_id()).supplier_id());
  v1::GetSupplierResponse entry;
  ASSERT_TRUE(suppliers->GetSupplier(Ctx(client_.tenant.admin_token).get(), get, &entry).ok());
  EXPECT_EQ(entry.supplier().registration_status(), v1::REGISTRATION_STATUS_REGISTERED);
}

TEST_F(DocumentHandlerTest, IssuerOutsideTheReceiversNetworkDoesNotSeeItsDocument) {
  const v1::SyncDocumentResult r = SyncOne(Invoice(supplier_.nit, client_.nit, NextNumber()));
  ASSERT_TRUE(Get(supplier_.tenant.admin_token, r.document_id()).ok());
  auto suppliers = v1::SupplierNetworkService::NewStub(server_->channel());
  v1::RemoveSupplierRequest remove;
  remove.set_supplier_id(MustGet(client_.tenant.admin_token, r.document_id()).supplier_id());
  v1::RemoveSupplierResponse removed;
  ASSERT_TRUE(
      suppliers->RemoveSupplier(Ctx(client_.tenant.admin_token).get(), remove, &removed).ok());
  EXPECT_EQ(Get(supplier_.tenant.admin_token, r.document_id()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Get(client_.tenant.admin_token, r.document_id()).ok());
}

TEST_F(DocumentHandlerTest, ValidationRestartsAtMostFiveTimes) {
  RequirePurchaseOrder(client_);
  const std::string id = NewDocumentId();
  const std::string supplier = supplier_.tenant.admin_token;
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(Validate(supplier, id, {{"purchase_order", "PO-1234"}}).ok());
    v1::RestartValidationResponse restarted;
    const grpc::Status status = Restart(supplier, id, &restarted);
    ASSERT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(restarted.restarts_remaining(), 5 - i);
    EXPECT_EQ(restarted.document().status(), v1::DOCUMENT_STATUS_PENDING_INFORMATION);
    EXPECT_EQ(restarted.document().validation_fields(0).value(), "");
  }
  EXPECT_EQ(Restart(supplier, id).error_code(), grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(DocumentHandlerTest, ValidationInfoChangesOnlyWhilePending) {
  const std::string id = NewDocumentId();  // Default workflow: SENT on arrival.
  EXPECT_EQ(Validate(supplier_.tenant.admin_token, id, {}).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(DocumentHandlerTest, UnknownOrDocumentFieldsCannotBeEntered) {
  RequirePurchaseOrder(client_);
  const std::string id = NewDocumentId();
  const grpc::Status status =
      Validate(supplier_.tenant.admin_token, id, {{"store", "12"}, {"purchase_order", "PO-1"}});
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "values[store]"));
  EXPECT_TRUE(HasViolation(status, "values[purchase_order]"));
}

TEST_F(DocumentHandlerTest, TransitionOutsideTheWorkflowFails) {
  RequirePurchaseOrder(client_);
  const std::string id = NewDocumentId();
  EXPECT_EQ(Decide(client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Decide(client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_SENT).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(DocumentHandlerTest, StaleEtagIsAborted) {
  const std::string id = NewDocumentId();
  const std::string etag = MustGet(client_.tenant.admin_token, id).etag();
  ASSERT_TRUE(
      Decide(client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED, nullptr, etag).ok());
  EXPECT_EQ(
      Decide(client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_PAID, nullptr, etag).error_code(),
      grpc::StatusCode::ABORTED);
}

TEST_F(DocumentHandlerTest, ConcurrentDecisionsWithOneEtagHaveOneWinner) {
  const std::string id = NewDocumentId();
  const std::string etag = MustGet(client_.tenant.admin_token, id).etag();
  grpc::Status accepted, rejected;
  std::thread a([&] {
    accepted = Decide(client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED, nullptr, etag);
  });
  std::thread b([&] {
    rejected = Decide(client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_REJECTED, nullptr, etag,
                      v1::STATUS_REASON_CODE_INCONSISTENCIES, "Wrong prices");
  });
  a.join();
  b.join();
  EXPECT_NE(accepted.ok(), rejected.ok());
  const grpc::Status& loser = accepted.ok() ? rejected : accepted;
  EXPECT_EQ(loser.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(History(client_.tenant.admin_token, id).size(), 2u);
}

TEST_F(DocumentHandlerTest, RetriedDecisionReturnsTheFirstResult) {
  const std::string id = NewDocumentId();
  v1::ChangeDocumentStatusResponse first, second;
  ASSERT_TRUE(Decide(client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED, &first, "",
                     v1::STATUS_REASON_CODE_UNSPECIFIED, "", kRequestId)
                  .ok());
  ASSERT_TRUE(Decide(client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_ACCEPTED, &second, "",
                     v1::STATUS_REASON_CODE_UNSPECIFIED, "", kRequestId)
                  .ok());
  EXPECT_EQ(first.status_change().status_change_id(), second.status_change().status_change_id());
  EXPECT_EQ(History(client_.tenant.admin_token, id).size(), 2u);
  // The same id with another decision is not a retry.
  const grpc::Status reused =
      Decide(client_.tenant.admin_token, id, v1::DOCUMENT_STATUS_PAID, nullptr, "",
             v1::STATUS_REASON_CODE_UNSPECIFIED, "", kRequestId);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(reused, "request_id"));
  EXPECT_EQ(History(client_.tenant.admin_token, id).size(), 2u);
}

TEST_F(DocumentHandlerTest, ListsFilterAndPageBothDirections) {
  Link(client_, supplier_);
  std::vector<v1::Document> docs;
  for (int i = 0; i < 5; ++i) {
    v1::Document d = Invoice(supplier_.nit, client_.nit, NextNumber());
    d.set_issue_date("2024-03-1" + std::to_string(i));
    docs.push_back(d);
  }
  docs[4].set_type(v1::DOCUMENT_TYPE_CREDIT_NOTE);
  ASSERT_EQ(Sync(*documents_, *ingestion_key_, docs).created(), 5);
  Link(client_, supplier_);

  v1::ListDocumentsRequest received;
  received.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
  received.set_page_size(2);
  EXPECT_THAT(ListNumbers(client_.tenant.admin_token, received),
              ElementsAre(docs[4].number(), docs[3].number(), docs[2].number(), docs[1].number(),
                          docs[0].number()));
  v1::ListDocumentsRequest issued = received;
  issued.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_ISSUED);
  issued.mutable_filter()->add_types(v1::DOCUMENT_TYPE_INVOICE);
  issued.mutable_filter()->set_issue_date_from("2024-03-11");
  issued.mutable_filter()->set_issue_date_to("2024-03-13");
  EXPECT_THAT(ListNumbers(supplier_.tenant.admin_token, issued),
              ElementsAre(docs[3].number(), docs[2].number(), docs[1].number()));
  v1::ListDocumentsRequest by_number = received;
  by_number.mutable_filter()->set_number(docs[2].number());
  by_number.mutable_filter()->mutable_counterparty_tax_id()->set_country(v1::COUNTRY_CO);
  by_number.mutable_filter()->mutable_counterparty_tax_id()->set_value(supplier_.nit);
  EXPECT_THAT(ListNumbers(client_.tenant.admin_token, by_number), ElementsAre(docs[2].number()));
}

TEST_F(DocumentHandlerTest, ListRejectsBadFilters) {
  v1::ListDocumentsRequest request;
  request.mutable_filter()->set_issue_date_from("2024-02-30");
  request.mutable_filter()->set_issue_date_to("2024-01-01");
  v1::ListDocumentsResponse response;
  const grpc::Status status =
      documents_->ListDocuments(Ctx(client_.tenant.admin_token).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "filter.direction"));
  EXPECT_TRUE(HasViolation(status, "filter.issue_date_from"));
}

TEST_F(DocumentHandlerTest, WorkflowDefaultsThenSavesWithEtag) {
  v1::GetWorkflowResponse fresh;
  ASSERT_TRUE(documents_->GetWorkflow(Ctx(client_.tenant.admin_token).get(), {}, &fresh).ok());
  EXPECT_EQ(fresh.workflow().required_fields_size(), 0);
  EXPECT_EQ(fresh.workflow().allowed_transitions_size(), 5);
  EXPECT_TRUE(fresh.workflow().etag().empty());

  v1::Workflow w;
  v1::ValidationField* f = w.add_required_fields();
  f->set_name("store");
  f->set_label("Store number");
  v1::Workflow saved;
  ASSERT_TRUE(SetWorkflow(client_.tenant.admin_token, w, {"required_fields"}, &saved).ok());
  EXPECT_EQ(saved.allowed_transitions_size(), 5);
  w.set_etag(saved.etag());
  ASSERT_TRUE(SetWorkflow(client_.tenant.admin_token, w, {"required_fields"}).ok());
  EXPECT_EQ(SetWorkflow(client_.tenant.admin_token, w, {"required_fields"}).error_code(),
            grpc::StatusCode::ABORTED);
}

TEST_F(DocumentHandlerTest, WorkflowRejectsBadPatternsAndMembers) {
  v1::Workflow w;
  v1::ValidationField* f = w.add_required_fields();
  f->set_name("Bad Name");
  f->set_label("x");
  f->set_pattern("(unclosed");
  const grpc::Status status = SetWorkflow(client_.tenant.admin_token, w);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "workflow.required_fields[0].name"));
  EXPECT_TRUE(HasViolation(status, "workflow.required_fields[0].pattern"));

  const std::string member = "wfmember" + std::to_string(next_++);
  CreateUser(*accounts_, client_.tenant.admin_token, member, v1::ROLE_MEMBER);
  EXPECT_EQ(SetWorkflow(LoginToken(*accounts_, member), v1::Workflow()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

// Reads a whole report; `messages` receives how many messages it came in.
grpc::Status Export(v1::DocumentStatusService::Stub& stub, const std::string& token,
                    const v1::ExportDocumentReportRequest& request, std::string* csv,
                    std::vector<v1::ExportDocumentReportResponse>* heads = nullptr) {
  auto context = Ctx(token);
  auto reader = stub.ExportDocumentReport(context.get(), request);
  v1::ExportDocumentReportResponse message;
  while (reader->Read(&message)) {
    EXPECT_LE(message.chunk().size(), 64u * 1024u);
    csv->append(message.chunk());
    if (heads != nullptr && heads->size() < 2) heads->push_back(message);
  }
  return reader->Finish();
}

TEST_F(DocumentHandlerTest, ExportStreamsEveryDocumentAsCsvWithExactAmounts) {
  constexpr int kDocuments = 2500;  // Several cursor slices and many 64 KiB chunks.
  std::vector<v1::Document> docs;
  for (int i = 0; i < kDocuments; ++i) {
    v1::Document d = Invoice(supplier_.nit, client_.nit, "R" + std::to_string(i));
    d.set_total_amount("1234567890123.123456");
    d.set_issuer_name("Proveedor, \"Ltda\"");
    docs.push_back(d);
  }
  ASSERT_EQ(Sync(*documents_, *ingestion_key_, docs).created(), kDocuments);

  v1::ExportDocumentReportRequest request;
  request.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
  std::string csv;
  std::vector<v1::ExportDocumentReportResponse> heads;
  const grpc::Status status =
      Export(*documents_, client_.tenant.admin_token, request, &csv, &heads);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_GE(heads.size(), 2u);
  EXPECT_EQ(heads[0].content_type(), "text/csv; charset=utf-8");
  EXPECT_THAT(heads[0].filename(), ::testing::StartsWith("documents-received-"));
  EXPECT_TRUE(heads[1].filename().empty());
  EXPECT_EQ(csv.rfind("Document ID,Country,Type,Series,Number,Issuer Tax ID,Issuer Name,"
                      "Receiver Tax ID,Receiver Name,Issue Date,Currency,Net Amount,Tax Amount,"
                      "Total Amount,Status,Status Time\r\n",
                      0),
            0u);
  size_t lines = 0;
  for (size_t at = csv.find("\r\n"); at != std::string::npos; at = csv.find("\r\n", at + 2)) {
    ++lines;
  }
  EXPECT_EQ(lines, kDocuments + 1u);
  EXPECT_NE(csv.find(",\"Proveedor, \"\"Ltda\"\"\","), std::string::npos);
  EXPECT_NE(csv.find(",100.00,19.00,1234567890123.123456,SENT,"), std::string::npos);

  // The supplier's side of the same documents; another company's report is empty.
  request.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_ISSUED);
  std::string issued;
  ASSERT_TRUE(Export(*documents_, supplier_.tenant.admin_token, request, &issued).ok());
  EXPECT_EQ(issued.size(), csv.size());
  const Party other = NewTenant("reporter");
  std::string empty;
  ASSERT_TRUE(Export(*documents_, other.tenant.admin_token, request, &empty).ok());
  EXPECT_EQ(std::count(empty.begin(), empty.end(), '\n'), 1);
}

TEST_F(DocumentHandlerTest, ExportAbandonedByTheClientStopsAndTheNextIsWhole) {
  constexpr int kDocuments = 2500;
  std::vector<v1::Document> docs;
  for (int i = 0; i < kDocuments; ++i) {
    docs.push_back(Invoice(supplier_.nit, client_.nit, "A" + std::to_string(i)));
  }
  ASSERT_EQ(Sync(*documents_, *ingestion_key_, docs).created(), kDocuments);
  v1::ExportDocumentReportRequest request;
  request.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
  {
    auto context = Ctx(client_.tenant.admin_token);
    auto reader = documents_->ExportDocumentReport(context.get(), request);
    v1::ExportDocumentReportResponse message;
    ASSERT_TRUE(reader->Read(&message));
    context->TryCancel();
    while (reader->Read(&message)) {
    }
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::CANCELLED);
  }
  // The abandoned export released its transaction and thread: the next report is complete.
  std::string csv;
  const grpc::Status status = Export(*documents_, client_.tenant.admin_token, request, &csv);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), kDocuments + 1);
}

TEST_F(DocumentHandlerTest, ExportRejectsAMissingDirection) {
  std::string csv;
  const grpc::Status status =
      Export(*documents_, client_.tenant.admin_token, v1::ExportDocumentReportRequest(), &csv);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "filter.direction"));
  EXPECT_TRUE(csv.empty());
}

}  // namespace
}  // namespace supplynet::testing
