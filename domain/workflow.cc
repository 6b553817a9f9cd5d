#include "domain/workflow.h"

#include <algorithm>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "domain/field_violation.h"
#include "domain/text.h"
#include "re2/re2.h"

namespace supplynet {
namespace {

bool IsFieldName(std::string_view name) {
  if (name.empty() || name.size() > 63 || !std::islower(static_cast<unsigned char>(name[0]))) {
    return false;
  }
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) ||
           std::isdigit(static_cast<unsigned char>(c)) || c == '_';
  });
}

bool IsBlank(std::string_view s) { return absl::StripAsciiWhitespace(AsAbsl(s)).empty(); }

RE2::Options PatternOptions() {
  RE2::Options options;
  options.set_log_errors(false);
  options.set_max_mem(1 << 20);  // Bounds the compiled program of a user's pattern.
  return options;
}

absl::Status CheckPattern(const std::string& pattern, const std::string& field) {
  if (Utf8Length(pattern) > kMaxPatternChars) {
    return InvalidField(field, absl::StrCat("is longer than ", kMaxPatternChars, " characters"));
  }
  if (!IsValidUtf8(pattern)) return InvalidField(field, "is not valid UTF-8");
  const RE2 re(pattern, PatternOptions());
  if (!re.ok()) return InvalidField(field, "is not a valid RE2 pattern: " + re.error());
  return absl::OkStatus();
}

bool Matches(const ValidationField& field, const std::string& value) {
  if (IsBlank(value)) return false;
  if (field.pattern.empty()) return true;
  const RE2 re(field.pattern, PatternOptions());
  return re.ok() && RE2::FullMatch(value, re);
}

absl::Status CheckField(const ValidationField& f, const std::string& prefix) {
  FieldViolations v;
  if (!IsFieldName(f.name)) {
    v.Add(prefix + ".name", "must match [a-z][a-z0-9_]*, 1 to 63 characters");
  }
  if (IsBlank(f.label)) {
    v.Add(prefix + ".label", "is required");
  } else {
    v.Merge(CheckText(f.label, prefix + ".label", 100));
  }
  v.Merge(CheckPattern(f.pattern, prefix + ".pattern"));
  return v.ToStatus();
}

}  // namespace

bool Workflow::Allows(DocumentStatus from, DocumentStatus to) const {
  return std::find(allowed_transitions.begin(), allowed_transitions.end(), Transition{from, to}) !=
         allowed_transitions.end();
}

Workflow DefaultWorkflow() {
  using S = DocumentStatus;
  Workflow w;
  w.allowed_transitions = {{S::kSent, S::kAccepted},
                           {S::kSent, S::kRejected},
                           {S::kAccepted, S::kPaymentScheduled},
                           {S::kAccepted, S::kPaid},
                           {S::kPaymentScheduled, S::kPaid}};
  return w;
}

absl::Status CheckWorkflow(const Workflow& workflow, std::string_view prefix_view) {
  const std::string prefix(prefix_view);
  FieldViolations v;
  if (workflow.required_fields.size() > kMaxWorkflowFields) {
    v.Add(prefix + "required_fields", absl::StrCat("holds more than ", kMaxWorkflowFields));
  }
  std::set<std::string> names;
  for (size_t i = 0; i < workflow.required_fields.size(); ++i) {
    const ValidationField& f = workflow.required_fields[i];
    const std::string at = absl::StrCat(prefix, "required_fields[", i, "]");
    v.Merge(CheckField(f, at));
    if (!names.insert(f.name).second) v.Add(at + ".name", "is used by an earlier field");
  }
  std::set<Transition> seen;
  for (size_t i = 0; i < workflow.allowed_transitions.size(); ++i) {
    const auto& [from, to] = workflow.allowed_transitions[i];
    const std::string at = absl::StrCat(prefix, "allowed_transitions[", i, "]");
    if (!IsDecisionStatus(to)) {
      v.Add(at + ".to_status", "must be ACCEPTED, REJECTED, PAYMENT_SCHEDULED or PAID");
    }
    if (from == to) v.Add(at + ".to_status", "must differ from from_status");
    if (!seen.insert({from, to}).second) v.Add(at, "is listed twice");
  }
  return v.ToStatus();
}

absl::StatusOr<std::set<WorkflowPart>> ParseWorkflowMask(const std::vector<std::string>& paths,
                                                         std::string_view field) {
  std::set<WorkflowPart> parts;
  for (const std::string& path : paths) {
    if (path == "*") {
      parts.insert({WorkflowPart::kRequiredFields, WorkflowPart::kAllowedTransitions});
    } else if (path == "required_fields") {
      parts.insert(WorkflowPart::kRequiredFields);
    } else if (path == "allowed_transitions") {
      parts.insert(WorkflowPart::kAllowedTransitions);
    } else {
      return InvalidField(std::string(field),
                          "paths: required_fields, allowed_transitions, *; not " + path);
    }
  }
  if (parts.empty()) return InvalidField(std::string(field), "is required");
  return parts;
}

std::vector<FieldState> FieldStates(const Workflow& workflow, const FieldMap& document_fields,
                                    const FieldMap& issuer_values) {
  std::vector<FieldState> states;
  states.reserve(workflow.required_fields.size());
  for (const ValidationField& f : workflow.required_fields) {
    FieldState s{f, "", ValueSource::kEmpty, false};
    if (auto it = document_fields.find(f.name); it != document_fields.end()) {
      s.value = it->second;
      s.source = ValueSource::kDocument;
    } else if (auto jt = issuer_values.find(f.name); jt != issuer_values.end()) {
      s.value = jt->second;
      s.source = ValueSource::kIssuer;
    }
    s.valid = s.source != ValueSource::kEmpty && Matches(f, s.value);
    states.push_back(std::move(s));
  }
  return states;
}

bool AllValid(const std::vector<FieldState>& states) {
  return std::all_of(states.begin(), states.end(), [](const FieldState& s) { return s.valid; });
}

std::vector<std::string> MissingFields(const std::vector<FieldState>& states) {
  std::vector<std::string> names;
  for (const FieldState& s : states) {
    if (!s.valid) names.push_back(s.field.name);
  }
  return names;
}

DocumentStatus InitialStatus(const Workflow& workflow, const FieldMap& document_fields) {
  return AllValid(FieldStates(workflow, document_fields, {})) ? DocumentStatus::kSent
                                                              : DocumentStatus::kPendingInformation;
}

absl::Status CheckIssuerValues(const Workflow& workflow, const FieldMap& document_fields,
                               const FieldMap& values, std::string_view prefix) {
  FieldViolations v;
  for (const auto& [name, value] : values) {
    const std::string at = absl::StrCat(AsAbsl(prefix), "values[", name, "]");
    auto f = std::find_if(workflow.required_fields.begin(), workflow.required_fields.end(),
                          [&name = name](const ValidationField& x) { return x.name == name; });
    if (f == workflow.required_fields.end()) {
      v.Add(at, "is not a required field of the receiver's workflow");
    } else if (document_fields.count(name) > 0) {
      v.Add(at, "is taken from the original document and cannot be changed");
    } else if (absl::Status text = CheckText(value, at, kMaxDocumentFieldValueChars); !text.ok()) {
      v.Merge(text);
    } else if (!value.empty() && !Matches(*f, value)) {
      v.Add(at,
            f->pattern.empty() ? "must not be blank" : "does not match the pattern " + f->pattern);
    }
  }
  return v.ToStatus();
}

}  // namespace supplynet
