// The one place where an absl::Status becomes a grpc::Status: same code and message, and for
// INVALID_ARGUMENT a google.rpc.BadRequest detail listing every field violation; a status that
// names its resource (domain/field_violation.h, ResourceInfo) also gets a google.rpc.ResourceInfo.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "google/rpc/status.pb.h"

namespace supplynet::server {

grpc::Status ToGrpcStatus(const absl::Status& status);
// The same as a google.rpc.Status message (for per-item results inside a response).
void ToRpcStatus(const absl::Status& status, google::rpc::Status* out);

}  // namespace supplynet::server
