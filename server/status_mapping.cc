#include "server/status_mapping.h"

#include <optional>

#include "domain/field_violation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace supplynet::server {

void ToRpcStatus(const absl::Status& status, google::rpc::Status* out) {
  out->set_code(static_cast<int>(status.code()));
  out->set_message(std::string(status.message()));
  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const FieldViolation& v : violations) {
      google::rpc::BadRequest::FieldViolation* field = bad_request.add_field_violations();
      field->set_field(v.field);
      field->set_description(v.description);
    }
    out->add_details()->PackFrom(bad_request);
  }
  if (const std::optional<ResourceInfo> resource = ResourceInfoOf(status); resource.has_value()) {
    google::rpc::ResourceInfo info;
    info.set_resource_type(resource->resource_type);
    info.set_resource_name(resource->resource_name);
    out->add_details()->PackFrom(info);
  }
  if (const std::optional<absl::Duration> delay = RetryDelayOf(status); delay.has_value()) {
    google::rpc::RetryInfo retry;
    const int64_t millis = absl::ToInt64Milliseconds(*delay);
    retry.mutable_retry_delay()->set_seconds(millis / 1000);
    retry.mutable_retry_delay()->set_nanos(static_cast<int32_t>(millis % 1000) * 1000000);
    out->add_details()->PackFrom(retry);
  }
}

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  google::rpc::Status details;
  ToRpcStatus(status, &details);
  if (details.details_size() == 0) return grpc::Status(code, message);
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace supplynet::server
