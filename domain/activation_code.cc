#include "domain/activation_code.h"

#include <sodium.h>

#include <array>
#include <optional>

#include "absl/strings/ascii.h"
#include "domain/field_violation.h"

namespace supplynet {
namespace {

constexpr std::size_t kGroupLength = 4;
// Key of the code hash; a constant that only separates code hashes from other hashes.
constexpr std::string_view kHashContext = "supplynet.v1 activation code";

bool IsSeparator(char c) { return c == '-' || absl::ascii_isspace(static_cast<unsigned char>(c)); }

// The alphabet symbol a typed character stands for, if any.
std::optional<char> CanonicalSymbol(char typed) {
  const char c = absl::ascii_toupper(static_cast<unsigned char>(typed));
  if (c == 'O') return '0';
  if (c == 'I' || c == 'L') return '1';
  if (kActivationCodeAlphabet.find(c) == std::string_view::npos) return std::nullopt;
  return c;
}

}  // namespace

ActivationCode ActivationCode::Generate() {
  std::string code(kActivationCodeLength, '\0');
  for (char& c : code) {
    c = kActivationCodeAlphabet[randombytes_uniform(kActivationCodeAlphabet.size())];
  }
  return ActivationCode(std::move(code));
}

absl::StatusOr<ActivationCode> ActivationCode::Parse(std::string_view typed,
                                                     std::string_view field) {
  const auto not_a_code = [&] {
    return InvalidField(std::string(field), "is not an activation code");
  };
  if (typed.size() > kMaxTypedActivationCodeLength) return not_a_code();
  std::string code;
  for (char c : typed) {
    if (IsSeparator(c)) continue;
    const std::optional<char> symbol = CanonicalSymbol(c);
    if (!symbol.has_value() || code.size() == kActivationCodeLength) return not_a_code();
    code.push_back(*symbol);
  }
  if (code.empty()) return InvalidField(std::string(field), "is required");
  if (code.size() != kActivationCodeLength) return not_a_code();
  return ActivationCode(std::move(code));
}

std::string ActivationCode::Display() const {
  std::string shown;
  for (std::size_t i = 0; i < canonical_.size(); i += kGroupLength) {
    if (i > 0) shown.push_back('-');
    shown.append(canonical_, i, kGroupLength);
  }
  return shown;
}

std::string ActivationCode::Hash() const {
  std::array<unsigned char, crypto_generichash_BYTES> digest;
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(canonical_.data()), canonical_.size(),
                     reinterpret_cast<const unsigned char*>(kHashContext.data()),
                     kHashContext.size());
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

bool SameActivationCodeHash(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace supplynet
