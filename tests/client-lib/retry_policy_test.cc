// The client retries UNAVAILABLE for idempotent calls only: checked against a fake
// AccountService and InvitationService that fail a number of times before they answer,
// counting the attempts.
#include "supplynet/client/retry_policy.h"

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <atomic>

#include "supplynet/client/client.h"

namespace supplynet::client {
namespace {

// Fails the first `failures` attempts with UNAVAILABLE, counting every attempt.
class Flaky {
 public:
  explicit Flaky(int failures) : failures_(failures) {}
  int attempts() const { return attempts_; }

 protected:
  // True once the first `failures_` attempts have failed.
  bool Attempt() { return ++attempts_ > failures_; }
  static grpc::Status Unavailable() {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "database restarting");
  }

 private:
  const int failures_;
  std::atomic<int> attempts_{0};
};

class FlakyAccounts final : public v1::AccountService::Service, public Flaky {
 public:
  using Flaky::Flaky;

  grpc::Status ListUsers(grpc::ServerContext*, const v1::ListUsersRequest*,
                         v1::ListUsersResponse* response) override {
    if (!Attempt()) return Unavailable();
    response->add_users()->set_username("ana");
    return grpc::Status::OK;
  }
  grpc::Status CreateUser(grpc::ServerContext*, const v1::CreateUserRequest* request,
                          v1::CreateUserResponse* response) override {
    if (!Attempt()) return Unavailable();
    *response->mutable_user() = request->user();
    return grpc::Status::OK;
  }
  grpc::Status Login(grpc::ServerContext*, const v1::LoginRequest*,
                     v1::LoginResponse* response) override {
    if (!Attempt()) return Unavailable();
    response->set_access_token("token");
    return grpc::Status::OK;
  }
};

class FlakyInvitations final : public v1::InvitationService::Service, public Flaky {
 public:
  using Flaky::Flaky;

  grpc::Status InviteSupplier(grpc::ServerContext*, const v1::InviteSupplierRequest* request,
                              v1::InviteSupplierResponse* response) override {
    if (!Attempt()) return Unavailable();
    response->mutable_invitation()->set_supplier_id(request->supplier_id());
    return grpc::Status::OK;
  }
  grpc::Status RevokeInvitation(grpc::ServerContext*, const v1::RevokeInvitationRequest* request,
                                v1::RevokeInvitationResponse* response) override {
    if (!Attempt()) return Unavailable();
    response->mutable_invitation()->set_invitation_id(request->invitation_id());
    return grpc::Status::OK;
  }
  grpc::Status ActivateWithCode(grpc::ServerContext*, const v1::ActivateWithCodeRequest*,
                                v1::ActivateWithCodeResponse*) override {
    if (!Attempt()) return Unavailable();
    return grpc::Status::OK;
  }
};

class RetryTest : public ::testing::Test {
 protected:
  // Serves a FlakyAccounts failing `failures` times; returns a client for it.
  std::unique_ptr<Client> Serve(int failures) {
    service_ = std::make_unique<FlakyAccounts>(failures);
    return ServeService(*service_);
  }
  // The same with a FlakyInvitations.
  std::unique_ptr<Client> ServeInvitations(int failures) {
    invitations_ = std::make_unique<FlakyInvitations>(failures);
    return ServeService(*invitations_);
  }
  void TearDown() override {
    if (server_ != nullptr) server_->Shutdown();
  }

  std::unique_ptr<FlakyAccounts> service_;
  std::unique_ptr<FlakyInvitations> invitations_;
  std::unique_ptr<grpc::Server> server_;

 private:
  std::unique_ptr<Client> ServeService(grpc::Service& service) {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&service);
    server_ = builder.BuildAndStart();
    ClientOptions options;
    options.target = "127.0.0.1:" + std::to_string(port);
    return std::make_unique<Client>(options);
  }
};

TEST_F(RetryTest, ListsAreRetriedUntilTheyAnswer) {
  auto client = Serve(2);
  auto users = client->ListAllUsers();
  ASSERT_TRUE(users.ok()) << users.status();
  EXPECT_EQ(users->size(), 1u);
  EXPECT_EQ(service_->attempts(), 3);
}

TEST_F(RetryTest, RetriesStopAfterFiveAttempts) {
  auto client = Serve(100);
  EXPECT_EQ(client->ListAllUsers().status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(service_->attempts(), 5);
}

TEST_F(RetryTest, CreateUserIsNeverRetried) {
  auto client = Serve(1);
  v1::User user;
  user.set_username("ana");
  EXPECT_EQ(client->CreateUser(user, "password").status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(service_->attempts(), 1);
}

TEST_F(RetryTest, LoginIsNeverRetried) {
  auto client = Serve(1);
  EXPECT_EQ(client->Login("ana", "password").status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(service_->attempts(), 1);
  EXPECT_EQ(client->token(), "");
}

TEST(RetryPolicyTest, OnlyReadsAndListsAreRetried) {
  for (const char* method :
       {"GetCurrentPrincipal", "GetUser", "ListUsers", "ListServiceAccounts"}) {
    EXPECT_TRUE(IsRetried(std::string("supplynet.v1.AccountService/") + method)) << method;
  }
  for (const char* method : {"RegisterCompany", "Login", "Logout", "CreateUser", "UpdateUser",
                             "DeleteUser", "CreateServiceAccount", "DeleteServiceAccount"}) {
    EXPECT_FALSE(IsRetried(std::string("supplynet.v1.AccountService/") + method)) << method;
  }
}

TEST(RetryPolicyTest, DocumentReadsAreRetriedButNotDocumentMutations) {
  for (const char* method : {"GetDocument", "ListDocuments", "GetWorkflow", "ListStatusHistory",
                             "ExportDocumentReport", "WatchDocumentEvents"}) {
    EXPECT_TRUE(IsRetried(std::string("supplynet.v1.DocumentStatusService/") + method)) << method;
  }
  // Their request_id is optional: a retry without one could repeat the change.
  for (const char* method : {"SyncDocuments", "UpdateWorkflow", "UpdateValidationInfo",
                             "RestartValidation", "ChangeDocumentStatus"}) {
    EXPECT_FALSE(IsRetried(std::string("supplynet.v1.DocumentStatusService/") + method)) << method;
  }
}

TEST(RetryPolicyTest, SupplierReadsAreRetriedButNotSupplierMutations) {
  for (const char* method : {"GetSupplier", "ListSuppliers", "ListGroups", "GetImportTemplate"}) {
    EXPECT_TRUE(IsRetried(std::string("supplynet.v1.SupplierNetworkService/") + method)) << method;
  }
  for (const char* method :
       {"AddSupplier", "UpdateSupplier", "RemoveSupplier", "ImportSuppliers"}) {
    EXPECT_FALSE(IsRetried(std::string("supplynet.v1.SupplierNetworkService/") + method)) << method;
  }
}

TEST_F(RetryTest, InviteSupplierIsNeverRetriedEvenWithARequestId) {
  auto client = ServeInvitations(1);
  EXPECT_EQ(client->InviteSupplier("s", {}, "6f1c1d52-3c1e-4c55-9a4e-0b6a3f0e9b11").status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(invitations_->attempts(), 1);
}

TEST_F(RetryTest, ActivateWithCodeIsNeverRetried) {
  auto client = ServeInvitations(1);
  EXPECT_EQ(client->ActivateWithCode(v1::TaxId(), v1::TaxId(), "code").status().code(),
            absl::StatusCode::kUnavailable);
  EXPECT_EQ(invitations_->attempts(), 1);
}

TEST_F(RetryTest, RevokeInvitationIsRetriedBecauseRevokingTwiceChangesNothing) {
  auto client = ServeInvitations(2);
  auto revoked = client->RevokeInvitation("i");
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->invitation_id(), "i");
  EXPECT_EQ(invitations_->attempts(), 3);
}

TEST(RetryPolicyTest, OnlyInvitationReadsAndRevokeAreRetried) {
  for (const char* method : {"GetInvitation", "ListInvitations", "RevokeInvitation"}) {
    EXPECT_TRUE(IsRetried(std::string("supplynet.v1.InvitationService/") + method)) << method;
  }
  for (const char* method :
       {"InviteSupplier", "InviteSuppliers", "ResendInvitation", "ActivateWithCode"}) {
    EXPECT_FALSE(IsRetried(std::string("supplynet.v1.InvitationService/") + method)) << method;
  }
}

TEST(RetryPolicyTest, TheServiceConfigRetriesUnavailableWithBackoff) {
  const std::string config = RetryServiceConfig();
  EXPECT_NE(config.find(R"("retryableStatusCodes":["UNAVAILABLE"])"), std::string::npos);
  EXPECT_NE(config.find(R"("initialBackoff")"), std::string::npos);
  EXPECT_NE(config.find(R"({"service":"supplynet.v1.AccountService","method":"ListUsers"})"),
            std::string::npos);
  EXPECT_EQ(config.find("CreateUser"), std::string::npos);
}

}  // namespace
}  // namespace supplynet::client
