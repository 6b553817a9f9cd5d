#include "domain/account_rules.h"

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "domain/field_violation.h"
#include "domain/text.h"

namespace supplynet {

std::string NormaliseUsername(std::string_view username) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(AsAbsl(username)));
}

absl::Status CheckUsername(std::string_view username, std::string_view field) {
  const std::string name = NormaliseUsername(username);
  if (name.empty()) return InvalidField(std::string(field), "is required");
  if (name.size() < 3 || name.size() > 64) {
    return InvalidField(std::string(field), "must have 3 to 64 characters");
  }
  for (char c : name) {
    const bool ok = absl::ascii_isdigit(c) || (c >= 'a' && c <= 'z') || c == '.' || c == '_' ||
                    c == '-' || c == '@';
    if (!ok) {
      return InvalidField(std::string(field), "may contain only letters a-z, digits and . _ - @");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckEmail(std::string_view email, std::string_view field) {
  if (email.empty()) return InvalidField(std::string(field), "is required");
  if (email.size() > 254) return InvalidField(std::string(field), "is longer than 254 characters");
  const size_t at = email.find('@');
  const bool one_at =
      at != std::string_view::npos && email.find('@', at + 1) == std::string_view::npos;
  bool clean = IsValidUtf8(email);
  for (char c : email) {
    if (absl::ascii_isspace(c) || absl::ascii_iscntrl(c) || c == ',' || c == ';' || c == '<' ||
        c == '>') {
      clean = false;
    }
  }
  if (!one_at || !clean || at == 0) {
    return InvalidField(std::string(field), "is not a valid email address");
  }
  const std::string_view domain = email.substr(at + 1);
  const size_t dot = domain.rfind('.');
  if (dot == std::string_view::npos || dot == 0 || dot + 1 >= domain.size() ||
      absl::StrContains(AsAbsl(domain), "..")) {
    return InvalidField(std::string(field), "is not a valid email address (domain)");
  }
  return absl::OkStatus();
}

absl::Status CheckPassword(std::string_view password, std::string_view field) {
  if (password.size() < 10 || password.size() > 128) {
    return InvalidField(std::string(field), "must have 10 to 128 characters");
  }
  if (!IsValidUtf8(password)) return InvalidField(std::string(field), "is not valid UTF-8");
  return absl::OkStatus();
}

absl::Status CheckName(std::string_view text, std::string_view field, size_t max_chars) {
  if (absl::StripAsciiWhitespace(AsAbsl(text)).empty()) {
    return InvalidField(std::string(field), "is required");
  }
  return CheckText(text, field, max_chars);
}

}  // namespace supplynet
