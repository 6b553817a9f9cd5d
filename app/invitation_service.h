// The InvitationService calls of a client company: invite suppliers into its network, resend,
// revoke, read and list their invitations. Every invitation email is queued in the outbox in
// the transaction that issues its code (app/invitation_mailer.h). Activation by the supplier
// is app/invitation_activation.h, invitations made by an import app/imported_supplier_inviter.h.
// Callers pass the authenticated principal; admin rights are checked by the caller.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/idempotency.h"
#include "app/invitation_settings.h"
#include "domain/account.h"
#include "domain/clock.h"
#include "domain/invitation.h"
#include "domain/paging.h"
#include "storage/database.h"

namespace supplynet {

// The result of inviting one supplier.
struct InviteOutcome {
  Invitation invitation;
  bool reused = false;  // An existing PENDING invitation got a new code and email.
};

// The result for one supplier of a batch: `outcome` is set exactly when `status` is OK.
struct BatchInviteResult {
  std::string supplier_id;
  absl::Status status;
  std::optional<InviteOutcome> outcome;
};

// Stores and restores the results of retried mutations (see app/idempotency.h).
struct InvitationCodecs {
  std::unique_ptr<const ResultCodec<InviteOutcome>> invite;
  std::unique_ptr<const ResultCodec<std::vector<BatchInviteResult>>> invite_batch;
  std::unique_ptr<const ResultCodec<Invitation>> resend;
};

class InvitationService {
 public:
  // `on_queued` is called after a commit that queued emails (wakes the sender; may be empty).
  // ListInvitations reads from `read_db`, which may lag behind `db` (a hot standby; `db` itself
  // without one); everything else, GetInvitation included, reads and writes `db`.
  InvitationService(storage::Database& db, storage::Database& read_db, const Clock& clock,
                    InvitationSettings settings, InvitationCodecs codecs,
                    std::function<void()> on_queued);

  // To `emails` (empty: the supplier's primary email). FAILED_PRECONDITION when the supplier
  // is REGISTERED or has no address to send to. A PENDING invitation is reused.
  absl::StatusOr<InviteOutcome> InviteSupplier(const Principal& caller,
                                               std::string_view supplier_id,
                                               const std::vector<std::string>& emails,
                                               const RequestId& request_id);
  // Each supplier to its primary email; one result per supplier, in order.
  absl::StatusOr<std::vector<BatchInviteResult>> InviteSuppliers(
      const Principal& caller, const std::vector<std::string>& supplier_ids,
      const RequestId& request_id);
  // A new code and email for a PENDING invitation (to `emails`, or its current addresses).
  absl::StatusOr<Invitation> ResendInvitation(const Principal& caller,
                                              std::string_view invitation_id,
                                              const std::vector<std::string>& emails,
                                              const RequestId& request_id);
  absl::StatusOr<Invitation> RevokeInvitation(const Principal& caller,
                                              std::string_view invitation_id);
  absl::StatusOr<Invitation> GetInvitation(const Principal& caller, std::string_view invitation_id);
  absl::StatusOr<Page<Invitation>> ListInvitations(const Principal& caller,
                                                   std::string_view supplier_id,
                                                   std::optional<InvitationStatus> status,
                                                   int page_size, std::string_view page_token);

 private:
  // A retry-safe write of `caller`'s `operation` that queues emails: `send(tx, issuer)` runs
  // once per request id, the caller's company issuing; the sender wakes after a commit.
  template <typename T, typename Send>
  absl::StatusOr<T> SendOnce(const Principal& caller, std::string_view operation,
                             const RequestId& request_id, const ResultCodec<T>& codec, Send send);

  // An id in a request and the field that carries it.
  struct NamedId {
    std::string_view id;
    std::string_view field;
  };
  // Sends to the entity `target` (an invitation or a supplier) and `emails` (empty: its
  // default addresses).
  template <typename T>
  using SendTo = absl::StatusOr<T> (*)(storage::Tx& tx, const Issuer& issuer, const std::string& id,
                                       std::vector<std::string> emails);
  // InviteSupplier and ResendInvitation: checks the request, then SendOnce with `send`.
  template <typename T>
  absl::StatusOr<T> SendToAddresses(const Principal& caller, std::string_view operation,
                                    NamedId target, const std::vector<std::string>& emails,
                                    const RequestId& request_id, const ResultCodec<T>& codec,
                                    SendTo<T> send);

  storage::Database& db_;
  storage::Database& read_db_;
  const Clock& clock_;
  const InvitationSettings settings_;
  const InvitationCodecs codecs_;
  const std::function<void()> on_queued_;
};

}  // namespace supplynet
