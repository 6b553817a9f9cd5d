// The event stream of WatchDocumentEvents: document status changes in commit order, with who
// may see each one. Event ids are drawn when a change is written, not when it commits, so a
// position in the stream is an id and a horizon (see migration 0006).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/document.h"
#include "storage/database.h"

namespace supplynet::storage {

// A point of the stream: every event committed after it has an id above `event_id` or was
// written by a transaction at or after `horizon` (a PostgreSQL xid8) other than `xact_id`,
// the transaction of the event at `event_id` (0: none), whose events up to it are all before
// this point.
struct EventPosition {
  int64_t event_id = 0;
  uint64_t horizon = 0;
  uint64_t xact_id = 0;
};

// A change that a watcher may see: the event, who may see it, and the stream's position just
// after it in commit order.
struct DocumentEventRow {
  StatusChange change;
  std::string receiver_company_id;
  std::string issuer_company_id;  // The issuer's company when linked in the receiver's network.
  EventPosition position;
};

class DocumentEventRepository {
 public:
  // Where the stream stands in this transaction's snapshot: its newest event id and the oldest
  // transaction still running.
  static absl::StatusOr<EventPosition> Now(Tx& tx);
  // Events that may have committed after `from`, with an id above `after_id`, that
  // `company_id` may see (every company's when empty), by id, at most `limit`.
  static absl::StatusOr<std::vector<DocumentEventRow>> Since(Tx& tx, const std::string& company_id,
                                                             const EventPosition& from,
                                                             int64_t after_id, int limit);
  // The events of `ids` that exist, by id.
  static absl::StatusOr<std::vector<DocumentEventRow>> ByIds(Tx& tx,
                                                             const std::vector<int64_t>& ids);
};

}  // namespace supplynet::storage
