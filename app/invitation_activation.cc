#include "app/invitation_activation.h"

#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/activation_code.h"
#include "domain/field_violation.h"
#include "domain/status_macros.h"
#include "domain/supplier.h"
#include "storage/activation_lockout_repository.h"
#include "storage/company_repository.h"
#include "storage/invitation_repository.h"
#include "storage/supplier_repository.h"

namespace supplynet {
namespace {

using storage::ActivationLockoutRepository;
using storage::CompanyRepository;
using storage::InvitationRepository;
using storage::InvitationRow;
using storage::SupplierRepository;
using storage::Tx;

// The one answer to every wrong activation value: no hint which part was wrong.
constexpr char kWrongCode[] = "invalid or expired code";

absl::Status WrongCode() { return InvalidField("code", kWrongCode); }

bool IsWrongCode(const absl::Status& status) {
  return FieldViolationsOf(status) == std::vector<FieldViolation>{{"code", kWrongCode}};
}

absl::Status LockedOut(absl::Time until) {
  return absl::ResourceExhaustedError(
      absl::StrCat("too many wrong activation codes; try again after ",
                   absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", until, absl::UTCTimeZone())));
}

// The activation input once every value is well formed.
struct ParsedActivation {
  TaxId own;     // The caller's company, as the supplier typed it.
  TaxId client;  // The inviting client.
  ActivationCode code;
};

absl::StatusOr<ParsedActivation> Parse(const ActivationInput& in) {
  FieldViolations violations;
  absl::StatusOr<TaxId> own = ParseTaxIdInput(in.supplier_tax_id, "supplier_tax_id");
  absl::StatusOr<TaxId> client = ParseTaxIdInput(in.client_tax_id, "client_tax_id");
  absl::StatusOr<ActivationCode> code = ActivationCode::Parse(in.code, "code");
  violations.Merge(own.status());
  violations.Merge(client.status());
  violations.Merge(code.status());
  RETURN_IF_ERROR(violations.ToStatus());
  return ParsedActivation{*std::move(own), *std::move(client), *std::move(code)};
}

// Links `company_id` to the network of the client named in `in`. Every wrong value is
// WrongCode().
absl::StatusOr<Activation> Activate(Tx& tx, const std::string& company_id,
                                    const ParsedActivation& in, absl::Time now) {
  ASSIGN_OR_RETURN(Company caller, CompanyRepository::FindById(tx, company_id));
  if (caller.tax_id.country != in.own.country || caller.tax_id.value != in.own.value) {
    return WrongCode();
  }
  absl::StatusOr<Company> client = CompanyRepository::FindByTaxId(tx, in.client);
  if (absl::IsNotFound(client.status())) return WrongCode();
  RETURN_IF_ERROR(client.status());
  absl::StatusOr<Supplier> entry =
      SupplierRepository::LockByTaxId(tx, client->company_id, caller.tax_id);
  if (absl::IsNotFound(entry.status())) return WrongCode();
  RETURN_IF_ERROR(entry.status());
  const std::string hash = in.code.Hash();
  absl::StatusOr<InvitationRow> invitation =
      InvitationRepository::LockByCodeHash(tx, client->company_id, entry->supplier_id, hash);
  if (absl::IsNotFound(invitation.status())) return WrongCode();
  RETURN_IF_ERROR(invitation.status());
  if (!SameActivationCodeHash(invitation->code_hash, hash)) return WrongCode();
  const Invitation& found = invitation->invitation;
  if (found.status == InvitationStatus::kAccepted) {
    // A repeated activation returns the first result.
    if (invitation->accepted_company_id != company_id || !found.accept_time.has_value()) {
      return WrongCode();
    }
    return Activation{*client, *found.accept_time};
  }
  // Saying that the code was right but is no longer valid would confirm every value to
  // whoever guessed them: an expired or revoked invitation fails like a wrong code.
  if (found.StatusAt(now) != InvitationStatus::kPending) return WrongCode();
  RETURN_IF_ERROR(
      InvitationRepository::Accept(tx, client->company_id, found.invitation_id, company_id, now)
          .status());
  RETURN_IF_ERROR(
      SupplierRepository::Link(tx, client->company_id, entry->supplier_id, company_id, now));
  return Activation{*client, now};
}

}  // namespace

InvitationActivation::InvitationActivation(storage::Database& db, const Clock& clock,
                                           LockoutPolicy lockout)
    : db_(db), clock_(clock), lockout_(lockout) {}

absl::StatusOr<Activation> InvitationActivation::ActivateWithCode(const Principal& caller,
                                                                  const ActivationInput& input) {
  ASSIGN_OR_RETURN(ParsedActivation in, Parse(input));
  const absl::Time now = clock_.Now();
  // A wrong attempt is committed (it counts towards the lockout) although the call fails, so
  // the transaction returns the call's outcome as a value.
  struct Attempt {
    absl::StatusOr<Activation> outcome;
  };
  ASSIGN_OR_RETURN(Attempt attempt, db_.Write([&](Tx& tx) -> absl::StatusOr<Attempt> {
    ASSIGN_OR_RETURN(LockoutState lockout,
                     ActivationLockoutRepository::Lock(tx, caller.company_id, in.client, now));
    if (lockout.LockedAt(now)) return Attempt{LockedOut(*lockout.locked_until)};
    absl::StatusOr<Activation> activated = Activate(tx, caller.company_id, in, now);
    if (activated.ok()) {
      RETURN_IF_ERROR(ActivationLockoutRepository::Clear(tx, caller.company_id, in.client));
      return Attempt{std::move(activated)};
    }
    if (!IsWrongCode(activated.status())) return activated.status();
    RETURN_IF_ERROR(ActivationLockoutRepository::Save(tx, caller.company_id, in.client,
                                                      lockout.AfterFailure(now, lockout_)));
    return Attempt{std::move(activated)};
  }));
  return attempt.outcome;
}

}  // namespace supplynet
