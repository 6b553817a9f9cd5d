#include "supplynet/client/status.h"

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace supplynet::client {

absl::Status FromGrpcStatus(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  // grpc::StatusCode and absl::StatusCode share the canonical code numbers.
  absl::Status out(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
  if (!status.error_details().empty()) {
    out.SetPayload(kRpcStatusPayloadUrl, absl::Cord(status.error_details()));
  }
  return out;
}

absl::Status FromRpcStatus(const google::rpc::Status& status) {
  if (status.code() == 0) return absl::OkStatus();
  absl::Status out(static_cast<absl::StatusCode>(status.code()), status.message());
  if (status.details_size() > 0) {
    out.SetPayload(kRpcStatusPayloadUrl, absl::Cord(status.SerializeAsString()));
  }
  return out;
}

std::vector<FieldViolation> FieldViolations(const absl::Status& status) {
  std::vector<FieldViolation> out;
  const auto payload = status.GetPayload(kRpcStatusPayloadUrl);
  if (!payload.has_value()) return out;
  google::rpc::Status details;
  if (!details.ParseFromString(std::string(*payload))) return out;
  for (const auto& any : details.details()) {
    google::rpc::BadRequest bad_request;
    if (!any.UnpackTo(&bad_request)) continue;
    for (const auto& violation : bad_request.field_violations()) {
      out.push_back({violation.field(), violation.description()});
    }
  }
  return out;
}

std::string Describe(const absl::Status& status) {
  const std::vector<FieldViolation> violations = FieldViolations(status);
  std::string listed;  // The violations as the server joins them into its message.
  for (const FieldViolation& violation : violations) {
    listed += (listed.empty() ? "" : "; ") + violation.field + ": " + violation.description;
  }
  std::string out = absl::StatusCodeToString(status.code());
  // A message that only repeats the violations is left out: they follow, one per line.
  if (!status.message().empty() && status.message() != listed) {
    out += ": " + std::string(status.message());
  }
  for (const FieldViolation& violation : violations) {
    out += "\n  " + violation.field + ": " + violation.description;
  }
  return out;
}

}  // namespace supplynet::client
