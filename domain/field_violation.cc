#include "domain/field_violation.h"

#include <utility>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"

namespace supplynet {
namespace {

// Payload keys under which violations and resource infos travel inside an absl::Status.
constexpr char kPayloadUrl[] = "type.supplynet.dev/supplynet.FieldViolations";
constexpr char kResourceInfoUrl[] = "type.supplynet.dev/supplynet.ResourceInfo";
constexpr char kRetryDelayUrl[] = "type.supplynet.dev/supplynet.RetryDelay";

// Field paths never hold tabs or newlines; descriptions are sanitised so the encoding holds.
std::string Sanitise(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c == '\t' || c == '\n') c = ' ';
  }
  return out;
}

}  // namespace

void FieldViolations::Add(std::string field, std::string description) {
  violations_.push_back({std::move(field), std::move(description)});
}

void FieldViolations::Merge(const absl::Status& status, std::string_view prefix) {
  for (FieldViolation& v : FieldViolationsOf(status)) {
    // absl::string_view is not std::string_view in Debian's Abseil build.
    Add(absl::StrCat(absl::string_view(prefix.data(), prefix.size()), v.field),
        std::move(v.description));
  }
}

absl::Status FieldViolations::ToStatus() const {
  if (violations_.empty()) return absl::OkStatus();
  return InvalidFields(violations_);
}

absl::Status InvalidField(std::string field, std::string description) {
  return InvalidFields({{std::move(field), std::move(description)}});
}

absl::Status InvalidFields(std::vector<FieldViolation> violations) {
  std::vector<std::string> lines;
  std::vector<std::string> messages;
  lines.reserve(violations.size());
  for (const FieldViolation& v : violations) {
    lines.push_back(absl::StrCat(Sanitise(v.field), "\t", Sanitise(v.description)));
    messages.push_back(absl::StrCat(v.field, ": ", v.description));
  }
  absl::Status status = absl::InvalidArgumentError(absl::StrJoin(messages, "; "));
  status.SetPayload(kPayloadUrl, absl::Cord(absl::StrJoin(lines, "\n")));
  return status;
}

std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status) {
  std::vector<FieldViolation> out;
  absl::optional<absl::Cord> payload = status.GetPayload(kPayloadUrl);
  if (!payload.has_value()) return out;
  for (absl::string_view line : absl::StrSplit(std::string(*payload), '\n')) {
    std::pair<std::string, std::string> parts = absl::StrSplit(line, absl::MaxSplits('\t', 1));
    out.push_back({std::move(parts.first), std::move(parts.second)});
  }
  return out;
}

absl::Status WithResourceInfo(absl::Status status, const ResourceInfo& info) {
  if (status.ok()) return status;
  // A type never holds a tab; the name is free text after it.
  status.SetPayload(kResourceInfoUrl, absl::Cord(absl::StrCat(Sanitise(info.resource_type), "\t",
                                                              info.resource_name)));
  return status;
}

std::optional<ResourceInfo> ResourceInfoOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kResourceInfoUrl);
  if (!payload.has_value()) return std::nullopt;
  std::pair<std::string, std::string> parts =
      absl::StrSplit(std::string(*payload), absl::MaxSplits('\t', 1));
  return ResourceInfo{std::move(parts.first), std::move(parts.second)};
}

absl::Status WithRetryDelay(absl::Status status, absl::Duration delay) {
  if (status.ok()) return status;
  status.SetPayload(kRetryDelayUrl, absl::Cord(absl::StrCat(absl::ToInt64Milliseconds(delay))));
  return status;
}

std::optional<absl::Duration> RetryDelayOf(const absl::Status& status) {
  absl::optional<absl::Cord> payload = status.GetPayload(kRetryDelayUrl);
  int64_t millis = 0;
  if (!payload.has_value() || !absl::SimpleAtoi(std::string(*payload), &millis)) {
    return std::nullopt;
  }
  return absl::Milliseconds(millis);
}

}  // namespace supplynet
