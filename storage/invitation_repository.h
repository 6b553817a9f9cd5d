// Invitations of a client's network. Every query of a client's data is scoped by its company
// id, so another network's invitation is simply not found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/invitation.h"
#include "storage/database.h"

namespace supplynet::storage {

// An invitation as stored, with what the rules need beyond the public fields.
struct InvitationRow {
  Invitation invitation;
  std::string code_hash;
  std::string latest_outbox_id;  // The outbox row of the latest email.
  std::string accepted_company_id;
};

// A fresh code and email for an invitation: its addresses, code hash and expiry.
struct InvitationIssue {
  std::vector<std::string> emails;
  std::string code_hash;
  absl::Time expire_time;
};

// Where a ListInvitations page starts: after this (create_time, invitation_id), descending.
struct InvitationCursor {
  absl::Time create_time;
  std::string invitation_id;
};

struct InvitationFilter {
  std::string supplier_id;                 // Empty: any.
  std::optional<InvitationStatus> status;  // As reported at `now` (expiry derived).
};

class InvitationRepository {
 public:
  // A new PENDING invitation with delivery QUEUED and a new latest_outbox_id.
  static absl::StatusOr<InvitationRow> Insert(Tx& tx, const std::string& client_company_id,
                                              const std::string& supplier_id,
                                              const InvitationIssue& issue, absl::Time now);
  static absl::StatusOr<InvitationRow> FindById(Tx& tx, const std::string& client_company_id,
                                                const std::string& invitation_id);
  // As FindById, and locks the invitation until the transaction ends.
  static absl::StatusOr<InvitationRow> LockById(Tx& tx, const std::string& client_company_id,
                                                const std::string& invitation_id);
  // The invitation of a supplier entry whose current code has this hash (locked).
  static absl::StatusOr<InvitationRow> LockByCodeHash(Tx& tx, const std::string& client_company_id,
                                                      const std::string& supplier_id,
                                                      const std::string& code_hash);
  // A new code and email for a PENDING invitation: send_count + 1, delivery QUEUED again, a new
  // latest_outbox_id. Emails still queued for it are cancelled (their code is dead).
  static absl::StatusOr<InvitationRow> Reissue(Tx& tx, const std::string& client_company_id,
                                               const std::string& invitation_id,
                                               const InvitationIssue& issue, absl::Time now);
  // Stores EXPIRED for a PENDING invitation past its expiry; cancels its queued emails.
  static absl::Status MarkExpired(Tx& tx, const std::string& client_company_id,
                                  const std::string& invitation_id, absl::Time now);
  // Up to `limit` PENDING invitations past their expiry at `now` become EXPIRED: their entries
  // go back to NOT_INVITED, their queued emails are cancelled (a QUEUED delivery becomes
  // FAILED). Rows other transactions hold are left for a later sweep. Returns how many.
  static absl::StatusOr<int64_t> ExpireDue(Tx& tx, absl::Time now, int limit);
  // REVOKED; queued emails are cancelled and a still QUEUED delivery becomes FAILED.
  static absl::StatusOr<InvitationRow> Revoke(Tx& tx, const std::string& client_company_id,
                                              const std::string& invitation_id, absl::Time now);
  static absl::StatusOr<InvitationRow> Accept(Tx& tx, const std::string& client_company_id,
                                              const std::string& invitation_id,
                                              const std::string& company_id, absl::Time now);
  // Newest first, after `after` (none: from the start).
  static absl::StatusOr<std::vector<InvitationRow>> List(
      Tx& tx, const std::string& client_company_id, const InvitationFilter& filter,
      const std::optional<InvitationCursor>& after, int limit, absl::Time now);
  // Reports the outcome of a delivery attempt of outbox row `outbox_id` on its invitation, if
  // it is still the invitation's latest email (not superseded by a resend).
  static absl::Status RecordDelivery(Tx& tx, const std::string& client_company_id,
                                     const std::string& invitation_id, const std::string& outbox_id,
                                     DeliveryStatus status, int attempts, const std::string& error,
                                     absl::Time now);
};

}  // namespace supplynet::storage
