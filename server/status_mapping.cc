#include "server/status_mapping.h"

#include <optional>

#include "domain/field_violation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace supplynet::server {

grpc::Status ToGrpcStatus(const absl::Status& status) {
  if (status.ok()) return grpc::Status::OK;
  const auto code = static_cast<grpc::StatusCode>(status.code());
  const std::string message(status.message());
  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  const std::optional<ResourceInfo> resource = ResourceInfoOf(status);
  if (violations.empty() && !resource.has_value()) return grpc::Status(code, message);

  google::rpc::Status details;
  details.set_code(static_cast<int>(code));
  details.set_message(message);
  if (!violations.empty()) {
    google::rpc::BadRequest bad_request;
    for (const FieldViolation& v : violations) {
      google::rpc::BadRequest::FieldViolation* out = bad_request.add_field_violations();
      out->set_field(v.field);
      out->set_description(v.description);
    }
    details.add_details()->PackFrom(bad_request);
  }
  if (resource.has_value()) {
    google::rpc::ResourceInfo info;
    info.set_resource_type(resource->resource_type);
    info.set_resource_name(resource->resource_name);
    details.add_details()->PackFrom(info);
  }
  return grpc::Status(code, message, details.SerializeAsString());
}

}  // namespace supplynet::server
