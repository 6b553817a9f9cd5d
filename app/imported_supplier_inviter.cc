#include "app/imported_supplier_inviter.h"

#include <utility>

#include "app/invitation_mailer.h"
#include "domain/activation_code.h"
#include "domain/status_macros.h"
#include "storage/company_repository.h"
#include "storage/imported_invitation_repository.h"

namespace supplynet {

using storage::ImportedInvitationRepository;

ImportedSupplierInviter::ImportedSupplierInviter(InvitationSettings settings,
                                                 std::function<void()> on_queued)
    : settings_(std::move(settings)), on_queued_(std::move(on_queued)) {}

absl::Status ImportedSupplierInviter::InviteImported(storage::Tx& tx, const Principal& caller,
                                                     const std::vector<std::string>& supplier_ids,
                                                     absl::Time now) {
  ASSIGN_OR_RETURN(Company client, storage::CompanyRepository::FindById(tx, caller.company_id));
  ASSIGN_OR_RETURN(
      std::vector<storage::InvitableSupplier> invitable,
      ImportedInvitationRepository::LockInvitable(tx, client.company_id, supplier_ids));
  ASSIGN_OR_RETURN(std::vector<std::string> outbox_ids,
                   ImportedInvitationRepository::NewOutboxIds(tx, invitable.size()));
  const Issuer issuer{client, settings_, now};
  const absl::Time expire_time = now + settings_.code_ttl;
  std::vector<storage::ImportedInvitation> invitations;
  invitations.reserve(invitable.size());
  for (size_t i = 0; i < invitable.size(); ++i) {
    const storage::InvitableSupplier& supplier = invitable[i];
    const ActivationCode code = ActivationCode::Generate();
    invitations.push_back({supplier.supplier_id, supplier.email, code.Hash(), outbox_ids[i],
                           RenderInvitationMessage(issuer, outbox_ids[i], {supplier.email},
                                                   supplier.name, code, expire_time)});
  }
  RETURN_IF_ERROR(ImportedInvitationRepository::InsertAll(tx, client.company_id, invitations,
                                                          expire_time, now));
  // The sender looks again at its next poll, after the import has committed.
  if (on_queued_) on_queued_();
  return absl::OkStatus();
}

}  // namespace supplynet
