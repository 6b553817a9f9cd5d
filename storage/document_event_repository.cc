#include "storage/document_event_repository.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "storage/row.h"
#include "storage/status_change_row.h"

namespace supplynet::storage {
namespace {

#define EVENT_COLUMNS                                                                 \
  SN_STATUS_CHANGE_COLUMNS                                                            \
  ", c.xact_id::text AS xact_id, c.horizon::text AS horizon, "                        \
  "d.receiver_company_id::text AS receiver_company_id, "                              \
  "coalesce(s.linked_company_id::text, '') AS issuer_company_id "                     \
  "FROM document_status_changes c JOIN documents d ON d.document_id = c.document_id " \
  "LEFT JOIN suppliers s ON s.client_company_id = d.receiver_company_id "             \
  "AND s.country = d.country AND s.tax_id = d.issuer_tax_id "

// $1 event id, $2 horizon, $3 transaction of the position; $4 the id to continue after.
#define SINCE                                                                    \
  " (c.event_id > $1 OR (c.xact_id >= $2::xid8 AND c.xact_id <> $3::xid8)) AND " \
  "c.event_id > $4 "

const Statement kNow{"document_events_now",
                     "SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS horizon, "
                     "(SELECT coalesce(max(event_id), 0) FROM document_status_changes) AS id"};

const Statement kSinceForAll{"document_events_since_all",
                             "SELECT " EVENT_COLUMNS "WHERE " SINCE "ORDER BY c.event_id LIMIT $5"};

const Statement kSinceForCompany{
    "document_events_since_company",
    "SELECT " EVENT_COLUMNS "WHERE " SINCE
    "AND (d.receiver_company_id = $6::uuid OR s.linked_company_id = $6::uuid) "
    "ORDER BY c.event_id LIMIT $5"};

const Statement kByIds{"document_events_by_ids", "SELECT " EVENT_COLUMNS
                                                 "WHERE c.event_id = ANY($1::bigint[]) "
                                                 "ORDER BY c.event_id"};

#undef SINCE
#undef EVENT_COLUMNS

uint64_t Xid(const pqxx::row& row, const char* column) {
  uint64_t xid = 0;
  return absl::SimpleAtoi(Text(row, column), &xid) ? xid : 0;
}

std::vector<DocumentEventRow> EventsOf(const pqxx::result& rows) {
  std::vector<DocumentEventRow> out;
  out.reserve(rows.size());
  for (const pqxx::row& row : rows) {
    DocumentEventRow e{StatusChangeFromRow(row),
                       Text(row, "receiver_company_id"),
                       Text(row, "issuer_company_id"),
                       {}};
    e.position = {e.change.event_id, Xid(row, "horizon"), Xid(row, "xact_id")};
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace

absl::StatusOr<EventPosition> DocumentEventRepository::Now(Tx& tx) {
  const pqxx::row row = tx.Exec(kNow)[0];
  return EventPosition{row["id"].as<int64_t>(), Xid(row, "horizon")};
}

absl::StatusOr<std::vector<DocumentEventRow>> DocumentEventRepository::Since(
    Tx& tx, const std::string& company_id, const EventPosition& from, int64_t after_id, int limit) {
  const std::string horizon = absl::StrCat(from.horizon);
  const std::string xact = absl::StrCat(from.xact_id);
  if (company_id.empty()) {
    return EventsOf(tx.Exec(kSinceForAll, from.event_id, horizon, xact, after_id, limit));
  }
  return EventsOf(
      tx.Exec(kSinceForCompany, from.event_id, horizon, xact, after_id, limit, company_id));
}

absl::StatusOr<std::vector<DocumentEventRow>> DocumentEventRepository::ByIds(
    Tx& tx, const std::vector<int64_t>& ids) {
  return EventsOf(tx.Exec(kByIds, absl::StrCat("{", absl::StrJoin(ids, ","), "}")));
}

}  // namespace supplynet::storage
