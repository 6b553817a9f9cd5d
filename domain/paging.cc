#include "domain/paging.h"

#include <sodium.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/absl_compat.h"
#include "domain/field_violation.h"
#include "domain/secrets.h"

namespace supplynet {
namespace {

constexpr char kSeparator = '\x1f';  // ASCII unit separator: never in a sort key.
constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;

// "suppliers@<digest of the company>": a company's ID is not spelled out in its tokens.
std::string ScopeName(PageScope scope) {
  if (scope.company_id.empty()) return std::string(scope.list);
  return absl::StrCat(AsAbsl(scope.list), "@", HashToken(scope.company_id).substr(0, 16));
}

}  // namespace

absl::StatusOr<int> NormalisePageSize(int requested, std::string_view field) {
  if (requested < 0) return InvalidField(std::string(field), "must not be negative");
  if (requested == 0) return kDefaultPageSize;
  return requested > kMaxPageSize ? kMaxPageSize : requested;
}

std::string EncodePageToken(PageScope scope, const std::vector<std::string>& key) {
  const std::string plain =
      absl::StrCat("v1", std::string(1, kSeparator), ScopeName(scope), std::string(1, kSeparator),
                   absl::StrJoin(key, std::string(1, kSeparator)));
  std::string out(sodium_base64_ENCODED_LEN(plain.size(), kVariant), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(plain.data()),
                    plain.size(), kVariant);
  out.resize(out.find('\0'));
  return out;
}

absl::StatusOr<std::vector<std::string>> DecodePageToken(PageScope scope, std::string_view token,
                                                         size_t key_parts, std::string_view field) {
  if (token.empty()) return std::vector<std::string>{};
  const auto invalid = [&] {
    return InvalidField(std::string(field), "is not a page token of this list");
  };
  if (token.size() > 4096) return invalid();
  std::string plain(token.size(), '\0');
  size_t plain_len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(plain.data()), plain.size(), token.data(),
                        token.size(), nullptr, &plain_len, nullptr, kVariant) != 0) {
    return invalid();
  }
  plain.resize(plain_len);
  std::vector<std::string> parts = absl::StrSplit(plain, kSeparator);
  if (parts.size() != key_parts + 2 || parts[0] != "v1" || parts[1] != ScopeName(scope)) {
    return invalid();
  }
  return std::vector<std::string>(parts.begin() + 2, parts.end());
}

}  // namespace supplynet
