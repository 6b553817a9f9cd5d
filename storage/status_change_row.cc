#include "storage/status_change_row.h"

#include "storage/row.h"

namespace supplynet::storage {

StatusChange StatusChangeFromRow(const pqxx::row& row) {
  StatusChange c;
  c.status_change_id = Text(row, "status_change_id");
  c.event_id = row["event_id"].as<int64_t>();
  c.document_id = Text(row, "document_id");
  c.from_status = DocumentStatusFromName(Text(row, "from_status"));
  c.to_status =
      DocumentStatusFromName(Text(row, "to_status")).value_or(DocumentStatus::kPendingInformation);
  c.reason = {ReasonCodeFromName(Text(row, "reason_code")), Text(row, "reason_text")};
  c.actor_type = ActorTypeFromName(Text(row, "actor_type")).value_or(ActorType::kSystem);
  c.actor_id = Text(row, "actor_id");
  c.actor_name = Text(row, "actor_name");
  c.actor_company_name = Text(row, "actor_company_name");
  c.change_time = Time(row, "change_time");
  return c;
}

}  // namespace supplynet::storage
