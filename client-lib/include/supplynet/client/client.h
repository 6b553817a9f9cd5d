// The supplynet C++ client: one object per server, a typed method per RPC.
//
//   supplynet::client::ClientOptions options;
//   options.target = "api.example.com:443";
//   options.tls = true;
//   supplynet::client::Client client(options);
//   auto login = client.Login("ana", "correct horse battery");  // later calls carry the token
//   if (!login.ok()) std::cerr << supplynet::client::Describe(login.status());
//   client.ForEachUser([](const supplynet::v1::User& u) { std::cout << u.username() << "\n"; });
//
// Every method returns absl::Status / absl::StatusOr with the server's code and message;
// FieldViolations(status) lists the bad fields of an INVALID_ARGUMENT. The messages are the
// generated protobuf classes of the contract (supplynet/v1/*.proto), shipped with the library.
#pragma once

#include <grpcpp/channel.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "supplynet/client/document_stream.h"
#include "supplynet/client/import_progress.h"
#include "supplynet/client/retry_policy.h"
#include "supplynet/client/status.h"
#include "supplynet/v1/account.grpc.pb.h"
#include "supplynet/v1/document_status.grpc.pb.h"
#include "supplynet/v1/invitation.grpc.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"

namespace grpc {
class ClientContext;
}  // namespace grpc

namespace supplynet::client {

// What the client sends as `authorization: Bearer <secret>`.
struct Credentials {
  enum class Kind { kNone, kBearerToken, kServiceAccountKey };

  static Credentials None() { return {}; }
  // A session token from Login.
  static Credentials BearerToken(std::string token) {
    return {Kind::kBearerToken, std::move(token)};
  }
  // A service-account key from CreateServiceAccount (for batch jobs and other systems).
  static Credentials ServiceAccountKey(std::string key) {
    return {Kind::kServiceAccountKey, std::move(key)};
  }

  Kind kind = Kind::kNone;
  std::string secret;
};

// How the channel spreads calls over the addresses its target resolves to.
enum class LoadBalancing {
  // Each call to the next server that is connected: the replicas behind a `dns:///name:port`
  // (every A/AAAA record) or an `ipv4:host:port,host:port` list share the load, and a server
  // that goes away is skipped (the calls it failed with UNAVAILABLE are retried, see
  // retry_policy.h). With one address (a load balancer such as HAProxy) it is that address.
  kRoundRobin,
  // gRPC's default: every call to the first address that connects, the next only when it fails.
  kPickFirst,
};

struct ClientOptions {
  // host:port, or any gRPC target URI: dns:///host:port, ipv4:10.0.0.1:50051,10.0.0.2:50051.
  std::string target = "127.0.0.1:50051";
  LoadBalancing load_balancing = LoadBalancing::kRoundRobin;
  Credentials credentials;
  bool tls = false;            // grpc::SslCredentials when true, plaintext otherwise.
  std::string tls_root_certs;  // PEM roots for TLS; empty: the system's.
  // The client's own PEM certificate chain and key, for a server that requires mutual TLS.
  std::string tls_cert_chain;
  std::string tls_private_key;
  // Deadline of every call (retries included); zero: none.
  std::chrono::milliseconds default_deadline = std::chrono::seconds(30);
  // Deadline of a streaming call (a bulk import sends a whole file); zero: none.
  std::chrono::milliseconds stream_deadline = std::chrono::hours(1);
};

class Client {
 public:
  explicit Client(ClientOptions options);

  // The channel, for calling stubs directly (it carries the retry policy).
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  // The secret sent with each call ("" when none); Login replaces it, Logout clears it.
  std::string token() const;
  void set_token(std::string token);

  // --- AccountService ---
  // No auth needed.
  absl::StatusOr<v1::RegisterCompanyResponse> RegisterCompany(
      const v1::RegisterCompanyRequest& request);
  // On success the client keeps the token for the calls that follow.
  absl::StatusOr<v1::LoginResponse> Login(const std::string& username, const std::string& password);
  // Revokes the current session token and forgets it.
  absl::Status Logout();
  absl::StatusOr<v1::GetCurrentPrincipalResponse> GetCurrentPrincipal();
  absl::StatusOr<v1::User> CreateUser(const v1::User& user, const std::string& password);
  absl::StatusOr<v1::User> GetUser(const std::string& user_id);
  // One page; see ForEachUser / ListAllUsers for every page.
  absl::StatusOr<v1::ListUsersResponse> ListUsers(const v1::ListUsersRequest& request);
  // Calls `visit` for every user of the company, fetching page after page.
  absl::Status ForEachUser(const std::function<void(const v1::User&)>& visit,
                           int32_t page_size = 0);
  absl::StatusOr<std::vector<v1::User>> ListAllUsers();
  // Changes the fields named in `paths` ("role", "email"); user.etag guards against races.
  absl::StatusOr<v1::User> UpdateUser(const v1::User& user, const std::vector<std::string>& paths);
  absl::Status DeleteUser(const std::string& user_id);
  // The response carries the key, shown only this once.
  absl::StatusOr<v1::CreateServiceAccountResponse> CreateServiceAccount(
      const v1::ServiceAccount& service_account);
  absl::StatusOr<v1::ListServiceAccountsResponse> ListServiceAccounts(
      const v1::ListServiceAccountsRequest& request);
  absl::Status ForEachServiceAccount(const std::function<void(const v1::ServiceAccount&)>& visit,
                                     int32_t page_size = 0);
  absl::StatusOr<std::vector<v1::ServiceAccount>> ListAllServiceAccounts();
  absl::Status DeleteServiceAccount(const std::string& service_account_id);

  // --- SupplierNetworkService ---
  // A non-empty `request_id` (a UUID) makes a retried call return the first result.
  absl::StatusOr<v1::Supplier> AddSupplier(const v1::Supplier& supplier,
                                           const std::string& request_id = "");
  absl::StatusOr<v1::Supplier> GetSupplier(const std::string& supplier_id);
  // One page; the request's filters narrow it. See ForEachSupplier for every page.
  absl::StatusOr<v1::ListSuppliersResponse> ListSuppliers(const v1::ListSuppliersRequest& request);
  // Calls `visit` for every supplier matching the filters of `filter` (its page token is
  // ignored), fetching page after page.
  absl::Status ForEachSupplier(const v1::ListSuppliersRequest& filter,
                               const std::function<void(const v1::Supplier&)>& visit);
  // Changes the fields named in `paths`; supplier.etag (when set) guards against races.
  absl::StatusOr<v1::Supplier> UpdateSupplier(const v1::Supplier& supplier,
                                              const std::vector<std::string>& paths,
                                              const std::string& request_id = "");
  // True when removed. An empty etag removes whatever version is there. With `allow_missing`
  // an unknown entry is false instead of NOT_FOUND, so that a retried removal succeeds.
  absl::StatusOr<bool> RemoveSupplier(const std::string& supplier_id, const std::string& etag = "",
                                      bool allow_missing = false);
  absl::StatusOr<std::vector<v1::SupplierGroup>> ListAllGroups();
  absl::StatusOr<v1::GetImportTemplateResponse> GetImportTemplate();
  // Streams a CSV of any size to ImportSuppliers in chunks of `chunk_bytes`, calling
  // `progress` after each chunk, and returns the server's report. `total_bytes` in the
  // progress is `size_hint` (-1: unknown). Give options.request_id to make a retry safe.
  absl::StatusOr<v1::ImportSuppliersResponse> ImportSuppliers(
      std::istream& csv, const v1::ImportSuppliersOptions& options,
      const ImportProgressCallback& progress = nullptr, int64_t size_hint = -1,
      size_t chunk_bytes = kDefaultImportChunkBytes);
  // The same from a file, whose size gives the progress its total.
  absl::StatusOr<v1::ImportSuppliersResponse> ImportSuppliersFromFile(
      const std::string& path, const v1::ImportSuppliersOptions& options,
      const ImportProgressCallback& progress = nullptr);

  // --- DocumentStatusService ---
  // Streams every document `source` gives to SyncDocuments, opening a new call after each
  // `per_call` documents (the server's limit is kMaxDocumentsPerSync), and hands each
  // document's result to `visit`; `progress` follows every document sent. Only the totals are
  // kept (results is empty), so memory stays flat for any number of documents. Sync is
  // idempotent per document: running the same source again changes nothing.
  absl::StatusOr<v1::SyncDocumentsResponse> SyncDocuments(
      const DocumentSource& source, const SyncResultVisitor& visit,
      const SyncProgressCallback& progress = nullptr, int per_call = kMaxDocumentsPerSync);
  // The same for documents already in memory; the response keeps every result.
  absl::StatusOr<v1::SyncDocumentsResponse> SyncDocuments(
      const std::vector<v1::Document>& documents);
  absl::StatusOr<v1::Document> GetDocument(const std::string& document_id);
  // One page; the filter's direction is required. See ForEachDocument for every page.
  absl::StatusOr<v1::ListDocumentsResponse> ListDocuments(const v1::ListDocumentsRequest& request);
  // Calls `visit` for every document matching `filter`, fetching page after page.
  absl::Status ForEachDocument(const v1::DocumentFilter& filter,
                               const std::function<void(const v1::Document&)>& visit,
                               int32_t page_size = 0);
  // The caller's (client's) workflow, the default one when it never saved any.
  absl::StatusOr<v1::Workflow> GetWorkflow();
  // Replaces the lists named in `paths` ("required_fields", "allowed_transitions");
  // workflow.etag (when set) guards against races.
  absl::StatusOr<v1::Workflow> UpdateWorkflow(const v1::Workflow& workflow,
                                              const std::vector<std::string>& paths);
  // Issuer only: the values of the receiver's required fields (an empty value clears one).
  // The response names the fields still missing; none means the document is SENT now.
  absl::StatusOr<v1::UpdateValidationInfoResponse> UpdateValidationInfo(
      const std::string& document_id, const std::map<std::string, std::string>& values,
      const std::string& etag = "", const std::string& request_id = "");
  absl::StatusOr<v1::RestartValidationResponse> RestartValidation(
      const std::string& document_id, const std::string& etag = "",
      const std::string& request_id = "");
  // Receiver only: the client's decision; REJECTED needs reason.code and reason.text.
  absl::StatusOr<v1::ChangeDocumentStatusResponse> ChangeDocumentStatus(
      const std::string& document_id, v1::DocumentStatus status,
      const v1::StatusReason& reason = v1::StatusReason(), const std::string& etag = "",
      const std::string& request_id = "");
  // One page of a document's history, oldest first; ForEachStatusChange walks every page.
  absl::StatusOr<v1::ListStatusHistoryResponse> ListStatusHistory(
      const v1::ListStatusHistoryRequest& request);
  absl::Status ForEachStatusChange(const std::string& document_id,
                                   const std::function<void(const v1::StatusChange&)>& visit);
  absl::StatusOr<std::vector<v1::StatusChange>> ListAllStatusChanges(
      const std::string& document_id);
  // Writes the CSV report of the documents matching `filter` to `out` as its chunks arrive
  // (constant memory for any size).
  absl::StatusOr<ReportDownload> ExportDocumentReport(const v1::DocumentFilter& filter,
                                                      std::ostream& out);
  // Hands every message of the stream to `visit` (the first one, a heartbeat, says the stream
  // is live) until `visit` returns false, `cancellation` is cancelled (both: OK) or the call
  // fails. No deadline: a watch runs as long as it is wanted. Resume with
  // request.start_cursor set to the last cursor seen.
  absl::Status WatchDocumentEvents(const v1::WatchDocumentEventsRequest& request,
                                   const DocumentEventVisitor& visit,
                                   WatchCancellation* cancellation = nullptr);
  // --- InvitationService ---
  // Mutations are not retried by the channel; calling again with the same `request_id` (a
  // UUID) is safe: the server returns the first result and sends no second email.
  // Invites one supplier to `emails` (empty: its primary email); `reused` tells whether its
  // PENDING invitation got a new code instead of a new invitation.
  absl::StatusOr<v1::InviteSupplierResponse> InviteSupplier(
      const std::string& supplier_id, const std::vector<std::string>& emails = {},
      const std::string& request_id = "");
  // Invites each supplier to its primary email. One result per supplier in request order; a
  // supplier's own refusal is in its result (see FromRpcStatus), not in the returned status.
  absl::StatusOr<std::vector<v1::InviteSupplierResult>> InviteSuppliers(
      const std::vector<std::string>& supplier_ids, const std::string& request_id = "");
  // A new code for a PENDING invitation; non-empty `emails` replace its addresses.
  absl::StatusOr<v1::Invitation> ResendInvitation(const std::string& invitation_id,
                                                  const std::vector<std::string>& emails = {},
                                                  const std::string& request_id = "");
  // Revoking twice returns the REVOKED invitation unchanged, so it needs no request_id.
  absl::StatusOr<v1::Invitation> RevokeInvitation(const std::string& invitation_id);
  absl::StatusOr<v1::Invitation> GetInvitation(const std::string& invitation_id);
  // One page, newest first; the request's filters narrow it. See ForEachInvitation.
  absl::StatusOr<v1::ListInvitationsResponse> ListInvitations(
      const v1::ListInvitationsRequest& request);
  // Calls `visit` for every invitation matching the filters of `filter` (its page token is
  // ignored), fetching page after page.
  absl::Status ForEachInvitation(const v1::ListInvitationsRequest& filter,
                                 const std::function<void(const v1::Invitation&)>& visit);
  // Called by an administrator of the invited supplier's company: `supplier_tax_id` is its
  // own registered tax ID, `client_tax_id` the inviting client's, `code` the one emailed.
  absl::StatusOr<v1::ActivateWithCodeResponse> ActivateWithCode(const v1::TaxId& supplier_tax_id,
                                                                const v1::TaxId& client_tax_id,
                                                                const std::string& code);

 private:
  // Adds the authorization metadata of one call.
  void Authorize(grpc::ClientContext& context) const;
  // Sets the deadline and the authorization metadata of one call.
  void Prepare(grpc::ClientContext& context) const;
  // The same for a streaming call, whose deadline is options_.stream_deadline.
  void PrepareStream(grpc::ClientContext& context) const;
  // One unary call through `method` of `stub`, with the status converted.
  template <typename Stub, typename Request, typename Response>
  absl::StatusOr<Response> Call(Stub& stub,
                                grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&,
                                                             Response*),
                                const Request& request) const;

  ClientOptions options_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::SupplierNetworkService::Stub> suppliers_;
  std::unique_ptr<v1::DocumentStatusService::Stub> documents_;
  std::unique_ptr<v1::InvitationService::Stub> invitations_;
  mutable std::mutex token_mu_;
  std::string token_;
};

}  // namespace supplynet::client
