#include "app/invitation_mailer.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "domain/invitation_email.h"
#include "storage/outbox_repository.h"

namespace supplynet {
namespace {

// The client's tax ID as the supplier types it at activation (a NIT without its DV).
std::string TaxIdForEmail(const TaxId& tax_id) {
  switch (tax_id.type) {
    case TaxIdType::kCoNit:
      return absl::StrCat("NIT ", tax_id.value);
    case TaxIdType::kPeRuc:
      return absl::StrCat("RUC ", tax_id.value);
    default:
      break;
  }
  return absl::StrCat(AsAbsl(CountryCode(tax_id.country)), " ", tax_id.value);
}

}  // namespace

std::string RenderInvitationMessage(const Issuer& issuer, const std::string& outbox_id,
                                    std::vector<std::string> to, const std::string& supplier_name,
                                    const ActivationCode& code, absl::Time expire_time) {
  InvitationEmail email;
  email.from = issuer.settings.mail_from;
  email.to = std::move(to);
  email.message_id = absl::StrCat(outbox_id, "@supplynet");
  email.client_name = issuer.client.legal_name;
  email.client_tax_id = TaxIdForEmail(issuer.client.tax_id);
  email.supplier_name = supplier_name;
  email.code = code.Display();
  email.expire_time = expire_time;
  email.date = issuer.now;
  return RenderInvitationEmail(email);
}

absl::Status QueueInvitationEmail(storage::Tx& tx, const Issuer& issuer,
                                  const storage::InvitationRow& row, const Supplier& supplier,
                                  const ActivationCode& code) {
  storage::OutboxEmail queued;
  queued.outbox_id = row.latest_outbox_id;
  queued.client_company_id = row.invitation.client_company_id;
  queued.invitation_id = row.invitation.invitation_id;
  queued.recipients = row.invitation.emails;
  queued.message = RenderInvitationMessage(issuer, row.latest_outbox_id, row.invitation.emails,
                                           supplier.fields.name, code, row.invitation.expire_time);
  return storage::OutboxRepository::Insert(tx, queued, issuer.now);
}

}  // namespace supplynet
