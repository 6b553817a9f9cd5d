#include "tests/support/accounts.h"

#include <gtest/gtest.h>

#include "tests/support/test_server.h"

namespace supplynet::testing {

v1::RegisterCompanyRequest CompanyRequest(const std::string& nit, const std::string& username) {
  v1::RegisterCompanyRequest request;
  request.mutable_company()->mutable_tax_id()->set_country(v1::COUNTRY_CO);
  request.mutable_company()->mutable_tax_id()->set_value(nit);
  request.mutable_company()->set_legal_name("Empresa " + nit + " S.A.S.");
  request.set_admin_username(username);
  request.set_admin_email(username + "@example.com");
  request.set_admin_password(kPassword);
  return request;
}

Tenant RegisterTenant(v1::AccountService::Stub& accounts, const std::string& nit,
                      const std::string& username) {
  v1::RegisterCompanyResponse registered;
  const grpc::Status status =
      accounts.RegisterCompany(Ctx().get(), CompanyRequest(nit, username), &registered);
  EXPECT_TRUE(status.ok()) << status.error_message();
  Tenant tenant;
  tenant.company_id = registered.company().company_id();
  tenant.admin_user_id = registered.admin().user_id();
  tenant.admin_username = registered.admin().username();
  tenant.admin_token = LoginToken(accounts, username);
  return tenant;
}

std::string LoginToken(v1::AccountService::Stub& accounts, const std::string& username,
                       const std::string& password) {
  v1::LoginRequest request;
  request.set_username(username);
  request.set_password(password);
  v1::LoginResponse response;
  const grpc::Status status = accounts.Login(Ctx().get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.access_token();
}

std::string CreateUser(v1::AccountService::Stub& accounts, const std::string& admin_token,
                       const std::string& username, v1::Role role) {
  v1::CreateUserRequest request;
  request.mutable_user()->set_username(username);
  request.mutable_user()->set_email(username + "@example.com");
  request.mutable_user()->set_role(role);
  request.set_password(kPassword);
  v1::CreateUserResponse response;
  const grpc::Status status = accounts.CreateUser(Ctx(admin_token).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.user().user_id();
}

}  // namespace supplynet::testing
