// Debian's Abseil is built with its own string_view (ABSL_OPTION_USE_STD_STRING_VIEW 0), so a
// std::string_view must be converted explicitly before it is handed to absl::Str* functions.
#pragma once

#include <string_view>

#include "absl/strings/string_view.h"

namespace supplynet {

inline absl::string_view AsAbsl(std::string_view s) { return {s.data(), s.size()}; }
inline std::string_view AsStd(absl::string_view s) { return {s.data(), s.size()}; }

}  // namespace supplynet
