#include "tests/support/test_server.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include <chrono>

#include "absl/strings/str_cat.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace supplynet::testing {

server::ServerOptions TestServer::DefaultOptions() {
  server::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.metrics_listen = "";
  options.pool_size = 4;
  options.password_cost = PasswordHasher::Cost::kMinimum;
  // Every test client comes from 127.0.0.1: tests that fail logins on purpose must not lock
  // the others out (the throttle's own tests set their limits).
  options.login_throttle.per_address.max_failures = 1000000;
  options.health_interval = absl::Milliseconds(200);
  return options;
}

TestServer::TestServer(const std::string& database_url, server::ServerOptions options)
    : TestServer(nullptr, database_url, std::move(options)) {}

TestServer::TestServer(const TestDatabase& db, const Clock* clock, server::ServerOptions options)
    : TestServer(clock, db.url(), std::move(options)) {}

TestServer::TestServer(const Clock* clock, const std::string& database_url,
                       server::ServerOptions options) {
  options.database_url = database_url;
  auto started = server::SupplynetServer::Start(options, clock);
  if (!started.ok()) {
    ADD_FAILURE() << "the server did not start: " << started.status();
    return;
  }
  server_ = std::move(*started);
  channel_ = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
}

void TestServer::UseChannelCredentials(
    const std::shared_ptr<grpc::ChannelCredentials>& credentials) {
  channel_ = grpc::CreateChannel(address(), credentials);
}

std::string TestServer::address() const {
  return absl::StrCat("127.0.0.1:", server_ == nullptr ? 0 : server_->port());
}

std::unique_ptr<v1::AccountService::Stub> TestServer::Accounts() const {
  return v1::AccountService::NewStub(channel_);
}

void TestServer::Stop() {
  if (server_ != nullptr) server_->Shutdown();
}

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  return context;
}

std::vector<FieldViolation> BadRequestOf(const grpc::Status& status) {
  std::vector<FieldViolation> out;
  google::rpc::Status details;
  if (!details.ParseFromString(status.error_details())) return out;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& v : bad_request.field_violations()) {
      out.push_back({v.field(), v.description()});
    }
  }
  return out;
}

bool HasViolation(const grpc::Status& status, const std::string& field) {
  for (const FieldViolation& v : BadRequestOf(status)) {
    if (v.field == field) return true;
  }
  return false;
}

}  // namespace supplynet::testing
