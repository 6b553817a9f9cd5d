// The client's Smart Supply workflow: read it (the default until one is saved) and replace
// parts of it. Changes apply to documents synced afterwards and to later validations and
// decisions; stored statuses are not re-evaluated.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/account.h"
#include "domain/clock.h"
#include "domain/workflow.h"
#include "storage/database.h"

namespace supplynet {

struct WorkflowUpdate {
  Workflow values;                      // Only the parts named by `mask_paths` are read.
  std::vector<std::string> mask_paths;  // "required_fields", "allowed_transitions", "*".
  std::string etag;                     // Empty skips the concurrency check.
};

class WorkflowService {
 public:
  WorkflowService(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

  absl::StatusOr<Workflow> GetWorkflow(const Principal& caller);
  // ABORTED when the etag is stale.
  absl::StatusOr<Workflow> UpdateWorkflow(const Principal& caller, const WorkflowUpdate& update);

 private:
  storage::Database& db_;
  const Clock& clock_;
};

// The etag of a workflow: empty for the default (never saved).
std::string WorkflowEtag(const Workflow& workflow);

}  // namespace supplynet
