#include "storage/workflow_repository.h"

#include <utility>
#include <vector>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/absl_compat.h"
#include "storage/pg_text.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

#define WORKFLOW_COLUMNS                                                   \
  "w.version, sn_micros(w.update_time) AS update_time, "                   \
  "array_to_string(w.allowed_transitions, ',') AS transitions, "           \
  "(SELECT string_agg(sn_hex(f.name) || ':' || sn_hex(f.label) || ':' || " \
  "sn_hex(f.pattern), ',' ORDER BY f.position) FROM workflow_fields f "    \
  "WHERE f.company_id = w.company_id) AS fields"

const Statement kFind{"workflow_find",
                      "SELECT " WORKFLOW_COLUMNS " FROM workflows w WHERE w.company_id = $1::uuid"};

// Creates the row of a first save so that concurrent first saves serialise on its lock.
const Statement kEnsure{"workflow_ensure",
                        "INSERT INTO workflows (company_id, allowed_transitions, version, "
                        "update_time) VALUES ($1::uuid, '{}', 0, sn_from_micros($2)) "
                        "ON CONFLICT (company_id) DO NOTHING"};

const Statement kLockVersion{"workflow_lock_version",
                             "SELECT version FROM workflows WHERE company_id = $1::uuid "
                             "FOR UPDATE"};

const Statement kUpdate{"workflow_update",
                        "UPDATE workflows SET allowed_transitions = $2::text[], "
                        "version = version + 1, update_time = sn_from_micros($3) "
                        "WHERE company_id = $1::uuid"};

const Statement kDeleteFields{"workflow_delete_fields",
                              "DELETE FROM workflow_fields WHERE company_id = $1::uuid"};

const Statement kInsertFields{
    "workflow_insert_fields",
    "INSERT INTO workflow_fields (company_id, position, name, label, pattern) "
    "SELECT $1::uuid, f.position, f.name, f.label, f.pattern "
    "FROM unnest($2::text[], $3::text[], $4::text[]) WITH ORDINALITY "
    "AS f(name, label, pattern, position)"};

std::string TransitionText(const Transition& t) {
  return std::string(DocumentStatusName(t.first)) + ">" + std::string(DocumentStatusName(t.second));
}

Workflow WorkflowFromRow(const pqxx::row& row) {
  Workflow w;
  w.version = row["version"].as<int64_t>();
  w.update_time = Time(row, "update_time");
  for (absl::string_view t : absl::StrSplit(Text(row, "transitions"), ',', absl::SkipEmpty())) {
    std::vector<std::string> parts = absl::StrSplit(t, '>');
    std::optional<DocumentStatus> from = DocumentStatusFromName(parts[0]);
    std::optional<DocumentStatus> to =
        parts.size() == 2 ? DocumentStatusFromName(parts[1]) : std::nullopt;
    if (from.has_value() && to.has_value()) w.allowed_transitions.emplace_back(*from, *to);
  }
  for (std::vector<std::string>& f : DecodeHexTuples(Text(row, "fields"))) {
    if (f.size() == 3) w.required_fields.push_back({f[0], f[1], f[2]});
  }
  return w;
}

}  // namespace

absl::StatusOr<Workflow> WorkflowRepository::Find(Tx& tx, const std::string& company_id) {
  pqxx::result rows = tx.Exec(kFind, company_id);
  if (rows.empty() || rows[0]["version"].as<int64_t>() == 0) return DefaultWorkflow();
  return WorkflowFromRow(rows[0]);
}

absl::StatusOr<int64_t> WorkflowRepository::Lock(Tx& tx, const std::string& company_id,
                                                 absl::Time now) {
  tx.Exec(kEnsure, company_id, Micros(now));
  return tx.Exec(kLockVersion, company_id)[0]["version"].as<int64_t>();
}

absl::StatusOr<Workflow> WorkflowRepository::Save(Tx& tx, const std::string& company_id,
                                                  const Workflow& workflow, absl::Time now) {
  std::vector<std::string> transitions, names, labels, patterns;
  for (const Transition& t : workflow.allowed_transitions) transitions.push_back(TransitionText(t));
  for (const ValidationField& f : workflow.required_fields) {
    names.push_back(f.name);
    labels.push_back(f.label);
    patterns.push_back(f.pattern);
  }
  tx.Exec(kUpdate, company_id, TextArray(transitions), Micros(now));
  tx.Exec(kDeleteFields, company_id);
  tx.Exec(kInsertFields, company_id, TextArray(names), TextArray(labels), TextArray(patterns));
  return WorkflowFromRow(tx.Exec(kFind, company_id)[0]);
}

#undef WORKFLOW_COLUMNS

}  // namespace supplynet::storage
