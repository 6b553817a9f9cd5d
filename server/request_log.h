// One structured (JSON) line per RPC on stderr: method, code, latency, company and caller.
// Never request fields: they may hold passwords, tokens or activation codes.
#pragma once

#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace supplynet::server {

struct RequestLogEntry {
  std::string_view method;
  std::string_view code;
  absl::Duration latency;
  std::string_view company_id;  // Empty before authentication.
  std::string_view principal;   // "user:<id>" / "sa:<id>", empty before authentication.
  std::string_view peer;
  std::string_view error;  // The status message for failures.
};

std::string FormatRequestLog(const RequestLogEntry& entry, absl::Time now);
void WriteRequestLog(const RequestLogEntry& entry);

}  // namespace supplynet::server
