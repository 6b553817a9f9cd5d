// The clients' saved workflows (table workflows + workflow_fields). A company that never saved
// one reads the default of the contract.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/workflow.h"
#include "storage/database.h"

namespace supplynet::storage {

class WorkflowRepository {
 public:
  // The company's workflow, or DefaultWorkflow() when none was saved.
  static absl::StatusOr<Workflow> Find(Tx& tx, const std::string& company_id);
  // Locks the company's workflow until the transaction ends (creating its row on a first save,
  // so that concurrent first saves serialise too) and returns its version (0: the default).
  static absl::StatusOr<int64_t> Lock(Tx& tx, const std::string& company_id, absl::Time now);
  // Replaces the locked workflow and bumps its version.
  static absl::StatusOr<Workflow> Save(Tx& tx, const std::string& company_id,
                                       const Workflow& workflow, absl::Time now);
};

}  // namespace supplynet::storage
