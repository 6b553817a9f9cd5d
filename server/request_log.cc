#include "server/request_log.h"

#include <cstdio>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "domain/absl_compat.h"

namespace supplynet::server {
namespace {

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        if (c < 0x20) {
          out += absl::StrFormat("\\u%04x", c);
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += "\"";
  return out;
}

}  // namespace

std::string FormatRequestLog(const RequestLogEntry& e, absl::Time now) {
  std::string line = absl::StrCat(
      "{\"ts\":", JsonString(absl::FormatTime(absl::RFC3339_full, now, absl::UTCTimeZone())),
      ",\"method\":", JsonString(e.method), ",\"code\":", JsonString(e.code),
      ",\"latency_ms\":", absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(e.latency)));
  if (!e.company_id.empty()) absl::StrAppend(&line, ",\"company\":", JsonString(e.company_id));
  if (!e.principal.empty()) absl::StrAppend(&line, ",\"principal\":", JsonString(e.principal));
  if (!e.peer.empty()) absl::StrAppend(&line, ",\"peer\":", JsonString(e.peer));
  if (!e.error.empty()) absl::StrAppend(&line, ",\"error\":", JsonString(e.error));
  line += "}";
  return line;
}

void WriteRequestLog(const RequestLogEntry& entry) {
  const std::string line = FormatRequestLog(entry, absl::Now()) + "\n";
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace supplynet::server
