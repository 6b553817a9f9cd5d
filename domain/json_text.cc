#include "domain/json_text.h"

#include "absl/strings/str_format.h"

namespace supplynet {

// Runs of characters that need no escape are appended whole: this runs for every field of
// every call's log line.
void AppendJsonString(std::string_view text, std::string* out) {
  *out += '"';
  size_t plain = 0;  // Where the run not yet appended starts.
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(text.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"':
        *out += "\\\"";
        break;
      case '\\':
        *out += "\\\\";
        break;
      case '\n':
        *out += "\\n";
        break;
      default:
        absl::StrAppendFormat(out, "\\u%04x", c);
    }
  }
  out->append(text.substr(plain));
  *out += '"';
}

}  // namespace supplynet
