#include "server/rpc_call.h"

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "server/request_log.h"
#include "server/request_parse_failure.h"
#include "server/status_mapping.h"
#include "supplynet/request_parsing.h"

namespace supplynet::server {
namespace {

constexpr absl::string_view kBearer = "Bearer ";

// Canonical names ("NOT_FOUND"), as gRPC and Prometheus users know them.
std::string CodeName(absl::StatusCode code) { return absl::StatusCodeToString(code); }

}  // namespace

absl::Status ParseRequest(const grpc::ByteBuffer& bytes, google::protobuf::Message* request) {
  grpc::ByteBuffer copy(bytes);  // Shares the slices; parsing consumes the buffer it reads.
  ForgetRequestParseFailure();
  if (proto::ParseMessage(&copy, request).ok()) return absl::OkStatus();
  if (std::optional<absl::Status> invalid = TakeRequestParseError()) return *invalid;
  return absl::InvalidArgumentError("the request is not a valid message");
}

RpcCall::RpcCall(grpc::ServerContextBase* context, std::string_view method, const CallDeps& deps)
    : context_(context), method_(method), deps_(deps), start_(absl::Now()) {}

absl::StatusOr<Principal> RpcCall::Authenticate() {
  if (principal_.has_value()) return *principal_;
  const auto& metadata = context_->client_metadata();
  auto it = metadata.find("authorization");
  if (it == metadata.end()) {
    return absl::UnauthenticatedError("missing authorization: Bearer <token>");
  }
  const absl::string_view value(it->second.data(), it->second.size());
  if (!absl::StartsWithIgnoreCase(value, kBearer)) {
    return absl::UnauthenticatedError("authorization must be: Bearer <token>");
  }
  absl::StatusOr<Principal> principal =
      deps_.accounts->Authenticate(AsStd(value.substr(kBearer.size())));
  if (principal.ok()) principal_ = *principal;
  return principal;
}

absl::StatusOr<Principal> RpcCall::AuthenticateAdmin() {
  absl::StatusOr<Principal> principal = Authenticate();
  if (principal.ok() && !principal->is_admin()) {
    return absl::PermissionDeniedError("this call needs the administrator profile");
  }
  return principal;
}

grpc::Status RpcCall::Finish(const absl::Status& status) {
  const absl::Duration latency = absl::Now() - start_;
  const std::string code = CodeName(status.code());
  if (deps_.log != nullptr) {
    const std::string principal = principal_.has_value() ? principal_->Label() : "";
    const std::string peer = context_->peer();
    deps_.log->Write({method_, code, latency, principal_.has_value() ? principal_->company_id : "",
                      principal, peer, AsStd(status.message())});
  }
  if (deps_.metrics != nullptr) deps_.metrics->RecordCall(method_, code, latency);
  return ToGrpcStatus(status);
}

absl::Time RpcCall::deadline() const {
  const std::chrono::system_clock::time_point deadline = context_->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

}  // namespace supplynet::server
