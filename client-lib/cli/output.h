// How the CLI answers: aligned tables for people, JSON for scripts, and exit codes that
// scripts can test.
#pragma once

#include <google/protobuf/message.h>
#include <google/protobuf/timestamp.pb.h>

#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"

namespace supplynet::cli {

// Exit codes, part of the CLI's interface (README, --help).
enum ExitCode : int {
  kExitOk = 0,
  kExitError = 1,            // Anything not listed below.
  kExitUsage = 2,            // Bad command line.
  kExitAuth = 3,             // Not logged in, bad or expired token, or not allowed.
  kExitNotFound = 4,         // NOT_FOUND.
  kExitInvalidArgument = 5,  // INVALID_ARGUMENT: the server's field violations are printed.
  kExitConflict = 6,         // ALREADY_EXISTS, ABORTED (stale etag), FAILED_PRECONDITION.
  kExitUnavailable = 7,      // UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED: try later.
  kExitPartial = 8,          // Done in part: e.g. an import that rejected some rows.
};

ExitCode ExitCodeFor(absl::StatusCode code);

// RFC 3339 in UTC, or "-" for an unset time.
std::string TimeText(const google::protobuf::Timestamp& time);

// Columns padded to their widest cell, two spaces apart; no header line when `header` is empty.
class Table {
 public:
  explicit Table(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  void Print(std::ostream& out) const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// The message in protobuf's JSON mapping (lowerCamelCase names, every field), on one line.
std::string ToJson(const google::protobuf::Message& message);
// A JSON array of the messages, on one line.
template <typename Messages>
std::string ToJsonArray(const Messages& messages) {
  std::string out = "[";
  for (const auto& message : messages) out += (out.size() > 1 ? "," : "") + ToJson(message);
  return out + "]";
}

// Prints a failed call: "supplynet: CODE: message" and one line per field violation, or with
// `json` an object {"error": {"code", "message", "fieldViolations": [{field, description}]}}.
// Returns the exit code for it.
ExitCode PrintError(std::ostream& err, const absl::Status& status, bool json);

}  // namespace supplynet::cli
