// A client's Smart Supply workflow: the validation fields it requires of incoming documents
// (checked with RE2, which runs in linear time, so no user pattern can backtrack
// catastrophically) and the decision transitions it uses. Pure rules; no gRPC, no SQL.
#pragma once

#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/document.h"

namespace supplynet {

inline constexpr size_t kMaxWorkflowFields = 50;
inline constexpr size_t kMaxPatternChars = 500;

struct ValidationField {
  std::string name;
  std::string label;
  std::string pattern;  // Empty: any non-blank value.

  bool operator==(const ValidationField& o) const {
    return name == o.name && label == o.label && pattern == o.pattern;
  }
};

using Transition = std::pair<DocumentStatus, DocumentStatus>;

struct Workflow {
  std::vector<ValidationField> required_fields;
  std::vector<Transition> allowed_transitions;
  int64_t version = 0;  // 0: the default, never saved.
  std::optional<absl::Time> update_time;

  bool Allows(DocumentStatus from, DocumentStatus to) const;
};

// No required fields; SENT->ACCEPTED, SENT->REJECTED, ACCEPTED->PAYMENT_SCHEDULED,
// ACCEPTED->PAID, PAYMENT_SCHEDULED->PAID.
Workflow DefaultWorkflow();

// Checks fields (names, labels, RE2 patterns, uniqueness) and transitions; violations name
// `prefix` + "required_fields[i].name" etc.
absl::Status CheckWorkflow(const Workflow& workflow, std::string_view prefix);

enum class WorkflowPart { kRequiredFields, kAllowedTransitions };
// "required_fields", "allowed_transitions" or "*"; anything else is INVALID_ARGUMENT.
absl::StatusOr<std::set<WorkflowPart>> ParseWorkflowMask(const std::vector<std::string>& paths,
                                                         std::string_view field);

enum class ValueSource { kEmpty, kDocument, kIssuer };

// One required field on one document.
struct FieldState {
  ValidationField field;
  std::string value;
  ValueSource source = ValueSource::kEmpty;
  bool valid = false;
};

// The workflow's fields on a document: a value from the original document wins over one the
// issuer entered.
std::vector<FieldState> FieldStates(const Workflow& workflow, const FieldMap& document_fields,
                                    const FieldMap& issuer_values);
bool AllValid(const std::vector<FieldState>& states);
// Names of the fields that are missing or invalid.
std::vector<std::string> MissingFields(const std::vector<FieldState>& states);

// A document's status on arrival: SENT when every required field is valid, else PENDING.
DocumentStatus InitialStatus(const Workflow& workflow, const FieldMap& document_fields);

// Checks the issuer's values against the workflow: unknown fields, fields taken from the
// document and pattern failures are violations on `prefix` + "values[name]". Empty values
// (clearing) pass.
absl::Status CheckIssuerValues(const Workflow& workflow, const FieldMap& document_fields,
                               const FieldMap& values, std::string_view prefix);

}  // namespace supplynet
