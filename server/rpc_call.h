// What every handler shares: authentication of the bearer token (once per call), the role
// check, the status mapping, one log line and the metrics of the call.
#pragma once

#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/byte_buffer.h>

#include <functional>
#include <memory>
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
#include "server/request_log.h"

namespace supplynet::server {

// The services a handler needs besides its own use case.
struct CallDeps {
  AccountService* accounts;
  Metrics* metrics;
  RequestLog* log;  // Null: no log lines.
};

class RpcCall {
 public:
  RpcCall(grpc::ServerContextBase* context, std::string_view method, const CallDeps& deps);

  // The caller behind `authorization: Bearer <token>`; UNAUTHENTICATED otherwise.
  absl::StatusOr<Principal> Authenticate();
  // As Authenticate, and PERMISSION_DENIED unless the caller administers its company.
  absl::StatusOr<Principal> AuthenticateAdmin();
  // Maps the outcome to a grpc::Status and records the call (log line and metrics).
  grpc::Status Finish(const absl::Status& status);
  // The caller's deadline (InfiniteFuture without one), for work that waits its turn.
  absl::Time deadline() const;

 private:
  grpc::ServerContextBase* context_;
  std::string_view method_;
  const CallDeps& deps_;
  absl::Time start_;
  std::optional<Principal> principal_;
};

// `bytes` parsed into `request`; INVALID_ARGUMENT naming the field when they are not one.
absl::Status ParseRequest(const grpc::ByteBuffer& bytes, google::protobuf::Message* request);

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

// How the body of a callback-API unary RPC answers, once, from any thread.
using FinishRpc = std::function<void(const absl::Status&)>;

// The callback-API form of HandleRpc, for a unary RPC whose body answers later (it hands the
// work to a thread that does not block gRPC's): `body(call, request, response, finish)` fills
// `response` and calls finish exactly once. The method is registered with raw bytes
// (WithRawCallbackMethod_...) and the request parsed here, by proto::ParseMessage as for the
// sync handlers: gRPC 1.51's callback handler answers a request it cannot parse as if the
// method did not exist, where the contract promises INVALID_ARGUMENT naming the field.
template <typename Request, typename Response, typename Body>
grpc::ServerUnaryReactor* HandleRpcLater(grpc::CallbackServerContext* context,
                                         std::string_view method, const CallDeps& deps,
                                         const grpc::ByteBuffer& request_bytes,
                                         grpc::ByteBuffer* response_bytes, Body&& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  auto call = std::make_shared<RpcCall>(context, method, deps);
  auto response = std::make_shared<Response>();
  FinishRpc finish = [reactor, call, response, response_bytes](const absl::Status& status) {
    bool own_buffer = false;
    if (status.ok()) {
      grpc::GenericSerialize<grpc::ProtoBufferWriter, Response>(*response, response_bytes,
                                                                &own_buffer);
    }
    reactor->Finish(call->Finish(status));
  };
  Request request;
  if (absl::Status parsed = ParseRequest(request_bytes, &request); !parsed.ok()) {
    finish(parsed);
  } else if (absl::Status known = CheckKnownEnums(request); !known.ok()) {
    finish(known);
  } else {
    body(*call, request, response.get(), std::move(finish));
  }
  return reactor;
}

}  // namespace supplynet::server
