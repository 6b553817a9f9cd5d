// Errors of the client library: every call returns an absl::Status carrying the server's
// code and message, and for INVALID_ARGUMENT the google.rpc.BadRequest field violations.
#pragma once

#include <grpcpp/support/status.h>

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace google::rpc {
class Status;
}  // namespace google::rpc

namespace supplynet::client {

// One bad field of a request, as reported by the server.
struct FieldViolation {
  std::string field;        // Path of the field, e.g. "user.email".
  std::string description;  // What is wrong with it.
};

// The type URL under which the server's google.rpc.Status (with its details) is kept as a
// payload of the absl::Status returned by the client.
inline constexpr char kRpcStatusPayloadUrl[] = "type.googleapis.com/google.rpc.Status";

// The grpc::Status as an absl::Status; the rich error details travel along as a payload.
absl::Status FromGrpcStatus(const grpc::Status& status);

// A google.rpc.Status carried inside a response (e.g. the error of one synced document) as an
// absl::Status, so that FieldViolations and Describe read it too.
absl::Status FromRpcStatus(const google::rpc::Status& status);

// The field violations of every google.rpc.BadRequest detail in `status` (empty when none).
std::vector<FieldViolation> FieldViolations(const absl::Status& status);

// "INVALID_ARGUMENT: message" followed by one "  field: description" line per violation.
std::string Describe(const absl::Status& status);

}  // namespace supplynet::client
