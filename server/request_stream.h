// Reading a client stream so that an unparseable message is an error, not the end: gRPC's
// Read() returns false for both, and a cut-off import or sync must never pass for a complete
// one.
#pragma once

#include <grpcpp/support/sync_stream.h>

#include "absl/status/statusor.h"
#include "server/request_parse_failure.h"

namespace supplynet::server {

// The next message of `reader` into `message`: true, or false at the end of the stream;
// INVALID_ARGUMENT naming the field when the next message could not be parsed.
template <typename Request>
absl::StatusOr<bool> ReadRequest(grpc::ServerReaderInterface<Request>& reader, Request* message) {
  ForgetRequestParseFailure();
  if (reader.Read(message)) return true;
  if (std::optional<absl::Status> invalid = TakeRequestParseError()) return *invalid;
  return false;
}

}  // namespace supplynet::server
