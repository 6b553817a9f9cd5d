#include "domain/text.h"

#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/field_violation.h"

namespace supplynet {
namespace {

// ASCII letters for the Latin-1 letters U+00C0..U+00FF, indexed by the second byte of their
// UTF-8 form (0xC3 0x80..0xBF) minus 0x80; '.' keeps the character as it is.
constexpr std::string_view kLatin1Fold =
    "aaaaaa.ceeeeiiii.nooooo..uuuuy..aaaaaa.ceeeeiiii.nooooo..uuuuy.y";
static_assert(kLatin1Fold.size() == 64);

// The unaccented ASCII letter for the UTF-8 sequence 0xC3 `second`, or '\0'.
char FoldLatin1(char second) {
  const unsigned char b = static_cast<unsigned char>(second);
  if (b < 0x80 || b > 0xBF) return '\0';
  const char folded = kLatin1Fold[b - 0x80];
  return folded == '.' ? '\0' : folded;
}

// Length of the UTF-8 sequence starting at `text[i]`, or 0 when it is malformed (overlong
// forms, surrogates and code points above U+10FFFF are malformed).
size_t SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char lead = byte(i);
  if (lead < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (lead >= 0xC2 && lead <= 0xDF) {
    len = 2;
  } else if (lead >= 0xE0 && lead <= 0xEF) {
    len = 3;
    if (lead == 0xE0) lo = 0xA0;
    if (lead == 0xED) hi = 0x9F;
  } else if (lead >= 0xF0 && lead <= 0xF4) {
    len = 4;
    if (lead == 0xF0) lo = 0x90;
    if (lead == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return len;
}

}  // namespace

bool IsValidUtf8(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    const size_t len = SequenceLength(text, i);
    if (len == 0) return false;
    i += len;
  }
  return true;
}

size_t Utf8Length(std::string_view text) {
  size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

absl::Status CheckText(std::string_view text, std::string_view field, size_t max_chars) {
  if (!IsValidUtf8(text)) return InvalidField(std::string(field), "is not valid UTF-8");
  if (Utf8Length(text) > max_chars) {
    return InvalidField(std::string(field),
                        absl::StrCat("is longer than ", max_chars, " characters"));
  }
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\t') || c == 0x7F) {
      return InvalidField(std::string(field), "contains control characters");
    }
  }
  return absl::OkStatus();
}

std::string FoldForMatch(std::string_view text) {
  std::string out;
  bool pending_space = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (absl::ascii_isspace(static_cast<unsigned char>(c))) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    const char folded = c == '\xC3' && i + 1 < text.size() ? FoldLatin1(text[i + 1]) : '\0';
    if (folded != '\0') {
      out.push_back(folded);
      ++i;
    } else {
      out.push_back(absl::ascii_tolower(static_cast<unsigned char>(c)));
    }
  }
  return out;
}

}  // namespace supplynet
