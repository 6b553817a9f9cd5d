// Shortcuts to set up companies and users through the real AccountService.
#pragma once

#include <string>

#include "supplynet/v1/account.grpc.pb.h"

namespace supplynet::testing {

inline constexpr char kPassword[] = "correct horse battery";

struct Tenant {
  std::string company_id;
  std::string admin_user_id;
  std::string admin_username;
  std::string admin_token;
};

// A registration of a Colombian company whose NIT (without DV) is `nit`.
v1::RegisterCompanyRequest CompanyRequest(const std::string& nit, const std::string& username);

// Registers a company and logs its administrator in; fails the test on any error.
Tenant RegisterTenant(v1::AccountService::Stub& accounts, const std::string& nit,
                      const std::string& username);

// Logs in and returns the token ("" and a test failure on error).
std::string LoginToken(v1::AccountService::Stub& accounts, const std::string& username,
                       const std::string& password = kPassword);

// Creates a user in the caller's company and returns its id.
std::string CreateUser(v1::AccountService::Stub& accounts, const std::string& admin_token,
                       const std::string& username, v1::Role role);

}  // namespace supplynet::testing
