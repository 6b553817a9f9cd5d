#include "supplynet/client/client.h"

#include <grpcpp/client_context.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <utility>

#include "client_call.h"

namespace supplynet::client {
namespace {

std::shared_ptr<grpc::ChannelCredentials> ChannelCredentialsFor(const ClientOptions& options) {
  if (!options.tls) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = options.tls_root_certs;
  ssl.pem_cert_chain = options.tls_cert_chain;
  ssl.pem_private_key = options.tls_private_key;
  return grpc::SslCredentials(ssl);
}

std::string PolicyName(LoadBalancing load_balancing) {
  switch (load_balancing) {
    case LoadBalancing::kPickFirst:
      return "pick_first";
    case LoadBalancing::kRoundRobin:
      break;
  }
  return "round_robin";
}

std::shared_ptr<grpc::Channel> MakeChannel(const ClientOptions& options) {
  grpc::ChannelArguments args;
  args.SetServiceConfigJSON(ServiceConfig(PolicyName(options.load_balancing)));
  return grpc::CreateCustomChannel(options.target, ChannelCredentialsFor(options), args);
}

}  // namespace

Client::Client(ClientOptions options)
    : options_(std::move(options)),
      channel_(MakeChannel(options_)),
      accounts_(v1::AccountService::NewStub(channel_)),
      suppliers_(v1::SupplierNetworkService::NewStub(channel_)),
      documents_(v1::DocumentStatusService::NewStub(channel_)),
      invitations_(v1::InvitationService::NewStub(channel_)),
      token_(options_.credentials.secret) {}

std::string Client::token() const {
  std::lock_guard<std::mutex> lock(token_mu_);
  return token_;
}

void Client::set_token(std::string token) {
  std::lock_guard<std::mutex> lock(token_mu_);
  token_ = std::move(token);
}

namespace {

void SetDeadline(grpc::ClientContext& context, std::chrono::milliseconds deadline) {
  if (deadline.count() > 0) context.set_deadline(std::chrono::system_clock::now() + deadline);
}

}  // namespace

void Client::Authorize(grpc::ClientContext& context) const {
  // Session tokens and service-account keys travel the same way.
  const std::string secret = token();
  if (!secret.empty()) context.AddMetadata("authorization", "Bearer " + secret);
}

void Client::Prepare(grpc::ClientContext& context) const {
  SetDeadline(context, options_.default_deadline);
  Authorize(context);
}

void Client::PrepareStream(grpc::ClientContext& context) const {
  SetDeadline(context, options_.stream_deadline);
  Authorize(context);
}

absl::StatusOr<v1::RegisterCompanyResponse> Client::RegisterCompany(
    const v1::RegisterCompanyRequest& request) {
  return Call(*accounts_, &v1::AccountService::Stub::RegisterCompany, request);
}

absl::StatusOr<v1::LoginResponse> Client::Login(const std::string& username,
                                                const std::string& password) {
  v1::LoginRequest request;
  request.set_username(username);
  request.set_password(password);
  auto response = Call(*accounts_, &v1::AccountService::Stub::Login, request);
  if (response.ok()) set_token(response->access_token());
  return response;
}

absl::Status Client::Logout() {
  auto response = Call(*accounts_, &v1::AccountService::Stub::Logout, v1::LogoutRequest());
  if (response.ok()) set_token("");
  return response.status();
}

absl::StatusOr<v1::GetCurrentPrincipalResponse> Client::GetCurrentPrincipal() {
  return Call(*accounts_, &v1::AccountService::Stub::GetCurrentPrincipal,
              v1::GetCurrentPrincipalRequest());
}

absl::StatusOr<v1::User> Client::CreateUser(const v1::User& user, const std::string& password) {
  v1::CreateUserRequest request;
  *request.mutable_user() = user;
  request.set_password(password);
  auto response = Call(*accounts_, &v1::AccountService::Stub::CreateUser, request);
  if (!response.ok()) return response.status();
  return response->user();
}

absl::StatusOr<v1::User> Client::GetUser(const std::string& user_id) {
  v1::GetUserRequest request;
  request.set_user_id(user_id);
  auto response = Call(*accounts_, &v1::AccountService::Stub::GetUser, request);
  if (!response.ok()) return response.status();
  return response->user();
}

absl::StatusOr<v1::ListUsersResponse> Client::ListUsers(const v1::ListUsersRequest& request) {
  return Call(*accounts_, &v1::AccountService::Stub::ListUsers, request);
}

absl::Status Client::ForEachUser(const std::function<void(const v1::User&)>& visit,
                                 int32_t page_size) {
  v1::ListUsersRequest request;
  request.set_page_size(page_size);
  return internal::ForEachPage(
      request, [this](const v1::ListUsersRequest& page) { return ListUsers(page); },
      [](const v1::ListUsersResponse& page) -> const auto& { return page.users(); }, visit);
}

absl::StatusOr<std::vector<v1::User>> Client::ListAllUsers() {
  return internal::CollectAll<v1::User>([this](const auto& visit) { return ForEachUser(visit); });
}

absl::StatusOr<v1::User> Client::UpdateUser(const v1::User& user,
                                            const std::vector<std::string>& paths) {
  v1::UpdateUserRequest request;
  *request.mutable_user() = user;
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  auto response = Call(*accounts_, &v1::AccountService::Stub::UpdateUser, request);
  if (!response.ok()) return response.status();
  return response->user();
}

absl::Status Client::DeleteUser(const std::string& user_id) {
  v1::DeleteUserRequest request;
  request.set_user_id(user_id);
  return Call(*accounts_, &v1::AccountService::Stub::DeleteUser, request).status();
}

absl::StatusOr<v1::CreateServiceAccountResponse> Client::CreateServiceAccount(
    const v1::ServiceAccount& service_account) {
  v1::CreateServiceAccountRequest request;
  *request.mutable_service_account() = service_account;
  return Call(*accounts_, &v1::AccountService::Stub::CreateServiceAccount, request);
}

absl::StatusOr<v1::ListServiceAccountsResponse> Client::ListServiceAccounts(
    const v1::ListServiceAccountsRequest& request) {
  return Call(*accounts_, &v1::AccountService::Stub::ListServiceAccounts, request);
}

absl::Status Client::ForEachServiceAccount(
    const std::function<void(const v1::ServiceAccount&)>& visit, int32_t page_size) {
  v1::ListServiceAccountsRequest request;
  request.set_page_size(page_size);
  return internal::ForEachPage(
      request,
      [this](const v1::ListServiceAccountsRequest& page) { return ListServiceAccounts(page); },
      [](const v1::ListServiceAccountsResponse& page) -> const auto& {
        return page.service_accounts();
      },
      visit);
}

absl::StatusOr<std::vector<v1::ServiceAccount>> Client::ListAllServiceAccounts() {
  return internal::CollectAll<v1::ServiceAccount>(
      [this](const auto& visit) { return ForEachServiceAccount(visit); });
}

absl::Status Client::DeleteServiceAccount(const std::string& service_account_id) {
  v1::DeleteServiceAccountRequest request;
  request.set_service_account_id(service_account_id);
  return Call(*accounts_, &v1::AccountService::Stub::DeleteServiceAccount, request).status();
}

}  // namespace supplynet::client
