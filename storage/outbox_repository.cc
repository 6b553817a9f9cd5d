#include "storage/outbox_repository.h"

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

const Statement kInsert{
    "outbox_insert",
    "INSERT INTO email_outbox (outbox_id, client_company_id, invitation_id, recipients, message, "
    "state, next_attempt_time, create_time) VALUES ($1::uuid, $2::uuid, $3::uuid, "
    "string_to_array($4, ','), $5, 'PENDING', clock_timestamp(), sn_from_micros($6))"};

const Statement kLockNextDue{
    "outbox_lock_next_due",
    "SELECT o.outbox_id::text, o.client_company_id::text, o.invitation_id::text, "
    "array_to_string(o.recipients, ',') AS recipients, o.message, o.attempts "
    "FROM email_outbox o JOIN invitations i "
    "ON i.client_company_id = o.client_company_id AND i.invitation_id = o.invitation_id "
    "WHERE o.state = 'PENDING' AND o.next_attempt_time <= clock_timestamp() "
    "ORDER BY o.next_attempt_time LIMIT 1 FOR UPDATE OF o, i SKIP LOCKED"};

const Statement kFinish{"outbox_finish",
                        "UPDATE email_outbox SET state = $3, attempts = $4, last_error = $5, "
                        "message = NULL, done_time = clock_timestamp() "
                        "WHERE client_company_id = $1::uuid AND outbox_id = $2::uuid"};

const Statement kReschedule{
    "outbox_reschedule",
    "UPDATE email_outbox SET attempts = $3, last_error = $4, "
    "next_attempt_time = clock_timestamp() + $5::bigint * INTERVAL '1 microsecond' "
    "WHERE client_company_id = $1::uuid AND outbox_id = $2::uuid"};

const Statement kCountPending{"outbox_count_pending",
                              "SELECT count(*) FROM email_outbox WHERE state = 'PENDING'"};

}  // namespace

absl::Status OutboxRepository::Insert(Tx& tx, const OutboxEmail& email, absl::Time now) {
  tx.Exec(kInsert, email.outbox_id, email.client_company_id, email.invitation_id,
          absl::StrJoin(email.recipients, ","), email.message, Micros(now));
  return absl::OkStatus();
}

absl::StatusOr<std::optional<OutboxEmail>> OutboxRepository::LockNextDue(Tx& tx) {
  pqxx::result rows = tx.Exec(kLockNextDue);
  if (rows.empty()) return std::optional<OutboxEmail>();
  const pqxx::row& row = rows[0];
  OutboxEmail email;
  email.outbox_id = Text(row, "outbox_id");
  email.client_company_id = Text(row, "client_company_id");
  email.invitation_id = Text(row, "invitation_id");
  email.recipients = absl::StrSplit(Text(row, "recipients"), ',', absl::SkipEmpty());
  email.message = Text(row, "message");
  email.attempts = row["attempts"].as<int>();
  return std::optional<OutboxEmail>(std::move(email));
}

absl::Status OutboxRepository::MarkSent(Tx& tx, const std::string& client_company_id,
                                        const std::string& outbox_id, int attempts) {
  tx.Exec(kFinish, client_company_id, outbox_id, "SENT", attempts, "");
  return absl::OkStatus();
}

absl::Status OutboxRepository::MarkFailed(Tx& tx, const std::string& client_company_id,
                                          const std::string& outbox_id, int attempts,
                                          const std::string& error) {
  tx.Exec(kFinish, client_company_id, outbox_id, "FAILED", attempts, error);
  return absl::OkStatus();
}

absl::Status OutboxRepository::Reschedule(Tx& tx, const std::string& client_company_id,
                                          const std::string& outbox_id, int attempts,
                                          const std::string& error, absl::Duration delay) {
  tx.Exec(kReschedule, client_company_id, outbox_id, attempts, error,
          absl::ToInt64Microseconds(delay));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> OutboxRepository::CountPending(Tx& tx) {
  return tx.Exec(kCountPending)[0][0].as<int64_t>();
}

}  // namespace supplynet::storage
