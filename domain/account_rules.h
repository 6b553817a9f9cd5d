// Input rules for accounts. Each check returns INVALID_ARGUMENT naming `field`, or OK.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace supplynet {

// 3 to 64 characters of a-z, 0-9, '.', '_', '-', '@' once lower-cased.
absl::Status CheckUsername(std::string_view username, std::string_view field);
// A plausible single address: local@domain.tld, at most 254 characters, no spaces.
absl::Status CheckEmail(std::string_view email, std::string_view field);
// 10 to 128 characters (bytes of UTF-8).
absl::Status CheckPassword(std::string_view password, std::string_view field);
// Non-blank text of at most `max_chars` characters, valid UTF-8, no control characters.
absl::Status CheckName(std::string_view text, std::string_view field, size_t max_chars = 200);

// Lower-cases and trims a username so that logins are case-insensitive.
std::string NormaliseUsername(std::string_view username);

}  // namespace supplynet
