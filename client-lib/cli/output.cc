#include "client-lib/cli/output.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include <algorithm>

#include "supplynet/client/status.h"

namespace supplynet::cli {

std::string TimeText(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "-";
  return google::protobuf::util::TimeUtil::ToString(time);
}

ExitCode ExitCodeFor(absl::StatusCode code) {
  switch (code) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return kExitAuth;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kInvalidArgument:
      return kExitInvalidArgument;
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kFailedPrecondition:
      return kExitConflict;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kResourceExhausted:  // A lockout or a limit: later may work.
      return kExitUnavailable;
    default:
      return kExitError;
  }
}

namespace {

// Columns on a terminal: UTF-8 characters, not bytes ("Gómez" is 5 wide, 6 bytes long).
size_t DisplayWidth(const std::string& text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return (static_cast<unsigned char>(c) & 0xC0) != 0x80;  // Not a continuation byte.
  }));
}

}  // namespace

void Table::Print(std::ostream& out) const {
  std::vector<size_t> widths(header_.size());
  auto widen = [&widths](const std::vector<std::string>& row) {
    if (widths.size() < row.size()) widths.resize(row.size());
    for (size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], DisplayWidth(row[i]));
  };
  widen(header_);
  for (const auto& row : rows_) widen(row);
  auto print = [&](const std::vector<std::string>& row) {
    std::string line;
    for (size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) line += std::string(widths[i] - DisplayWidth(row[i]) + 2, ' ');
    }
    // Empty last cells leave no trailing blanks.
    line.erase(line.find_last_not_of(' ') + 1);
    out << line << "\n";
  };
  if (!header_.empty()) print(header_);
  for (const auto& row : rows_) print(row);
}

std::string ToJson(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.always_print_primitive_fields = true;
  std::string out;
  if (!google::protobuf::util::MessageToJsonString(message, &out, options).ok()) return "null";
  return out;
}

ExitCode PrintError(std::ostream& err, const absl::Status& status, bool json) {
  if (!json) {
    err << "supplynet: " << client::Describe(status) << "\n";
    return ExitCodeFor(status.code());
  }
  // Built as a protobuf Struct so that the JSON printer does the quoting.
  google::protobuf::Struct error;
  auto& fields = *error.mutable_fields();
  fields["code"].set_string_value(absl::StatusCodeToString(status.code()));
  fields["message"].set_string_value(std::string(status.message()));
  auto* violations = fields["fieldViolations"].mutable_list_value();
  for (const client::FieldViolation& violation : client::FieldViolations(status)) {
    auto& entry = *violations->add_values()->mutable_struct_value()->mutable_fields();
    entry["field"].set_string_value(violation.field);
    entry["description"].set_string_value(violation.description);
  }
  google::protobuf::Struct wrapper;
  *(*wrapper.mutable_fields())["error"].mutable_struct_value() = error;
  err << ToJson(wrapper) << "\n";
  return ExitCodeFor(status.code());
}

}  // namespace supplynet::cli
