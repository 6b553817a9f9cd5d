#include "storage/imported_invitation_repository.h"

#include <array>

#include "absl/strings/str_join.h"
#include "storage/row.h"
#include "storage/staging_table.h"

namespace supplynet::storage {
namespace {

const StagingTable kStaging(
    "imported_invitation_staging",
    "supplier_id uuid, email text, code_hash text, outbox_id uuid, message text");

// Ids cross as one comma-separated text (UUIDs hold no comma).
const Statement kLockInvitable{
    "imported_invitation_lock_invitable",
    "SELECT supplier_id::text, name, email FROM suppliers "
    "WHERE client_company_id = $1::uuid AND supplier_id = ANY(string_to_array($2, ',')::uuid[]) "
    "AND linked_company_id IS NULL AND pending_invitation_id IS NULL "
    "ORDER BY supplier_id FOR UPDATE"};

const Statement kNewOutboxIds{"imported_invitation_new_outbox_ids",
                              "SELECT gen_random_uuid()::text FROM generate_series(1, $1::int)"};

// Invitations, then their entries and emails; each email's outbox id is its invitation's
// latest_outbox_id, which is how the sender records its delivery.
const Statement kInsertAll{
    "imported_invitation_insert_all",
    "WITH invited AS ("
    " INSERT INTO invitations (client_company_id, supplier_id, emails, status, code_hash,"
    " delivery_status, latest_outbox_id, create_time, expire_time, update_time)"
    " SELECT $1::uuid, supplier_id, ARRAY[email], 'PENDING', code_hash, 'QUEUED', outbox_id,"
    " sn_from_micros($2), sn_from_micros($3), sn_from_micros($2)"
    " FROM imported_invitation_staging"
    " RETURNING invitation_id, supplier_id, latest_outbox_id, emails"
    "), entries AS ("
    " UPDATE suppliers s SET pending_invitation_id = i.invitation_id,"
    " invite_requested_time = NULL, version = s.version + 1, update_time = sn_from_micros($2)"
    " FROM invited i WHERE s.client_company_id = $1::uuid AND s.supplier_id = i.supplier_id"
    ") INSERT INTO email_outbox (outbox_id, client_company_id, invitation_id, recipients,"
    " message, state, next_attempt_time, create_time)"
    " SELECT i.latest_outbox_id, $1::uuid, i.invitation_id, i.emails, st.message, 'PENDING',"
    " clock_timestamp(), sn_from_micros($2)"
    " FROM invited i JOIN imported_invitation_staging st ON st.outbox_id = i.latest_outbox_id"};

std::array<std::string, 5> StagingRow(const ImportedInvitation& i) {
  return {i.supplier_id, i.email, i.code_hash, i.outbox_id, i.message};
}

}  // namespace

absl::StatusOr<std::vector<InvitableSupplier>> ImportedInvitationRepository::LockInvitable(
    Tx& tx, const std::string& client_company_id, const std::vector<std::string>& supplier_ids) {
  std::vector<InvitableSupplier> invitable;
  if (supplier_ids.empty()) return invitable;
  for (const pqxx::row& row :
       tx.Exec(kLockInvitable, client_company_id, absl::StrJoin(supplier_ids, ","))) {
    invitable.push_back({Text(row, "supplier_id"), Text(row, "name"), Text(row, "email")});
  }
  return invitable;
}

absl::StatusOr<std::vector<std::string>> ImportedInvitationRepository::NewOutboxIds(Tx& tx,
                                                                                    size_t count) {
  std::vector<std::string> ids;
  ids.reserve(count);
  if (count == 0) return ids;
  for (const pqxx::row& row : tx.Exec(kNewOutboxIds, static_cast<int64_t>(count))) {
    ids.push_back(row[0].as<std::string>());
  }
  return ids;
}

absl::Status ImportedInvitationRepository::InsertAll(
    Tx& tx, const std::string& client_company_id,
    const std::vector<ImportedInvitation>& invitations, absl::Time expire_time, absl::Time now) {
  if (invitations.empty()) return absl::OkStatus();
  kStaging.Create(tx);
  kStaging.Refill(tx, invitations, StagingRow);
  tx.Exec(kInsertAll, client_company_id, Micros(now), Micros(expire_time));
  return absl::OkStatus();
}

}  // namespace supplynet::storage
