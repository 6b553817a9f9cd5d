// Rules for free text fields shared by every resource.
#pragma once

#include <cstddef>
#include <string_view>

#include "absl/status/status.h"

namespace supplynet {

bool IsValidUtf8(std::string_view text);
// Number of code points in valid UTF-8 text.
size_t Utf8Length(std::string_view text);
// OK for valid UTF-8 of at most `max_chars` code points without control characters (tabs
// allowed); else INVALID_ARGUMENT naming `field`. Empty text is OK.
absl::Status CheckText(std::string_view text, std::string_view field, size_t max_chars);

}  // namespace supplynet
