#include "app/invitation_service.h"

#include <set>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "app/invitation_mailer.h"
#include "domain/absl_compat.h"
#include "domain/activation_code.h"
#include "domain/field_violation.h"
#include "domain/ids.h"
#include "domain/secrets.h"
#include "domain/status_macros.h"
#include "domain/supplier.h"
#include "storage/company_repository.h"
#include "storage/invitation_repository.h"
#include "storage/supplier_repository.h"

namespace supplynet {
namespace {

using storage::CompanyRepository;
using storage::InvitationCursor;
using storage::InvitationIssue;
using storage::InvitationRepository;
using storage::InvitationRow;
using storage::SupplierRepository;
using storage::Tx;

constexpr char kInviteOperation[] = "InvitationService/InviteSupplier";
constexpr char kInviteBatchOperation[] = "InvitationService/InviteSuppliers";
constexpr char kResendOperation[] = "InvitationService/ResendInvitation";
constexpr char kInvitationsList[] = "invitations";
constexpr size_t kMaxBatchSuppliers = 1000;

// The invitation as reported at `now` (a PENDING one past its expiry is EXPIRED).
Invitation Reported(InvitationRow row, absl::Time now) {
  Invitation invitation = std::move(row.invitation);
  invitation.status = invitation.StatusAt(now);
  return invitation;
}

InvitationIssue NewIssue(const Issuer& issuer, std::vector<std::string> emails,
                         const ActivationCode& code) {
  return {std::move(emails), code.Hash(), issuer.now + issuer.settings.code_ttl};
}

// A new code and email for a PENDING invitation.
absl::StatusOr<InvitationRow> Reissue(Tx& tx, const Issuer& issuer, const InvitationRow& pending,
                                      const Supplier& supplier, std::vector<std::string> emails) {
  const ActivationCode code = ActivationCode::Generate();
  ASSIGN_OR_RETURN(
      InvitationRow row,
      InvitationRepository::Reissue(tx, issuer.client.company_id, pending.invitation.invitation_id,
                                    NewIssue(issuer, std::move(emails), code), issuer.now));
  RETURN_IF_ERROR(QueueInvitationEmail(tx, issuer, row, supplier, code));
  return row;
}

// Invites one supplier entry (see InvitationService::InviteSupplier).
absl::StatusOr<InviteOutcome> InviteOne(Tx& tx, const Issuer& issuer,
                                        const std::string& supplier_id,
                                        std::vector<std::string> emails) {
  const std::string& client_id = issuer.client.company_id;
  ASSIGN_OR_RETURN(Supplier supplier, SupplierRepository::LockById(tx, client_id, supplier_id));
  if (!supplier.linked_company_id.empty()) {
    return absl::FailedPreconditionError("the supplier is already registered");
  }
  if (emails.empty()) {
    if (supplier.fields.email.empty()) {
      return absl::FailedPreconditionError(
          "the supplier has no primary email; give the addresses to invite");
    }
    emails = {supplier.fields.email};
  }
  if (!supplier.pending_invitation_id.empty()) {
    ASSIGN_OR_RETURN(InvitationRow pending,
                     InvitationRepository::LockById(tx, client_id, supplier.pending_invitation_id));
    if (pending.invitation.StatusAt(issuer.now) == InvitationStatus::kPending) {
      ASSIGN_OR_RETURN(InvitationRow row,
                       Reissue(tx, issuer, pending, supplier, std::move(emails)));
      return InviteOutcome{Reported(std::move(row), issuer.now), true};
    }
    RETURN_IF_ERROR(InvitationRepository::MarkExpired(
        tx, client_id, pending.invitation.invitation_id, issuer.now));
  }
  const ActivationCode code = ActivationCode::Generate();
  ASSIGN_OR_RETURN(InvitationRow row, InvitationRepository::Insert(
                                          tx, client_id, supplier_id,
                                          NewIssue(issuer, std::move(emails), code), issuer.now));
  RETURN_IF_ERROR(SupplierRepository::SetPendingInvitation(
      tx, client_id, supplier_id, row.invitation.invitation_id, issuer.now));
  RETURN_IF_ERROR(QueueInvitationEmail(tx, issuer, row, supplier, code));
  return InviteOutcome{Reported(std::move(row), issuer.now), false};
}

// Invites each supplier to its primary email (see InvitationService::InviteSuppliers).
absl::StatusOr<std::vector<BatchInviteResult>> InviteEach(
    Tx& tx, const Issuer& issuer, const std::vector<std::string>& supplier_ids) {
  std::vector<BatchInviteResult> results;
  for (const std::string& id : supplier_ids) {
    absl::StatusOr<InviteOutcome> one = InviteOne(tx, issuer, id, {});
    // A supplier's own refusal is its result; anything else fails the whole call.
    if (!one.ok() && !absl::IsNotFound(one.status()) && !absl::IsFailedPrecondition(one.status())) {
      return one.status();
    }
    BatchInviteResult result{id, one.status(), std::nullopt};
    if (one.ok()) result.outcome = *std::move(one);
    results.push_back(std::move(result));
  }
  return results;
}

// Resends the PENDING invitation `invitation_id` to `emails` (empty: its current addresses).
absl::StatusOr<Invitation> Resend(Tx& tx, const Issuer& issuer, const std::string& invitation_id,
                                  std::vector<std::string> emails) {
  const std::string& client_id = issuer.client.company_id;
  ASSIGN_OR_RETURN(InvitationRow pending,
                   InvitationRepository::LockById(tx, client_id, invitation_id));
  if (pending.invitation.StatusAt(issuer.now) != InvitationStatus::kPending) {
    return absl::FailedPreconditionError(
        "only a PENDING invitation can be resent; invite the supplier again instead");
  }
  ASSIGN_OR_RETURN(Supplier supplier,
                   SupplierRepository::FindById(tx, client_id, pending.invitation.supplier_id));
  if (emails.empty()) emails = pending.invitation.emails;
  ASSIGN_OR_RETURN(InvitationRow row, Reissue(tx, issuer, pending, supplier, std::move(emails)));
  return Reported(std::move(row), issuer.now);
}

// The checks of a call that sends to `emails` about the entity `id` (named `field`): returns
// the normalised addresses.
absl::StatusOr<std::vector<std::string>> CheckSendRequest(std::string_view id,
                                                          std::string_view field,
                                                          const std::vector<std::string>& emails,
                                                          const RequestId& request_id) {
  FieldViolations violations;
  violations.Merge(CheckId(id, field));
  absl::StatusOr<std::vector<std::string>> addresses = NormaliseInvitationEmails(emails, "emails");
  violations.Merge(addresses.status());
  violations.Merge(CheckRequestId(request_id.id));
  RETURN_IF_ERROR(violations.ToStatus());
  return addresses;
}

absl::Status CheckBatch(const std::vector<std::string>& ids) {
  FieldViolations violations;
  if (ids.empty()) violations.Add("supplier_ids", "is required");
  if (ids.size() > kMaxBatchSuppliers) {
    violations.Add("supplier_ids", absl::StrCat("has more than ", kMaxBatchSuppliers, " ids"));
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < ids.size(); ++i) {
    const std::string field = absl::StrCat("supplier_ids[", i, "]");
    const absl::Status valid = CheckId(ids[i], field);
    violations.Merge(valid);
    if (valid.ok() && !seen.insert(ids[i]).second) violations.Add(field, "is a duplicate");
  }
  return violations.ToStatus();
}

std::string ListDigest(std::string_view supplier_id, std::optional<InvitationStatus> status) {
  const std::string fingerprint = absl::StrCat(
      AsAbsl(supplier_id), "|", AsAbsl(status.has_value() ? InvitationStatusName(*status) : ""));
  return HashToken(fingerprint).substr(0, 16);
}

absl::StatusOr<std::optional<InvitationCursor>> CursorFromToken(PageScope scope,
                                                                std::string_view token,
                                                                const std::string& digest) {
  ASSIGN_OR_RETURN(std::vector<std::string> key, DecodePageToken(scope, token, 3));
  if (key.empty()) return std::optional<InvitationCursor>();
  int64_t micros = 0;
  if (!absl::SimpleAtoi(key[0], &micros) || !IsUuid(key[1])) {
    return InvalidField("page_token", "is not a page token of this list");
  }
  if (key[2] != digest) {
    return InvalidField("page_token", "was made for other filters than this request's");
  }
  return std::optional<InvitationCursor>(
      InvitationCursor{absl::FromUnixMicros(micros), std::move(key[1])});
}

}  // namespace

InvitationService::InvitationService(storage::Database& db, storage::Database& read_db,
                                     const Clock& clock, InvitationSettings settings,
                                     InvitationCodecs codecs, std::function<void()> on_queued)
    : db_(db),
      read_db_(read_db),
      clock_(clock),
      settings_(std::move(settings)),
      codecs_(std::move(codecs)),
      on_queued_(std::move(on_queued)) {}

template <typename T, typename Send>
absl::StatusOr<T> InvitationService::SendOnce(const Principal& caller, std::string_view operation,
                                              const RequestId& request_id,
                                              const ResultCodec<T>& codec, Send send) {
  const absl::Time now = clock_.Now();
  absl::StatusOr<T> sent = WriteOnce<T>(
      db_, IdempotencyKeyOf(caller.company_id, operation, request_id), now, codec,
      [&](Tx& tx) -> absl::StatusOr<T> {
        ASSIGN_OR_RETURN(Company client, CompanyRepository::FindById(tx, caller.company_id));
        return send(tx, Issuer{client, settings_, now});
      });
  if (sent.ok() && on_queued_) on_queued_();
  return sent;
}

template <typename T>
absl::StatusOr<T> InvitationService::SendToAddresses(const Principal& caller,
                                                     std::string_view operation, NamedId target,
                                                     const std::vector<std::string>& emails,
                                                     const RequestId& request_id,
                                                     const ResultCodec<T>& codec, SendTo<T> send) {
  ASSIGN_OR_RETURN(std::vector<std::string> addresses,
                   CheckSendRequest(target.id, target.field, emails, request_id));
  return SendOnce<T>(caller, operation, request_id, codec, [&](Tx& tx, const Issuer& issuer) {
    return send(tx, issuer, std::string(target.id), std::move(addresses));
  });
}

absl::StatusOr<InviteOutcome> InvitationService::InviteSupplier(
    const Principal& caller, std::string_view supplier_id, const std::vector<std::string>& emails,
    const RequestId& request_id) {
  return SendToAddresses<InviteOutcome>(caller, kInviteOperation, {supplier_id, "supplier_id"},
                                        emails, request_id, *codecs_.invite, &InviteOne);
}

absl::StatusOr<std::vector<BatchInviteResult>> InvitationService::InviteSuppliers(
    const Principal& caller, const std::vector<std::string>& supplier_ids,
    const RequestId& request_id) {
  FieldViolations violations;
  violations.Merge(CheckBatch(supplier_ids));
  violations.Merge(CheckRequestId(request_id.id));
  RETURN_IF_ERROR(violations.ToStatus());
  return SendOnce<std::vector<BatchInviteResult>>(
      caller, kInviteBatchOperation, request_id, *codecs_.invite_batch,
      [&](Tx& tx, const Issuer& issuer) { return InviteEach(tx, issuer, supplier_ids); });
}

absl::StatusOr<Invitation> InvitationService::ResendInvitation(
    const Principal& caller, std::string_view invitation_id, const std::vector<std::string>& emails,
    const RequestId& request_id) {
  return SendToAddresses<Invitation>(caller, kResendOperation, {invitation_id, "invitation_id"},
                                     emails, request_id, *codecs_.resend, &Resend);
}

absl::StatusOr<Invitation> InvitationService::RevokeInvitation(const Principal& caller,
                                                               std::string_view invitation_id) {
  RETURN_IF_ERROR(CheckId(invitation_id, "invitation_id"));
  const absl::Time now = clock_.Now();
  const std::string id(invitation_id);
  return db_.Write([&](Tx& tx) -> absl::StatusOr<Invitation> {
    // The entry before the invitation, the order every writer takes them in (else a revoke
    // and an invite or activation of the same supplier deadlock). A removed entry is gone.
    ASSIGN_OR_RETURN(InvitationRow found,
                     InvitationRepository::FindById(tx, caller.company_id, id));
    const absl::Status entry =
        SupplierRepository::LockById(tx, caller.company_id, found.invitation.supplier_id).status();
    if (!entry.ok() && !absl::IsNotFound(entry)) return entry;
    ASSIGN_OR_RETURN(InvitationRow row, InvitationRepository::LockById(tx, caller.company_id, id));
    const InvitationStatus status = row.invitation.StatusAt(now);
    if (status == InvitationStatus::kRevoked) return Reported(std::move(row), now);
    if (status != InvitationStatus::kPending) {
      return absl::FailedPreconditionError(absl::StrCat("an ", AsAbsl(InvitationStatusName(status)),
                                                        " invitation cannot be revoked"));
    }
    ASSIGN_OR_RETURN(InvitationRow revoked,
                     InvitationRepository::Revoke(tx, caller.company_id, id, now));
    RETURN_IF_ERROR(SupplierRepository::ClearPendingInvitation(
        tx, caller.company_id, revoked.invitation.supplier_id, id, now));
    return Reported(std::move(revoked), now);
  });
}

absl::StatusOr<Invitation> InvitationService::GetInvitation(const Principal& caller,
                                                            std::string_view invitation_id) {
  RETURN_IF_ERROR(CheckId(invitation_id, "invitation_id"));
  const absl::Time now = clock_.Now();
  ASSIGN_OR_RETURN(InvitationRow row, db_.Read([&](Tx& tx) {
    return InvitationRepository::FindById(tx, caller.company_id, std::string(invitation_id));
  }));
  return Reported(std::move(row), now);
}

absl::StatusOr<Page<Invitation>> InvitationService::ListInvitations(
    const Principal& caller, std::string_view supplier_id, std::optional<InvitationStatus> status,
    int page_size, std::string_view page_token) {
  FieldViolations violations;
  absl::StatusOr<int> size = NormalisePageSize(page_size);
  violations.Merge(size.status());
  if (!supplier_id.empty()) violations.Merge(CheckId(supplier_id, "supplier_id"));
  const std::string digest = ListDigest(supplier_id, status);
  const PageScope scope{kInvitationsList, caller.company_id};
  absl::StatusOr<std::optional<InvitationCursor>> after =
      CursorFromToken(scope, page_token, digest);
  violations.Merge(after.status());
  RETURN_IF_ERROR(violations.ToStatus());
  const absl::Time now = clock_.Now();
  const storage::InvitationFilter filter{std::string(supplier_id), status};
  // One extra row tells whether another page follows.
  ASSIGN_OR_RETURN(std::vector<InvitationRow> rows, read_db_.Read([&](Tx& tx) {
    return InvitationRepository::List(tx, caller.company_id, filter, *after, *size + 1, now);
  }));
  Page<Invitation> page;
  if (static_cast<int>(rows.size()) > *size) {
    rows.resize(*size);
    const Invitation& last = rows.back().invitation;
    page.next_page_token = EncodePageToken(
        scope, {absl::StrCat(absl::ToUnixMicros(last.create_time)), last.invitation_id, digest});
  }
  for (InvitationRow& row : rows) page.items.push_back(Reported(std::move(row), now));
  return page;
}

}  // namespace supplynet
