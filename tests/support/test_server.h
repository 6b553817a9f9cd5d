// The real server, started in-process on a free loopback port against a test database, and
// reached over a real gRPC channel.
#pragma once

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/support/status.h>

#include <memory>
#include <string>
#include <vector>

#include "domain/clock.h"
#include "domain/field_violation.h"
#include "server/supplynet_server.h"
#include "supplynet/v1/account.grpc.pb.h"
#include "tests/support/test_database.h"

namespace supplynet::testing {

class TestServer {
 public:
  // Starts a server on `db`; `clock` (may be null) must outlive it.
  explicit TestServer(const TestDatabase& db, const Clock* clock = nullptr,
                      server::ServerOptions options = DefaultOptions());
  // Starts a server on the primary `database_url` (a cluster of the test's own).
  TestServer(const std::string& database_url, server::ServerOptions options);
  static server::ServerOptions DefaultOptions();

  bool ok() const { return server_ != nullptr; }
  server::SupplynetServer& server() { return *server_; }
  const std::shared_ptr<grpc::Channel>& channel() const { return channel_; }
  // Replaces the channel by one with `credentials` (a server started with TLS options).
  void UseChannelCredentials(const std::shared_ptr<grpc::ChannelCredentials>& credentials);
  std::string address() const;
  std::unique_ptr<v1::AccountService::Stub> Accounts() const;
  void Stop();

 private:
  TestServer(const Clock* clock, const std::string& database_url, server::ServerOptions options);

  std::unique_ptr<server::SupplynetServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

// A client context carrying `authorization: Bearer <token>` (none when token is empty) and a
// deadline so that a hung server fails a test instead of hanging it.
std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token = "");

// The field violations of a google.rpc.BadRequest detail in `status` (empty when none).
std::vector<FieldViolation> BadRequestOf(const grpc::Status& status);
// True when `status` carries a violation on exactly `field`.
bool HasViolation(const grpc::Status& status, const std::string& field);

}  // namespace supplynet::testing
