// What the contract walks share (tenant_matrix_test, hostile_input_test): company A with one
// of everything an RPC can name, company B, the table of every RPC with a valid request, a
// generic call of any RPC as bytes (streaming ones too), and a digest of every table.
#pragma once

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "domain/secrets.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/text_format.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "supplynet/v1/account.grpc.pb.h"
#include "supplynet/v1/document_status.grpc.pb.h"
#include "supplynet/v1/invitation.grpc.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/documents.h"
#include "tests/support/test_server.h"

namespace supplynet::testing::contract {

namespace pb = ::google::protobuf;

constexpr char kPlatformNit[] = "900999001";
constexpr char kClientNit[] = "890321567";
constexpr char kSupplierNit[] = "800191045";
constexpr char kOtherNit[] = "901234567";

// What an RPC acts on, which decides how company B's call must end.
enum class Scope {
  kPublic,      // No caller: RegisterCompany, Login. Not called here (they have own tests).
  kOwnRead,     // Reads the caller's own company: B must see none of A's IDs.
  kOwnWrite,    // Changes the caller's own company: only the refusals are called.
  kForeignIds,  // Names A's resources: B must be refused with `other_company`.
};

struct Entry {
  const char* method;   // "Service/Method" in package supplynet.v1.
  const char* request;  // Text format; $SUPPLIER, $INVITATION, $USER, $SERVICE_ACCOUNT,
                        // $DOCUMENT, $CURSOR and $REQUEST_ID stand for A's values.
  Scope scope;
  bool admin;  // Needs the administrator profile.
  grpc::StatusCode other_company = grpc::StatusCode::NOT_FOUND;
};

constexpr grpc::StatusCode kNotFound = grpc::StatusCode::NOT_FOUND;
constexpr grpc::StatusCode kDenied = grpc::StatusCode::PERMISSION_DENIED;
constexpr grpc::StatusCode kOk = grpc::StatusCode::OK;
constexpr grpc::StatusCode kInvalid = grpc::StatusCode::INVALID_ARGUMENT;

// clang-format off
const Entry kEntries[] = {
    {"AccountService/RegisterCompany", "", Scope::kPublic, false},
    {"AccountService/Login", "", Scope::kPublic, false},
    {"AccountService/Logout", "", Scope::kOwnWrite, false},
    {"AccountService/GetCurrentPrincipal", "", Scope::kOwnRead, false},
    {"AccountService/CreateUser",
     "user { username: 'matrix-new' email: 'new@example.com' role: ROLE_MEMBER } "
     "password: 'a long enough password'", Scope::kOwnWrite, true},
    {"AccountService/GetUser", "user_id: '$USER'", Scope::kForeignIds, false},
    {"AccountService/ListUsers", "", Scope::kOwnRead, false},
    {"AccountService/UpdateUser",
     "user { user_id: '$USER' role: ROLE_ADMIN } update_mask { paths: 'role' }",
     Scope::kForeignIds, true},
    {"AccountService/DeleteUser", "user_id: '$USER'", Scope::kForeignIds, true},
    {"AccountService/CreateServiceAccount",
     "service_account { display_name: 'matrix' role: ROLE_MEMBER }", Scope::kOwnWrite, true},
    {"AccountService/ListServiceAccounts", "", Scope::kOwnRead, true},
    {"AccountService/DeleteServiceAccount", "service_account_id: '$SERVICE_ACCOUNT'",
     Scope::kForeignIds, true},
    {"DocumentStatusService/SyncDocuments", "$SYNC_DOCUMENT", Scope::kForeignIds, true, kOk},
    {"DocumentStatusService/GetDocument", "document_id: '$DOCUMENT'", Scope::kForeignIds, false},
    {"DocumentStatusService/ListDocuments", "filter { direction: DOCUMENT_DIRECTION_RECEIVED }",
     Scope::kOwnRead, false},
    {"DocumentStatusService/GetWorkflow", "", Scope::kOwnRead, false},
    {"DocumentStatusService/UpdateWorkflow",
     "workflow { required_fields { name: 'PO' } } update_mask { paths: 'required_fields' }",
     Scope::kOwnWrite, true},
    {"DocumentStatusService/UpdateValidationInfo",
     "document_id: '$DOCUMENT' request_id: '$REQUEST_ID'", Scope::kForeignIds, true},
    {"DocumentStatusService/RestartValidation",
     "document_id: '$DOCUMENT' request_id: '$REQUEST_ID'", Scope::kForeignIds, true},
    {"DocumentStatusService/ChangeDocumentStatus",
     "document_id: '$DOCUMENT' status: DOCUMENT_STATUS_ACCEPTED request_id: '$REQUEST_ID'",
     Scope::kForeignIds, true},
    {"DocumentStatusService/ListStatusHistory", "document_id: '$DOCUMENT'", Scope::kForeignIds,
     false},
    {"DocumentStatusService/ExportDocumentReport",
     "filter { direction: DOCUMENT_DIRECTION_RECEIVED }", Scope::kOwnRead, false},
    {"DocumentStatusService/WatchDocumentEvents", "start_cursor: '$CURSOR'", Scope::kForeignIds,
     false, grpc::StatusCode::OUT_OF_RANGE},
    {"InvitationService/InviteSupplier", "supplier_id: '$SUPPLIER' request_id: '$REQUEST_ID'",
     Scope::kForeignIds, true},
    {"InvitationService/InviteSuppliers", "supplier_ids: '$SUPPLIER' request_id: '$REQUEST_ID'",
     Scope::kForeignIds, true, kOk},
    {"InvitationService/ResendInvitation",
     "invitation_id: '$INVITATION' request_id: '$REQUEST_ID'", Scope::kForeignIds, true},
    {"InvitationService/RevokeInvitation", "invitation_id: '$INVITATION'", Scope::kForeignIds,
     true},
    {"InvitationService/GetInvitation", "invitation_id: '$INVITATION'", Scope::kForeignIds, false},
    {"InvitationService/ListInvitations", "", Scope::kOwnRead, false},
    {"InvitationService/ActivateWithCode",
     "supplier_tax_id { country: COUNTRY_CO value: '$OTHER_NIT' } "
     "client_tax_id { country: COUNTRY_CO value: '$CLIENT_NIT' } code: 'ZZZZ-ZZZZ-ZZZZ'",
     Scope::kForeignIds, true, kInvalid},
    {"SupplierNetworkService/AddSupplier",
     "supplier { tax_id { country: COUNTRY_CO value: '811000123' } name: 'Matrix' "
     "email: 'm@example.com' } request_id: '$REQUEST_ID'", Scope::kOwnWrite, true},
    {"SupplierNetworkService/GetSupplier", "supplier_id: '$SUPPLIER'", Scope::kForeignIds, false},
    {"SupplierNetworkService/ListSuppliers", "", Scope::kOwnRead, false},
    {"SupplierNetworkService/UpdateSupplier",
     "supplier { supplier_id: '$SUPPLIER' name: 'Taken' } update_mask { paths: 'name' } "
     "request_id: '$REQUEST_ID'", Scope::kForeignIds, true},
    {"SupplierNetworkService/RemoveSupplier", "supplier_id: '$SUPPLIER'", Scope::kForeignIds,
     true},
    {"SupplierNetworkService/ImportSuppliers",
     "options { default_country: COUNTRY_CO }",
     Scope::kOwnWrite, true},
    {"SupplierNetworkService/GetImportTemplate", "", Scope::kOwnRead, false},
    {"SupplierNetworkService/ListGroups", "", Scope::kOwnRead, false},
};
// clang-format on

struct Outcome {
  grpc::Status status;
  std::string responses;  // Every response message's bytes, concatenated.
};

// One call of any shape: writes each of `requests` (raw message bytes), half-closes, reads
// every response, finishes.
inline Outcome CallStream(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                          const std::vector<std::string>& requests, const std::string& token) {
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
  grpc::CompletionQueue queue;
  std::unique_ptr<grpc::GenericClientAsyncReaderWriter> call =
      stub.PrepareCall(&context, path, &queue);
  void* tag = nullptr;
  bool ok = false;
  auto step = [&](int id) {
    EXPECT_TRUE(queue.Next(&tag, &ok));
    EXPECT_EQ(tag, reinterpret_cast<void*>(static_cast<intptr_t>(id)));
    return ok;
  };
  call->StartCall(reinterpret_cast<void*>(1));
  Outcome outcome;
  if (step(1)) {
    bool written = true;
    for (size_t i = 0; i < requests.size() && written; ++i) {
      grpc::Slice slice(requests[i]);
      grpc::ByteBuffer buffer(&slice, 1);
      call->Write(buffer, reinterpret_cast<void*>(2));
      written = step(2);
    }
    if (written) {
      call->WritesDone(reinterpret_cast<void*>(3));
      step(3);
    }
    for (;;) {
      grpc::ByteBuffer response;
      call->Read(&response, reinterpret_cast<void*>(4));
      if (!step(4)) break;
      std::vector<grpc::Slice> slices;
      EXPECT_TRUE(response.Dump(&slices).ok());
      for (const grpc::Slice& s : slices) {
        outcome.responses.append(reinterpret_cast<const char*>(s.begin()), s.size());
      }
    }
  }
  call->Finish(&outcome.status, reinterpret_cast<void*>(5));
  step(5);
  queue.Shutdown();
  while (queue.Next(&tag, &ok)) {
  }
  return outcome;
}

// A call with one request message.
inline Outcome CallAny(const std::shared_ptr<grpc::Channel>& channel, const std::string& path,
                       const std::string& request, const std::string& token) {
  return CallStream(channel, path, {request}, token);
}

class ContractTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    ASSERT_NE(db_, nullptr);
    server::ServerOptions options = TestServer::DefaultOptions();
    options.ingestion_company = std::string("CO:") + kPlatformNit;
    server_ = std::make_unique<TestServer>(*db_, nullptr, options);
    ASSERT_TRUE(server_->ok());
    channel_ = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    ArrangeCompanyA();
    other_ = RegisterParty(*server_->Accounts(), kOtherNit, "matrix-b").tenant;
  }

  // Company A with one of everything an RPC can name, and the values that stand for them.
  void ArrangeCompanyA() {
    auto accounts = server_->Accounts();
    const Party platform = RegisterParty(*accounts, kPlatformNit, "matrix-platform");
    ingestion_key_ = ServiceAccountKey(*accounts, platform.tenant.admin_token, "dian");
    const std::string& ingestion_key = ingestion_key_;
    client_ = RegisterParty(*accounts, kClientNit, "matrix-a");
    const Party supplier = RegisterParty(*accounts, kSupplierNit, "matrix-s");
    const std::string& admin = client_.tenant.admin_token;
    Link(*db_, client_, supplier);
    auto documents = v1::DocumentStatusService::NewStub(channel_);
    const v1::Document invoice = Invoice(kSupplierNit, kClientNit, "1001");
    const v1::SyncDocumentsResponse synced = Sync(*documents, ingestion_key, {invoice});
    ASSERT_EQ(synced.results_size(), 1);
    values_["$DOCUMENT"] = synced.results(0).document_id();
    v1::SyncDocumentsRequest sync_request;
    *sync_request.mutable_document() = Invoice(kSupplierNit, kClientNit, "1002");
    values_["$SYNC_DOCUMENT"] = sync_request.ShortDebugString();

    // An entry not yet registered, so that it can be invited.
    auto suppliers = v1::SupplierNetworkService::NewStub(channel_);
    v1::AddSupplierRequest add;
    add.mutable_supplier()->mutable_tax_id()->set_country(v1::COUNTRY_CO);
    add.mutable_supplier()->mutable_tax_id()->set_value("811000999");
    add.mutable_supplier()->set_name("Invited SAS");
    add.mutable_supplier()->set_email("invited@example.com");
    add.set_request_id("6f1c9a52-0000-4000-8000-000000000001");
    v1::AddSupplierResponse added;
    const grpc::Status add_status = suppliers->AddSupplier(Ctx(admin).get(), add, &added);
    ASSERT_TRUE(add_status.ok()) << add_status.error_message();
    values_["$SUPPLIER"] = added.supplier().supplier_id();

    auto invitations = v1::InvitationService::NewStub(channel_);
    v1::InviteSupplierRequest invite;
    invite.set_supplier_id(values_["$SUPPLIER"]);
    invite.add_emails("someone@example.com");
    invite.set_request_id("6f1c9a52-0000-4000-8000-000000000002");
    v1::InviteSupplierResponse invited;
    ASSERT_TRUE(invitations->InviteSupplier(Ctx(admin).get(), invite, &invited).ok());
    values_["$INVITATION"] = invited.invitation().invitation_id();

    values_["$USER"] = CreateUser(*accounts, admin, "matrix-member", v1::ROLE_MEMBER);
    member_token_ = LoginToken(*accounts, "matrix-member");
    v1::CreateServiceAccountRequest key_request;
    key_request.mutable_service_account()->set_display_name("erp");
    key_request.mutable_service_account()->set_role(v1::ROLE_MEMBER);
    v1::CreateServiceAccountResponse key;
    ASSERT_TRUE(accounts->CreateServiceAccount(Ctx(admin).get(), key_request, &key).ok());
    values_["$SERVICE_ACCOUNT"] = key.service_account().service_account_id();

    values_["$CURSOR"] = CursorOf(admin);
    values_["$REQUEST_ID"] = "6f1c9a52-0000-4000-8000-000000000003";
    values_["$CLIENT_NIT"] = kClientNit;
    values_["$OTHER_NIT"] = kOtherNit;

    expired_token_ = LoginToken(*accounts, client_.tenant.admin_username);
    db_->Exec(absl::StrCat("UPDATE sessions SET expire_time = now() - interval '1 minute' ",
                           "WHERE token_hash = '", HashToken(expired_token_), "'"));
  }

  // The cursor of the first message of A's watch stream (it says the stream is live).
  std::string CursorOf(const std::string& token) {
    auto documents = v1::DocumentStatusService::NewStub(channel_);
    auto context = Ctx(token);
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(20));
    auto stream = documents->WatchDocumentEvents(context.get(), {});
    v1::WatchDocumentEventsResponse first;
    EXPECT_TRUE(stream->Read(&first));
    context->TryCancel();
    stream->Finish().ok();
    EXPECT_FALSE(first.cursor().empty());
    return first.cursor();
  }

  // The request of `entry` with A's values, serialized.
  std::string RequestBytes(const Entry& entry, const pb::MethodDescriptor& method) {
    std::string text = entry.request;
    for (const auto& [name, value] : values_) {
      text = absl::StrReplaceAll(text, {{name, value}});
    }
    pb::DynamicMessageFactory factory;
    std::unique_ptr<pb::Message> request(factory.GetPrototype(method.input_type())->New());
    EXPECT_TRUE(pb::TextFormat::ParseFromString(text, request.get())) << entry.method << text;
    return request->SerializeAsString();
  }

  // Every table's rows, digested, but for rows of company B (B may act on its own account, e.g.
  // keep the replay of its own batch call) and the throttles (they count refusals on purpose).
  std::map<std::string, std::string> Snapshot() const {
    std::map<std::string, std::string> digests;
    const std::string tables = db_->QueryValue(
        "SELECT string_agg(table_name, ',' ORDER BY table_name) FROM information_schema.tables "
        "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT IN "
        "('login_throttles', 'activation_lockouts')");
    for (const absl::string_view table : absl::StrSplit(tables, ',')) {
      const std::string name(table);
      digests[name] = db_->QueryValue(
          absl::StrCat("SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM ",
                       name, " t WHERE position('", other_.company_id, "' IN t::text) = 0"));
    }
    return digests;
  }

  // Expects `code` of one call, counts it, and for OK reads checks that none of A's IDs leak.
  void Expect(const Entry& entry, const std::string& caller, const std::string& token,
              const std::string& request, grpc::StatusCode code) {
    const Outcome outcome =
        CallAny(channel_, absl::StrCat("/supplynet.v1.", entry.method), request, token);
    ++calls_;
    EXPECT_EQ(outcome.status.error_code(), code)
        << entry.method << " as " << caller << ": " << outcome.status.error_message();
    if (!outcome.status.ok() || caller != "company B") return;
    if (entry.scope == Scope::kOwnRead) {
      ExpectNothingOfA(entry, outcome.responses);
    } else {
      ExpectEveryItemRefused(entry, outcome.responses);
    }
  }

  // A read of B's own company shows none of A's IDs.
  void ExpectNothingOfA(const Entry& entry, const std::string& responses) const {
    for (const char* name :
         {"$SUPPLIER", "$INVITATION", "$USER", "$SERVICE_ACCOUNT", "$DOCUMENT"}) {
      EXPECT_EQ(responses.find(values_.at(name)), std::string::npos)
          << entry.method << " showed company B " << name;
    }
    EXPECT_EQ(responses.find(client_.tenant.company_id), std::string::npos)
        << entry.method << " showed company B company A's id";
  }

  // A batch call naming A's resources succeeds as a call, and refuses each item.
  static void ExpectEveryItemRefused(const Entry& entry, const std::string& responses) {
    const std::string method = entry.method;
    if (method == "DocumentStatusService/SyncDocuments") {
      v1::SyncDocumentsResponse response;
      ASSERT_TRUE(response.ParseFromString(responses));
      ASSERT_EQ(response.results_size(), 1);
      EXPECT_EQ(response.results(0).error().code(), kDenied) << "a stranger synced A's document";
    } else if (method == "InvitationService/InviteSuppliers") {
      v1::InviteSuppliersResponse response;
      ASSERT_TRUE(response.ParseFromString(responses));
      ASSERT_EQ(response.results_size(), 1);
      EXPECT_EQ(response.results(0).status().code(), kNotFound)
          << "a stranger invited A's supplier";
    } else {
      ADD_FAILURE() << method << " answered company B OK with A's IDs";
    }
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TestServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  Party client_;
  Tenant other_;
  std::string member_token_;
  std::string expired_token_;
  std::string ingestion_key_;  // The platform's key that syncs documents for any company.
  std::map<std::string, std::string> values_;
  int calls_ = 0;
};

}  // namespace supplynet::testing::contract
