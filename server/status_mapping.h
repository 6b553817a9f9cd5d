// The one place where an absl::Status becomes a grpc::Status: same code and message, and for
// INVALID_ARGUMENT a google.rpc.BadRequest detail listing every field violation.
#pragma once

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace supplynet::server {

grpc::Status ToGrpcStatus(const absl::Status& status);

}  // namespace supplynet::server
