// The one error model of the project: a status with an optional list of field violations.
// Domain code and storage make errors here; server/status_mapping turns them into a
// grpc::Status with a google.rpc.BadRequest detail. Nothing here knows gRPC.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"

namespace supplynet {

struct FieldViolation {
  std::string field;        // Path of the offending field, e.g. "company.tax_id".
  std::string description;  // What is wrong, for a person to read.

  bool operator==(const FieldViolation& other) const {
    return field == other.field && description == other.description;
  }
};

// Collects violations while a request is checked, so that all of them are reported at once.
class FieldViolations {
 public:
  void Add(std::string field, std::string description);
  // Adds every violation carried by `status` (if any) under `prefix` (e.g. "supplier.").
  void Merge(const absl::Status& status, std::string_view prefix = "");
  bool empty() const { return violations_.empty(); }
  const std::vector<FieldViolation>& list() const { return violations_; }
  // OK when empty, else INVALID_ARGUMENT carrying every violation.
  absl::Status ToStatus() const;

 private:
  std::vector<FieldViolation> violations_;
};

// INVALID_ARGUMENT with one violation.
absl::Status InvalidField(std::string field, std::string description);

// INVALID_ARGUMENT with the given violations; the message lists them.
absl::Status InvalidFields(std::vector<FieldViolation> violations);

// The violations carried by a status made by the functions above (empty for any other status).
std::vector<FieldViolation> FieldViolationsOf(const absl::Status& status);

// The resource an error is about (e.g. the existing entry behind an ALREADY_EXISTS); mapped to
// a google.rpc.ResourceInfo detail.
struct ResourceInfo {
  std::string resource_type;  // E.g. "supplynet.v1.Supplier".
  std::string resource_name;  // E.g. the entry's id.

  bool operator==(const ResourceInfo& other) const {
    return resource_type == other.resource_type && resource_name == other.resource_name;
  }
};

// `status` carrying `info` as well (an OK status stays OK and carries nothing).
absl::Status WithResourceInfo(absl::Status status, const ResourceInfo& info);

// The resource info attached by WithResourceInfo, if any.
std::optional<ResourceInfo> ResourceInfoOf(const absl::Status& status);

// `status` telling the caller how long to wait before retrying (a google.rpc.RetryInfo
// detail); an OK status stays OK.
absl::Status WithRetryDelay(absl::Status status, absl::Duration delay);

// The delay attached by WithRetryDelay, if any.
std::optional<absl::Duration> RetryDelayOf(const absl::Status& status);

}  // namespace supplynet
