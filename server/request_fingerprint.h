// The request id of a retry-safe RPC with the fingerprint of its whole request, so that the
// use case can tell a retry (the same request again) from another request reusing the id.
#pragma once

#include <string>

#include "app/idempotency.h"
#include "google/protobuf/message.h"

namespace supplynet::server {

// A digest of the message's deterministic serialization.
std::string RequestFingerprint(const google::protobuf::Message& request);

// For a request message with a `request_id` field.
template <typename Request>
RequestId RequestIdOf(const Request& request) {
  return RequestId{request.request_id(), RequestFingerprint(request)};
}

}  // namespace supplynet::server
