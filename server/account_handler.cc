#include "server/account_handler.h"

#include "domain/field_violation.h"
#include "domain/status_macros.h"
#include "server/proto_convert.h"

namespace supplynet::server {
namespace {

// The update_mask paths UpdateUser accepts; any other path is a field violation.
absl::StatusOr<UserUpdate> UserUpdateFromProto(const v1::UpdateUserRequest& request) {
  UserUpdate update;
  update.user_id = request.user().user_id();
  update.etag = request.user().etag();
  FieldViolations violations;
  if (request.update_mask().paths_size() == 0) {
    violations.Add("update_mask", "is required (paths: role, email)");
  }
  for (const std::string& path : request.update_mask().paths()) {
    if (path == "role") {
      if (request.user().role() == v1::ROLE_UNSPECIFIED) {
        violations.Add("user.role", "must be ROLE_ADMIN or ROLE_MEMBER");
      }
      update.role = FromProto(request.user().role());
    } else if (path == "email") {
      update.email = request.user().email();
    } else {
      violations.Add("update_mask", "may name only role and email, not " + path);
    }
  }
  RETURN_IF_ERROR(violations.ToStatus());
  return update;
}

}  // namespace

grpc::Status AccountHandler::RegisterCompany(grpc::ServerContext* context,
                                             const v1::RegisterCompanyRequest* request,
                                             v1::RegisterCompanyResponse* response) {
  return HandleRpc(context, "AccountService/RegisterCompany", deps_, *request, [&](RpcCall& call) {
    RegistrationRequest registration;
    registration.tax_id = FromProto(request->company().tax_id());
    registration.legal_name = request->company().legal_name();
    registration.admin_username = request->admin_username();
    registration.admin_email = request->admin_email();
    registration.admin_password = request->admin_password();
    ASSIGN_OR_RETURN(Registration registered,
                     accounts_.RegisterCompany(registration, call.deadline()));
    ToProto(registered.company, response->mutable_company());
    ToProto(registered.admin, response->mutable_admin());
    return absl::OkStatus();
  });
}

grpc::Status AccountHandler::Login(grpc::ServerContext* context, const v1::LoginRequest* request,
                                   v1::LoginResponse* response) {
  return HandleRpc(context, "AccountService/Login", deps_, *request, [&](RpcCall& call) {
    ASSIGN_OR_RETURN(LoginResult login,
                     accounts_.Login(request->username(), request->password(),
                                     ClientAddressOf(*context, trusted_proxies_), call.deadline()));
    response->set_access_token(login.access_token);
    ToProto(login.expire_time, response->mutable_expire_time());
    ToProto(login.user, response->mutable_user());
    ToProto(login.company, response->mutable_company());
    return absl::OkStatus();
  });
}

grpc::Status AccountHandler::Logout(grpc::ServerContext* context, const v1::LogoutRequest*,
                                    v1::LogoutResponse*) {
  return HandleRpc(context, "AccountService/Logout", deps_, [&](RpcCall& call) -> absl::Status {
    ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
    return accounts_.Logout(caller);
  });
}

grpc::Status AccountHandler::GetCurrentPrincipal(grpc::ServerContext* context,
                                                 const v1::GetCurrentPrincipalRequest*,
                                                 v1::GetCurrentPrincipalResponse* response) {
  return HandleRpc(
      context, "AccountService/GetCurrentPrincipal", deps_, [&](RpcCall& call) -> absl::Status {
        ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
        ASSIGN_OR_RETURN(Company company, accounts_.GetCompany(caller));
        ToProto(company, response->mutable_company());
        if (caller.is_user()) {
          ASSIGN_OR_RETURN(User user, accounts_.GetUser(caller, caller.user_id));
          ToProto(user, response->mutable_user());
        } else {
          ASSIGN_OR_RETURN(ServiceAccount account, accounts_.GetServiceAccount(caller));
          ToProto(account, response->mutable_service_account());
        }
        return absl::OkStatus();
      });
}

grpc::Status AccountHandler::CreateUser(grpc::ServerContext* context,
                                        const v1::CreateUserRequest* request,
                                        v1::CreateUserResponse* response) {
  return HandleRpc(context, "AccountService/CreateUser", deps_, *request, [&](RpcCall& call) {
    ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
    NewUser user{request->user().username(), request->user().email(),
                 FromProto(request->user().role()), request->password()};
    ASSIGN_OR_RETURN(User created, accounts_.CreateUser(caller, user, call.deadline()));
    ToProto(created, response->mutable_user());
    return absl::OkStatus();
  });
}

grpc::Status AccountHandler::GetUser(grpc::ServerContext* context,
                                     const v1::GetUserRequest* request,
                                     v1::GetUserResponse* response) {
  return HandleRpc(context, "AccountService/GetUser", deps_, *request, [&](RpcCall& call) {
    ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
    ASSIGN_OR_RETURN(User user, accounts_.GetUser(caller, request->user_id()));
    ToProto(user, response->mutable_user());
    return absl::OkStatus();
  });
}

grpc::Status AccountHandler::ListUsers(grpc::ServerContext* context,
                                       const v1::ListUsersRequest* request,
                                       v1::ListUsersResponse* response) {
  return HandleRpc(context, "AccountService/ListUsers", deps_, *request, [&](RpcCall& call) {
    ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
    ASSIGN_OR_RETURN(Page<User> page,
                     accounts_.ListUsers(caller, request->page_size(), request->page_token()));
    for (const User& user : page.items) ToProto(user, response->add_users());
    response->set_next_page_token(page.next_page_token);
    return absl::OkStatus();
  });
}

grpc::Status AccountHandler::UpdateUser(grpc::ServerContext* context,
                                        const v1::UpdateUserRequest* request,
                                        v1::UpdateUserResponse* response) {
  return HandleRpc(context, "AccountService/UpdateUser", deps_, *request, [&](RpcCall& call) {
    ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
    ASSIGN_OR_RETURN(UserUpdate update, UserUpdateFromProto(*request));
    ASSIGN_OR_RETURN(User user, accounts_.UpdateUser(caller, update));
    ToProto(user, response->mutable_user());
    return absl::OkStatus();
  });
}

grpc::Status AccountHandler::DeleteUser(grpc::ServerContext* context,
                                        const v1::DeleteUserRequest* request,
                                        v1::DeleteUserResponse*) {
  return HandleRpc(context, "AccountService/DeleteUser", deps_, *request,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
                     return accounts_.DeleteUser(caller, request->user_id());
                   });
}

grpc::Status AccountHandler::CreateServiceAccount(grpc::ServerContext* context,
                                                  const v1::CreateServiceAccountRequest* request,
                                                  v1::CreateServiceAccountResponse* response) {
  return HandleRpc(
      context, "AccountService/CreateServiceAccount", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        const v1::ServiceAccount& in = request->service_account();
        NewServiceAccount account{in.display_name(), FromProto(in.role()), std::nullopt};
        if (in.has_expire_time()) {
          ASSIGN_OR_RETURN(account.expire_time,
                           FromProto(in.expire_time(), "service_account.expire_time"));
        }
        ASSIGN_OR_RETURN(CreatedServiceAccount created,
                         accounts_.CreateServiceAccount(caller, account));
        ToProto(created.account, response->mutable_service_account());
        response->set_key(created.key);
        return absl::OkStatus();
      });
}

grpc::Status AccountHandler::ListServiceAccounts(grpc::ServerContext* context,
                                                 const v1::ListServiceAccountsRequest* request,
                                                 v1::ListServiceAccountsResponse* response) {
  return HandleRpc(
      context, "AccountService/ListServiceAccounts", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        ASSIGN_OR_RETURN(
            Page<ServiceAccount> page,
            accounts_.ListServiceAccounts(caller, request->page_size(), request->page_token()));
        for (const ServiceAccount& a : page.items) ToProto(a, response->add_service_accounts());
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::Status AccountHandler::DeleteServiceAccount(grpc::ServerContext* context,
                                                  const v1::DeleteServiceAccountRequest* request,
                                                  v1::DeleteServiceAccountResponse*) {
  return HandleRpc(context, "AccountService/DeleteServiceAccount", deps_, *request,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
                     return accounts_.DeleteServiceAccount(caller, request->service_account_id());
                   });
}

}  // namespace supplynet::server
