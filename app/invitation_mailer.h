// The invitation email as an outbox row: rendered (domain/invitation_email.h) and queued in the
// transaction that issues its code, so that no code is issued without its email and no email
// leaves for a code that rolled back. OutboxSender delivers it.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "app/invitation_settings.h"
#include "domain/activation_code.h"
#include "domain/supplier.h"
#include "storage/database.h"
#include "storage/invitation_repository.h"

namespace supplynet {

// The whole message carrying `code` to `to`, sent as the outbox row `outbox_id`.
std::string RenderInvitationMessage(const Issuer& issuer, const std::string& outbox_id,
                                    std::vector<std::string> to, const std::string& supplier_name,
                                    const ActivationCode& code, absl::Time expire_time);

// Queues the email carrying `code` as the invitation's latest outbox row.
absl::Status QueueInvitationEmail(storage::Tx& tx, const Issuer& issuer,
                                  const storage::InvitationRow& row, const Supplier& supplier,
                                  const ActivationCode& code);

}  // namespace supplynet
