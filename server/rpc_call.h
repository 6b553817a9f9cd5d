// What every handler shares: authentication of the bearer token (once per call), the role
// check, the status mapping, one log line and the metrics of the call.
#pragma once

#include <grpcpp/server_context.h>

#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/clock.h"
#include "app/account_service.h"
#include "domain/account.h"
#include "google/protobuf/message.h"
#include "server/known_enums.h"
#include "server/metrics.h"

namespace supplynet::server {

// The services a handler needs besides its own use case.
struct CallDeps {
  AccountService* accounts;
  Metrics* metrics;
};

class RpcCall {
 public:
  RpcCall(grpc::ServerContext* context, std::string_view method, const CallDeps& deps);

  // The caller behind `authorization: Bearer <token>`; UNAUTHENTICATED otherwise.
  absl::StatusOr<Principal> Authenticate();
  // As Authenticate, and PERMISSION_DENIED unless the caller administers its company.
  absl::StatusOr<Principal> AuthenticateAdmin();
  // Maps the outcome to a grpc::Status and records the call (log line and metrics).
  grpc::Status Finish(const absl::Status& status);

 private:
  grpc::ServerContext* context_;
  std::string_view method_;
  const CallDeps& deps_;
  absl::Time start_;
  std::optional<Principal> principal_;
};

// Runs `body(call)` as one RPC: the usual shape of a handler.
template <typename Body>
grpc::Status HandleRpc(grpc::ServerContext* context, std::string_view method, const CallDeps& deps,
                       Body&& body) {
  RpcCall call(context, method, deps);
  return call.Finish(body(call));
}

// The same for an RPC with one request message (unary or server-streaming): enum values that
// the contract does not define are refused before the body runs (CheckKnownEnums).
template <typename Body>
grpc::Status HandleRpc(grpc::ServerContext* context, std::string_view method, const CallDeps& deps,
                       const google::protobuf::Message& request, Body&& body) {
  RpcCall call(context, method, deps);
  if (absl::Status known = CheckKnownEnums(request); !known.ok()) return call.Finish(known);
  return call.Finish(body(call));
}

}  // namespace supplynet::server
