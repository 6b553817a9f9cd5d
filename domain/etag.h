// Etags of versioned resources: the version number, opaque to clients.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace supplynet {

std::string EtagOf(int64_t version);

// The version an etag made by EtagOf stands for; nullopt for an empty etag (no check wanted);
// INVALID_ARGUMENT on `field` for anything else.
absl::StatusOr<std::optional<int64_t>> ParseEtag(std::string_view etag, std::string_view field);

}  // namespace supplynet
