// A document's status change as the history and the event stream read it: the columns of
// document_status_changes (alias `c`) and their decoding, shared by both repositories.
#pragma once

#include "domain/document.h"
#include "pqxx/row"

#define SN_STATUS_CHANGE_COLUMNS                                                    \
  "c.status_change_id::text AS status_change_id, c.event_id, "                      \
  "c.document_id::text AS document_id, c.from_status, c.to_status, c.reason_code, " \
  "c.reason_text, c.actor_type, c.actor_id, c.actor_name, c.actor_company_name, "   \
  "sn_micros(c.change_time) AS change_time"

namespace supplynet::storage {

StatusChange StatusChangeFromRow(const pqxx::row& row);

}  // namespace supplynet::storage
