// The workflow commands: documents workflow [set], the client's required fields and decisions.
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "client-lib/cli/command.h"
#include "client-lib/cli/enum_text.h"

namespace supplynet::cli {
namespace {

int PrintWorkflow(Invocation& run, const v1::Workflow& workflow) {
  if (run.json()) {
    run.out << ToJson(workflow) << "\n";
    return kExitOk;
  }
  Table fields({"FIELD", "LABEL", "PATTERN"});
  for (const v1::ValidationField& field : workflow.required_fields()) {
    fields.AddRow({field.name(), field.label(), field.pattern()});
  }
  fields.Print(run.out);
  run.out << "\n";
  Table transitions({"FROM", "TO"});
  for (const v1::DecisionTransition& t : workflow.allowed_transitions()) {
    transitions.AddRow({EnumWord(t.from_status()), EnumWord(t.to_status())});
  }
  transitions.Print(run.out);
  run.out << "\nsaved: " << TimeText(workflow.update_time())
          << "\netag: " << (workflow.etag().empty() ? "-" : workflow.etag()) << "\n";
  return kExitOk;
}

int DocumentsWorkflow(Invocation& run) {
  auto workflow = run.client().GetWorkflow();
  if (!workflow.ok()) return run.Fail(workflow.status());
  return PrintWorkflow(run, *workflow);
}

// "NAME:LABEL[:PATTERN]" (the pattern may hold colons); false when malformed.
bool ParseValidationField(const std::string& text, v1::ValidationField* field) {
  const std::vector<std::string> parts = absl::StrSplit(text, absl::MaxSplits(':', 2));
  if (parts.size() < 2) return false;
  field->set_name(parts[0]);
  field->set_label(parts[1]);
  if (parts.size() == 3) field->set_pattern(parts[2]);
  return true;
}

int DocumentsWorkflowSet(Invocation& run) {
  v1::Workflow workflow;
  std::vector<std::string> paths;
  for (const std::string& text : run.Flags("field")) {
    if (!ParseValidationField(text, workflow.add_required_fields())) {
      return run.Usage("--field takes NAME:LABEL[:PATTERN]");
    }
  }
  if (workflow.required_fields_size() > 0 || run.Has("no-fields"))
    paths.push_back("required_fields");
  for (const std::string& text : run.Flags("transition")) {
    const std::vector<std::string> ends = absl::StrSplit(text, ':');
    const auto from = ParseEnumWord<v1::DocumentStatus>(ends.front());
    const auto to = ParseEnumWord<v1::DocumentStatus>(ends.back());
    if (ends.size() != 2 || !from.has_value() || !to.has_value()) {
      return run.Usage("--transition takes FROM:TO, each " + EnumWords<v1::DocumentStatus>());
    }
    v1::DecisionTransition* transition = workflow.add_allowed_transitions();
    transition->set_from_status(*from);
    transition->set_to_status(*to);
  }
  if (workflow.allowed_transitions_size() > 0) paths.push_back("allowed_transitions");
  if (paths.empty()) return run.Usage("give --field, --no-fields or --transition");
  workflow.set_etag(run.Flag("etag"));
  auto saved = run.client().UpdateWorkflow(workflow, paths);
  if (!saved.ok()) return run.Fail(saved.status());
  return PrintWorkflow(run, *saved);
}

}  // namespace

std::vector<Command> WorkflowCommands() {
  return {
      {"documents workflow",
       "",
       "show the company's workflow: required fields and decisions",
       {},
       0,
       true,
       DocumentsWorkflow},
      {"documents workflow set",
       "[--field NAME:LABEL[:PATTERN] ... | --no-fields] [--transition FROM:TO ...] [--etag E]",
       "replace the required fields and/or the allowed decisions of received documents",
       {"field=", "no-fields", "transition=", "etag="},
       0,
       true,
       DocumentsWorkflowSet},
  };
}

}  // namespace supplynet::cli
