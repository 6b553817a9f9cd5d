// Keyset pagination: page sizes and opaque page tokens. A token carries the sort key of the
// last row of a page, the name of the list it belongs to and a digest of the company it lists
// for, so a token from another list, another company or a forger is rejected instead of
// silently misread.
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

// Whose list a token walks: the list's name and the company it lists for. A company's token
// handed to another company is refused, not read as a position in the other's list.
struct PageScope {
  std::string_view list;
  // Empty only for tokens that carry their owner in their key (watch cursors, which predate
  // the scope and must keep decoding).
  std::string_view company_id;
};

// Opaque, URL-safe token holding `key` for `scope`.
std::string EncodePageToken(PageScope scope, const std::vector<std::string>& key);

// The key of a token made by EncodePageToken for the same scope; an empty token gives an empty
// key; anything else is INVALID_ARGUMENT on `field`.
absl::StatusOr<std::vector<std::string>> DecodePageToken(PageScope scope, std::string_view token,
                                                         size_t key_parts,
                                                         std::string_view field = "page_token");

}  // namespace supplynet
