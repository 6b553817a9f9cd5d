// Resource ids are UUIDs; a malformed one is a client error, not a database error.
#pragma once

#include <string_view>

#include "absl/status/status.h"

namespace supplynet {

bool IsUuid(std::string_view id);
// INVALID_ARGUMENT on `field` unless `id` is a UUID ("is required" when empty).
absl::Status CheckId(std::string_view id, std::string_view field);

}  // namespace supplynet
