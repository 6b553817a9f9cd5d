#include "storage/invitation_repository.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "pqxx/prepared_statement"
#include "storage/list_query.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

// Email addresses cross the boundary joined by ',', which a valid address never holds.
#define INVITATION_COLUMNS                                                         \
  "client_company_id::text, invitation_id::text, supplier_id::text, "              \
  "array_to_string(emails, ',') AS emails, status, code_hash, delivery_status, "   \
  "delivery_attempts, last_delivery_error, send_count, latest_outbox_id::text, "   \
  "accepted_company_id::text, sn_micros(create_time) AS create_time, "             \
  "sn_micros(send_time) AS send_time, sn_micros(expire_time) AS expire_time, "     \
  "sn_micros(accept_time) AS accept_time, sn_micros(revoke_time) AS revoke_time, " \
  "sn_micros(update_time) AS update_time"

// Cancels the queued emails of invitation $2 (their code is dead) before the main statement.
#define CANCEL_QUEUED_EMAILS                                                         \
  "WITH cancelled AS (UPDATE email_outbox SET state = 'CANCELLED', message = NULL, " \
  "done_time = clock_timestamp() WHERE client_company_id = $1::uuid AND "            \
  "invitation_id = $2::uuid AND state = 'PENDING' RETURNING 1) "

const Statement kInsert{
    "invitation_insert",
    "INSERT INTO invitations (client_company_id, supplier_id, emails, status, code_hash, "
    "delivery_status, latest_outbox_id, create_time, expire_time, update_time) "
    "VALUES ($1::uuid, $2::uuid, string_to_array($3, ','), 'PENDING', $4, 'QUEUED', "
    "gen_random_uuid(), sn_from_micros($5), sn_from_micros($6), sn_from_micros($5)) "
    "RETURNING " INVITATION_COLUMNS};

const Statement kFindById{"invitation_find_by_id",
                          "SELECT " INVITATION_COLUMNS
                          " FROM invitations WHERE client_company_id = $1::uuid AND "
                          "invitation_id = $2::uuid"};

const Statement kLockById{"invitation_lock_by_id",
                          "SELECT " INVITATION_COLUMNS
                          " FROM invitations WHERE client_company_id = $1::uuid AND "
                          "invitation_id = $2::uuid FOR UPDATE"};

const Statement kLockByCodeHash{"invitation_lock_by_code_hash",
                                "SELECT " INVITATION_COLUMNS
                                " FROM invitations WHERE code_hash = $3 AND "
                                "client_company_id = $1::uuid AND supplier_id = $2::uuid "
                                "FOR UPDATE"};

const Statement kReissue{
    "invitation_reissue", CANCEL_QUEUED_EMAILS
    "UPDATE invitations SET emails = string_to_array($3, ','), code_hash = $4, "
    "expire_time = sn_from_micros($6), delivery_status = 'QUEUED', delivery_attempts = 0, "
    "last_delivery_error = '', send_time = NULL, send_count = send_count + 1, "
    "latest_outbox_id = gen_random_uuid(), update_time = sn_from_micros($5) "
    "WHERE client_company_id = $1::uuid AND invitation_id = $2::uuid AND status = 'PENDING' "
    "RETURNING " INVITATION_COLUMNS};

const Statement kMarkExpired{
    "invitation_mark_expired", CANCEL_QUEUED_EMAILS
    "UPDATE invitations SET status = 'EXPIRED', update_time = sn_from_micros($3), "
    "last_delivery_error = CASE WHEN delivery_status = 'QUEUED' THEN 'expired before sending' "
    "ELSE last_delivery_error END, "
    "delivery_status = CASE WHEN delivery_status = 'QUEUED' THEN 'FAILED' "
    "ELSE delivery_status END "
    "WHERE client_company_id = $1::uuid AND invitation_id = $2::uuid AND status = 'PENDING'"};

// Locks with SKIP LOCKED (entry and invitation together, the order every writer takes them
// in) so that the sweep never waits on, or deadlocks with, a call or the email sender. The
// entry is joined by its key (the invitation's supplier_id) as well as by its pending
// invitation: no index holds pending_invitation_id, and the planner read whole networks.
const Statement kExpireDue{
    "invitation_expire_due",
    "WITH due AS ("
    " SELECT i.client_company_id, i.invitation_id, s.supplier_id"
    " FROM invitations i JOIN suppliers s ON s.client_company_id = i.client_company_id"
    " AND s.supplier_id = i.supplier_id AND s.pending_invitation_id = i.invitation_id"
    " WHERE i.status = 'PENDING' AND i.expire_time <= sn_from_micros($1)"
    " ORDER BY i.expire_time LIMIT $2::int FOR UPDATE OF s, i SKIP LOCKED"
    "), expired AS ("
    " UPDATE invitations i SET status = 'EXPIRED', update_time = sn_from_micros($1),"
    " last_delivery_error = CASE WHEN i.delivery_status = 'QUEUED'"
    " THEN 'expired before sending' ELSE i.last_delivery_error END,"
    " delivery_status = CASE WHEN i.delivery_status = 'QUEUED' THEN 'FAILED'"
    " ELSE i.delivery_status END"
    " FROM due d WHERE i.client_company_id = d.client_company_id"
    " AND i.invitation_id = d.invitation_id RETURNING i.invitation_id"
    "), cancelled AS ("
    " UPDATE email_outbox o SET state = 'CANCELLED', message = NULL, done_time = clock_timestamp()"
    " FROM due d WHERE o.client_company_id = d.client_company_id"
    " AND o.invitation_id = d.invitation_id AND o.state = 'PENDING'"
    "), cleared AS ("
    " UPDATE suppliers s SET pending_invitation_id = NULL, version = s.version + 1,"
    " update_time = sn_from_micros($1)"
    " FROM due d WHERE s.client_company_id = d.client_company_id AND s.supplier_id = d.supplier_id"
    ") SELECT count(*) FROM expired"};

const Statement kRevoke{
    "invitation_revoke", CANCEL_QUEUED_EMAILS
    "UPDATE invitations SET status = 'REVOKED', revoke_time = sn_from_micros($3), "
    "update_time = sn_from_micros($3), "
    "last_delivery_error = CASE WHEN delivery_status = 'QUEUED' THEN 'revoked before sending' "
    "ELSE last_delivery_error END, "
    "delivery_status = CASE WHEN delivery_status = 'QUEUED' THEN 'FAILED' "
    "ELSE delivery_status END "
    "WHERE client_company_id = $1::uuid AND invitation_id = $2::uuid "
    "RETURNING " INVITATION_COLUMNS};

const Statement kAccept{
    "invitation_accept",
    "UPDATE invitations SET status = 'ACCEPTED', accepted_company_id = $3::uuid, "
    "accept_time = sn_from_micros($4), update_time = sn_from_micros($4) "
    "WHERE client_company_id = $1::uuid AND invitation_id = $2::uuid "
    "RETURNING " INVITATION_COLUMNS};

const Statement kRecordDelivery{
    "invitation_record_delivery",
    "UPDATE invitations SET delivery_status = $4, delivery_attempts = $5, "
    "last_delivery_error = $6, update_time = sn_from_micros($7), "
    "send_time = CASE WHEN $4 = 'SENT' THEN sn_from_micros($7) ELSE send_time END "
    "WHERE client_company_id = $1::uuid AND invitation_id = $2::uuid AND "
    "latest_outbox_id = $3::uuid"};

std::vector<std::string> SplitEmails(const std::string& joined) {
  if (joined.empty()) return {};
  return absl::StrSplit(joined, ',');
}

InvitationRow RowFrom(const pqxx::row& row) {
  InvitationRow out;
  Invitation& i = out.invitation;
  i.client_company_id = Text(row, "client_company_id");
  i.invitation_id = Text(row, "invitation_id");
  i.supplier_id = Text(row, "supplier_id");
  i.emails = SplitEmails(Text(row, "emails"));
  i.status = InvitationStatusFromName(Text(row, "status")).value_or(InvitationStatus::kPending);
  i.delivery_status =
      DeliveryStatusFromName(Text(row, "delivery_status")).value_or(DeliveryStatus::kQueued);
  i.delivery_attempts = row["delivery_attempts"].as<int>();
  i.last_delivery_error = Text(row, "last_delivery_error");
  i.send_count = row["send_count"].as<int>();
  i.create_time = Time(row, "create_time");
  i.send_time = OptionalTime(row, "send_time");
  i.expire_time = Time(row, "expire_time");
  i.accept_time = OptionalTime(row, "accept_time");
  i.revoke_time = OptionalTime(row, "revoke_time");
  i.update_time = Time(row, "update_time");
  out.code_hash = Text(row, "code_hash");
  out.latest_outbox_id = Text(row, "latest_outbox_id");
  out.accepted_company_id = Text(row, "accepted_company_id");
  return out;
}

absl::StatusOr<InvitationRow> First(const pqxx::result& rows) {
  if (rows.empty()) return absl::NotFoundError("invitation not found");
  return RowFrom(rows[0]);
}

std::string JoinEmails(const std::vector<std::string>& emails) {
  return absl::StrJoin(emails, ",");
}

// PENDING and EXPIRED as reported: a PENDING row past its expiry counts as EXPIRED.
void WhereStatus(ListQuery& q, InvitationStatus status, absl::Time now) {
  q.Flag(absl::StrCat("t", static_cast<int>(status)));
  switch (status) {
    case InvitationStatus::kPending:
      q.Sql(" AND status = 'PENDING' AND expire_time > sn_from_micros(")
          .Bind(absl::StrCat(Micros(now)), "::bigint)");
      return;
    case InvitationStatus::kExpired:
      q.Sql(" AND (status = 'EXPIRED' OR (status = 'PENDING' AND expire_time <= sn_from_micros(")
          .Bind(absl::StrCat(Micros(now)), "::bigint)))");
      return;
    case InvitationStatus::kAccepted:
    case InvitationStatus::kRevoked:
      q.Where("status = ", std::string(InvitationStatusName(status)));
      return;
  }
}

// The list query for one combination of filters (see ListQuery).
ListQuery InvitationListQuery(const std::string& client_company_id, const InvitationFilter& filter,
                              const std::optional<InvitationCursor>& after, int limit,
                              absl::Time now) {
  ListQuery q("invitation_list_",
              "SELECT " INVITATION_COLUMNS " FROM invitations WHERE client_company_id = ");
  q.Bind(client_company_id, "::uuid");
  if (!filter.supplier_id.empty()) {
    q.Where("supplier_id = ", filter.supplier_id, "::uuid").Flag("s");
  }
  if (filter.status.has_value()) WhereStatus(q, *filter.status, now);
  if (after.has_value()) {
    q.Sql(" AND (create_time, invitation_id) < (sn_from_micros(")
        .Bind(absl::StrCat(Micros(after->create_time)), "::bigint), ")
        .Bind(after->invitation_id, "::uuid)")
        .Flag("a");
  }
  q.OrderBy("create_time DESC, invitation_id DESC", limit);
  return q;
}

}  // namespace

absl::StatusOr<InvitationRow> InvitationRepository::Insert(Tx& tx,
                                                           const std::string& client_company_id,
                                                           const std::string& supplier_id,
                                                           const InvitationIssue& issue,
                                                           absl::Time now) {
  return First(tx.Exec(kInsert, client_company_id, supplier_id, JoinEmails(issue.emails),
                       issue.code_hash, Micros(now), Micros(issue.expire_time)));
}

absl::StatusOr<InvitationRow> InvitationRepository::FindById(Tx& tx,
                                                             const std::string& client_company_id,
                                                             const std::string& invitation_id) {
  return First(tx.Exec(kFindById, client_company_id, invitation_id));
}

absl::StatusOr<InvitationRow> InvitationRepository::LockById(Tx& tx,
                                                             const std::string& client_company_id,
                                                             const std::string& invitation_id) {
  return First(tx.Exec(kLockById, client_company_id, invitation_id));
}

absl::StatusOr<InvitationRow> InvitationRepository::LockByCodeHash(
    Tx& tx, const std::string& client_company_id, const std::string& supplier_id,
    const std::string& code_hash) {
  return First(tx.Exec(kLockByCodeHash, client_company_id, supplier_id, code_hash));
}

absl::StatusOr<InvitationRow> InvitationRepository::Reissue(Tx& tx,
                                                            const std::string& client_company_id,
                                                            const std::string& invitation_id,
                                                            const InvitationIssue& issue,
                                                            absl::Time now) {
  return First(tx.Exec(kReissue, client_company_id, invitation_id, JoinEmails(issue.emails),
                       issue.code_hash, Micros(now), Micros(issue.expire_time)));
}

absl::Status InvitationRepository::MarkExpired(Tx& tx, const std::string& client_company_id,
                                               const std::string& invitation_id, absl::Time now) {
  tx.Exec(kMarkExpired, client_company_id, invitation_id, Micros(now));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> InvitationRepository::ExpireDue(Tx& tx, absl::Time now, int limit) {
  return tx.Exec(kExpireDue, Micros(now), limit)[0][0].as<int64_t>();
}

absl::StatusOr<InvitationRow> InvitationRepository::Revoke(Tx& tx,
                                                           const std::string& client_company_id,
                                                           const std::string& invitation_id,
                                                           absl::Time now) {
  return First(tx.Exec(kRevoke, client_company_id, invitation_id, Micros(now)));
}

absl::StatusOr<InvitationRow> InvitationRepository::Accept(Tx& tx,
                                                           const std::string& client_company_id,
                                                           const std::string& invitation_id,
                                                           const std::string& company_id,
                                                           absl::Time now) {
  return First(tx.Exec(kAccept, client_company_id, invitation_id, company_id, Micros(now)));
}

absl::StatusOr<std::vector<InvitationRow>> InvitationRepository::List(
    Tx& tx, const std::string& client_company_id, const InvitationFilter& filter,
    const std::optional<InvitationCursor>& after, int limit, absl::Time now) {
  const ListQuery query = InvitationListQuery(client_company_id, filter, after, limit, now);
  std::vector<InvitationRow> out;
  for (const pqxx::row& row : query.Run(tx)) {
    out.push_back(RowFrom(row));
  }
  return out;
}

absl::Status InvitationRepository::RecordDelivery(Tx& tx, const std::string& client_company_id,
                                                  const std::string& invitation_id,
                                                  const std::string& outbox_id,
                                                  DeliveryStatus status, int attempts,
                                                  const std::string& error, absl::Time now) {
  tx.Exec(kRecordDelivery, client_company_id, invitation_id, outbox_id,
          std::string(DeliveryStatusName(status)), attempts, error, Micros(now));
  return absl::OkStatus();
}

#undef INVITATION_COLUMNS
#undef CANCEL_QUEUED_EMAILS

}  // namespace supplynet::storage
