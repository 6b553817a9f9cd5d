// The token cache across replicas: two servers on one database, each caching for an hour, so
// that only the database's credential-change notifications can explain a change being seen.
#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "pqxx/pqxx"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/eventually.h"
#include "tests/support/test_database.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

server::ServerOptions CachingForAnHour() {
  server::ServerOptions options = TestServer::DefaultOptions();
  options.principal_cache.ttl = absl::Hours(1);
  return options;
}

class PrincipalCacheReplicasTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    a_ = std::make_unique<TestServer>(*db_, nullptr, CachingForAnHour());
    b_ = std::make_unique<TestServer>(*db_, nullptr, CachingForAnHour());
    ASSERT_TRUE(a_->ok() && b_->ok());
    accounts_a_ = a_->Accounts();
    accounts_b_ = b_->Accounts();
    suppliers_b_ = v1::SupplierNetworkService::NewStub(b_->channel());
  }

  // The status of an authenticated call on replica b that reads no credential row itself.
  grpc::StatusCode CallOnB(const std::string& token) {
    v1::ListSuppliersResponse response;
    return suppliers_b_->ListSuppliers(Ctx(token).get(), {}, &response).error_code();
  }

  // Calls on b until b serves `token` from its cache (its listener may still be connecting).
  void CachedOnB(const std::string& token) {
    const size_t before = b_->server().cached_principals();
    ASSERT_TRUE(Eventually([&] {
      return CallOnB(token) == grpc::StatusCode::OK && b_->server().cached_principals() > before;
    }));
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TestServer> a_;
  std::unique_ptr<TestServer> b_;
  std::unique_ptr<v1::AccountService::Stub> accounts_a_;
  std::unique_ptr<v1::AccountService::Stub> accounts_b_;
  std::unique_ptr<v1::SupplierNetworkService::Stub> suppliers_b_;
};

TEST_F(PrincipalCacheReplicasTest, ACachedTokenCostsNoReadOfTheCredentialTables) {
  const Tenant tenant = RegisterTenant(*accounts_a_, "900100200", "cache-admin");
  CachedOnB(tenant.admin_token);

  // An uncached token would now wait for the lock until the call's deadline.
  pqxx::connection conn(db_->url());
  pqxx::work locked(conn);
  locked.exec("LOCK TABLE sessions, users, service_accounts IN ACCESS EXCLUSIVE MODE");
  EXPECT_EQ(CallOnB(tenant.admin_token), grpc::StatusCode::OK);
  locked.abort();
}

TEST_F(PrincipalCacheReplicasTest, ALogoutOnOneReplicaEndsTheSessionOnTheOther) {
  const Tenant tenant = RegisterTenant(*accounts_a_, "900100201", "cache-logout");
  CachedOnB(tenant.admin_token);

  v1::LogoutResponse out;
  ASSERT_TRUE(accounts_a_->Logout(Ctx(tenant.admin_token).get(), {}, &out).ok());
  EXPECT_TRUE(
      Eventually([&] { return CallOnB(tenant.admin_token) == grpc::StatusCode::UNAUTHENTICATED; }));
}

TEST_F(PrincipalCacheReplicasTest, ALogoutOnTheSameReplicaEndsTheSessionAtOnce) {
  const Tenant tenant = RegisterTenant(*accounts_a_, "900100202", "cache-same");
  const std::string second = LoginToken(*accounts_b_, tenant.admin_username);
  CachedOnB(second);

  v1::LogoutResponse out;
  ASSERT_TRUE(accounts_b_->Logout(Ctx(second).get(), {}, &out).ok());
  EXPECT_EQ(CallOnB(second), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(CallOnB(tenant.admin_token), grpc::StatusCode::OK);
}

TEST_F(PrincipalCacheReplicasTest, ARevokedKeyADeletedUserAndADemotedAdminTakeEffectEverywhere) {
  const Tenant tenant = RegisterTenant(*accounts_a_, "900100203", "cache-owner");
  v1::CreateServiceAccountRequest create_key;
  create_key.mutable_service_account()->set_display_name("nightly");
  v1::CreateServiceAccountResponse key;
  ASSERT_TRUE(
      accounts_a_->CreateServiceAccount(Ctx(tenant.admin_token).get(), create_key, &key).ok());
  const std::string member_id =
      CreateUser(*accounts_a_, tenant.admin_token, "cache-member", v1::ROLE_MEMBER);
  const std::string admin_id =
      CreateUser(*accounts_a_, tenant.admin_token, "cache-second", v1::ROLE_ADMIN);
  const std::string member_token = LoginToken(*accounts_a_, "cache-member");
  const std::string admin_token = LoginToken(*accounts_a_, "cache-second");
  for (const std::string& token : {key.key(), member_token, admin_token}) CachedOnB(token);

  v1::DeleteServiceAccountRequest revoke;
  revoke.set_service_account_id(key.service_account().service_account_id());
  v1::DeleteServiceAccountResponse revoked;
  ASSERT_TRUE(
      accounts_a_->DeleteServiceAccount(Ctx(tenant.admin_token).get(), revoke, &revoked).ok());
  v1::DeleteUserRequest remove;
  remove.set_user_id(member_id);
  v1::DeleteUserResponse removed;
  ASSERT_TRUE(accounts_a_->DeleteUser(Ctx(tenant.admin_token).get(), remove, &removed).ok());
  v1::UpdateUserRequest demote;
  demote.mutable_user()->set_user_id(admin_id);
  demote.mutable_user()->set_role(v1::ROLE_MEMBER);
  demote.mutable_update_mask()->add_paths("role");
  v1::UpdateUserResponse demoted;
  ASSERT_TRUE(accounts_a_->UpdateUser(Ctx(tenant.admin_token).get(), demote, &demoted).ok());

  EXPECT_TRUE(Eventually([&] { return CallOnB(key.key()) == grpc::StatusCode::UNAUTHENTICATED; }));
  EXPECT_TRUE(
      Eventually([&] { return CallOnB(member_token) == grpc::StatusCode::UNAUTHENTICATED; }));
  EXPECT_TRUE(Eventually([&] {
    v1::CreateUserRequest request;
    request.mutable_user()->set_username("cache-never");
    request.mutable_user()->set_email("never@example.com");
    request.set_password(kPassword);
    v1::CreateUserResponse response;
    return accounts_b_->CreateUser(Ctx(admin_token).get(), request, &response).error_code() ==
           grpc::StatusCode::PERMISSION_DENIED;
  }));
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM users WHERE username = 'cache-never'"), "0");
}

TEST_F(PrincipalCacheReplicasTest, ARevocationWrittenStraightToTheDatabaseIsSeenToo) {
  const Tenant tenant = RegisterTenant(*accounts_a_, "900100204", "cache-sql");
  CachedOnB(tenant.admin_token);
  db_->Exec("UPDATE sessions SET revoke_time = now() WHERE user_id = '" + tenant.admin_user_id +
            "'");
  EXPECT_TRUE(
      Eventually([&] { return CallOnB(tenant.admin_token) == grpc::StatusCode::UNAUTHENTICATED; }));
}

TEST_F(PrincipalCacheReplicasTest, AnotherCompanysChangesLeaveATokenCached) {
  const Tenant kept = RegisterTenant(*accounts_a_, "900100205", "cache-kept");
  const Tenant other = RegisterTenant(*accounts_a_, "900100206", "cache-other");
  CachedOnB(kept.admin_token);
  CachedOnB(other.admin_token);
  const size_t cached = b_->server().cached_principals();
  v1::LogoutResponse out;
  ASSERT_TRUE(accounts_a_->Logout(Ctx(other.admin_token).get(), {}, &out).ok());
  ASSERT_TRUE(
      Eventually([&] { return CallOnB(other.admin_token) == grpc::StatusCode::UNAUTHENTICATED; }));
  EXPECT_EQ(b_->server().cached_principals(), cached - 1);
}

}  // namespace
}  // namespace supplynet::testing
