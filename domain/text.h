// Rules for free text fields shared by every resource.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace supplynet {

bool IsValidUtf8(std::string_view text);
// Number of code points in valid UTF-8 text.
size_t Utf8Length(std::string_view text);
// OK for valid UTF-8 of at most `max_chars` code points without control characters (tabs
// allowed); else INVALID_ARGUMENT naming `field`. Empty text is OK.
absl::Status CheckText(std::string_view text, std::string_view field, size_t max_chars);
// For matching words a person typed: lower case, Latin-1 accents removed, spaces trimmed and
// runs of spaces made one ("  Teléfono " and "telefono" match).
std::string FoldForMatch(std::string_view text);

}  // namespace supplynet
