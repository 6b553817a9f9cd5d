// What proto::ParseMessage records when a request cannot be parsed (the field and why), as the
// INVALID_ARGUMENT a client gets: gRPC itself only knows that parsing failed.
#pragma once

#include <optional>

#include "absl/status/status.h"
#include "domain/field_violation.h"
#include "supplynet/request_parsing.h"

namespace supplynet::server {

// Forgets a failure of an earlier call on this thread; call it before parsing.
inline void ForgetRequestParseFailure() { proto::TakeRequestParseFailure(); }

// INVALID_ARGUMENT naming the field when the last parse on this thread failed, and forgets it.
inline std::optional<absl::Status> TakeRequestParseError() {
  std::optional<proto::RequestParseFailure> failure = proto::TakeRequestParseFailure();
  if (!failure.has_value()) return std::nullopt;
  return InvalidField(failure->field, failure->description);
}

}  // namespace supplynet::server
