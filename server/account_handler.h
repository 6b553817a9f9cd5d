// gRPC face of AccountService: decode, authorize, call the use case, encode.
#pragma once

#include "app/account_service.h"
#include "server/client_address.h"
#include "server/rpc_call.h"
#include "supplynet/v1/account.grpc.pb.h"

namespace supplynet::server {

class AccountHandler final : public v1::AccountService::Service {
 public:
  // Logins count failures per source address: the caller's, or the one a trusted proxy
  // forwarded for.
  AccountHandler(AccountService& accounts, const TrustedProxies& trusted_proxies,
                 const CallDeps& deps)
      : accounts_(accounts), trusted_proxies_(trusted_proxies), deps_(deps) {}

  grpc::Status RegisterCompany(grpc::ServerContext* context,
                               const v1::RegisterCompanyRequest* request,
                               v1::RegisterCompanyResponse* response) override;
  grpc::Status Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                     v1::LoginResponse* response) override;
  grpc::Status Logout(grpc::ServerContext* context, const v1::LogoutRequest* request,
                      v1::LogoutResponse* response) override;
  grpc::Status GetCurrentPrincipal(grpc::ServerContext* context,
                                   const v1::GetCurrentPrincipalRequest* request,
                                   v1::GetCurrentPrincipalResponse* response) override;
  grpc::Status CreateUser(grpc::ServerContext* context, const v1::CreateUserRequest* request,
                          v1::CreateUserResponse* response) override;
  grpc::Status GetUser(grpc::ServerContext* context, const v1::GetUserRequest* request,
                       v1::GetUserResponse* response) override;
  grpc::Status ListUsers(grpc::ServerContext* context, const v1::ListUsersRequest* request,
                         v1::ListUsersResponse* response) override;
  grpc::Status UpdateUser(grpc::ServerContext* context, const v1::UpdateUserRequest* request,
                          v1::UpdateUserResponse* response) override;
  grpc::Status DeleteUser(grpc::ServerContext* context, const v1::DeleteUserRequest* request,
                          v1::DeleteUserResponse* response) override;
  grpc::Status CreateServiceAccount(grpc::ServerContext* context,
                                    const v1::CreateServiceAccountRequest* request,
                                    v1::CreateServiceAccountResponse* response) override;
  grpc::Status ListServiceAccounts(grpc::ServerContext* context,
                                   const v1::ListServiceAccountsRequest* request,
                                   v1::ListServiceAccountsResponse* response) override;
  grpc::Status DeleteServiceAccount(grpc::ServerContext* context,
                                    const v1::DeleteServiceAccountRequest* request,
                                    v1::DeleteServiceAccountResponse* response) override;

 private:
  AccountService& accounts_;
  const TrustedProxies& trusted_proxies_;
  const CallDeps& deps_;
};

}  // namespace supplynet::server
