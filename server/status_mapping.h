// The one place where an absl::Status becomes a grpc::Status: same code and message, and for
// INVALID_ARGUMENT a google.rpc.BadRequest detail listing every field violation; a status that
// names its resource (domain/field_violation.h, ResourceInfo) also gets a google.rpc.ResourceInfo.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace supplynet::server {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace supplynet::server
