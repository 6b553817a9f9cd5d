// Keyset pagination: page sizes and opaque page tokens. A token carries the sort key of the
// last row of a page and the name of the list it belongs to, so a token from one list (or a
// forged one) is rejected instead of silently misread.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace supplynet {

// One page of a list and the token of the next one (empty on the last page).
template <typename T>
struct Page {
  std::vector<T> items;
  std::string next_page_token;
};

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// 0 -> default; above the maximum -> the maximum; negative -> INVALID_ARGUMENT on `field`.
absl::StatusOr<int> NormalisePageSize(int requested, std::string_view field = "page_size");

// Opaque, URL-safe token holding `key` for list `list_name`.
std::string EncodePageToken(std::string_view list_name, const std::vector<std::string>& key);

// The key of a token made by EncodePageToken for the same list; an empty token gives an empty
// key; anything else is INVALID_ARGUMENT on `field`.
absl::StatusOr<std::vector<std::string>> DecodePageToken(std::string_view list_name,
                                                         std::string_view token, size_t key_parts,
                                                         std::string_view field = "page_token");

}  // namespace supplynet
