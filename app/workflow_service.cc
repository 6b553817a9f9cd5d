#include "app/workflow_service.h"

#include "domain/etag.h"
#include "domain/field_violation.h"
#include "domain/status_macros.h"
#include "storage/workflow_repository.h"

namespace supplynet {

using storage::Tx;
using storage::WorkflowRepository;

std::string WorkflowEtag(const Workflow& workflow) {
  return workflow.version == 0 ? "" : EtagOf(workflow.version);
}

absl::StatusOr<Workflow> WorkflowService::GetWorkflow(const Principal& caller) {
  return db_.Read([&](Tx& tx) { return WorkflowRepository::Find(tx, caller.company_id); });
}

absl::StatusOr<Workflow> WorkflowService::UpdateWorkflow(const Principal& caller,
                                                         const WorkflowUpdate& update) {
  FieldViolations violations;
  absl::StatusOr<std::set<WorkflowPart>> mask = ParseWorkflowMask(update.mask_paths, "update_mask");
  absl::StatusOr<std::optional<int64_t>> version = ParseEtag(update.etag, "workflow.etag");
  violations.Merge(mask.status());
  violations.Merge(version.status());
  violations.Merge(CheckWorkflow(update.values, "workflow."));
  RETURN_IF_ERROR(violations.ToStatus());
  const absl::Time now = clock_.Now();
  return db_.Write([&](Tx& tx) -> absl::StatusOr<Workflow> {
    ASSIGN_OR_RETURN(int64_t stored, WorkflowRepository::Lock(tx, caller.company_id, now));
    if (version->has_value() && **version != stored) {
      return absl::AbortedError("the workflow changed since it was read (stale etag)");
    }
    ASSIGN_OR_RETURN(Workflow current, WorkflowRepository::Find(tx, caller.company_id));
    if (mask->count(WorkflowPart::kRequiredFields) > 0) {
      current.required_fields = update.values.required_fields;
    }
    if (mask->count(WorkflowPart::kAllowedTransitions) > 0) {
      current.allowed_transitions = update.values.allowed_transitions;
    }
    return WorkflowRepository::Save(tx, caller.company_id, current, now);
  });
}

}  // namespace supplynet
