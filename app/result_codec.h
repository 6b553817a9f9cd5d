// How a retry-safe use case stores its result for replay (app/idempotency.h) and reads it
// back. app/ owns the interface; the server implements it with the bytes of the RPC's response
// message, so that app and storage never see gRPC types and the dependency points down.
#pragma once

#include <string>

#include "absl/status/statusor.h"

namespace supplynet {

template <typename T>
class ResultCodec {
 public:
  virtual ~ResultCodec() = default;
  virtual std::string Encode(const T& result) const = 0;
  // INTERNAL when `bytes` are not what Encode wrote.
  virtual absl::StatusOr<T> Decode(const std::string& bytes) const = 0;
};

}  // namespace supplynet
