// Proto3 keeps an enum value it does not know (a number sent by a newer or a hostile client)
// instead of failing the parse; a handler that maps it would quietly read a default. Every
// request is checked for such values first, so that they are INVALID_ARGUMENT naming the field.
#pragma once

#include "absl/status/status.h"
#include "google/protobuf/message.h"

namespace supplynet::server {

// OK, or INVALID_ARGUMENT with a violation per enum field (nested and repeated ones too)
// holding a number its enum does not define ("user.role: is not a known Role value").
absl::Status CheckKnownEnums(const google::protobuf::Message& request);

}  // namespace supplynet::server
