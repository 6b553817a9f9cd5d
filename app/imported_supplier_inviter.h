// Invitations of the entries an import marked, each to its primary email: set-based (a few
// statements per batch, storage/imported_invitation_repository.h) where InviteSupplier goes
// entry by entry. An entry that is no longer invitable (registered, or invited meanwhile)
// keeps its mark and is skipped.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "app/import_inviter.h"
#include "app/invitation_settings.h"

namespace supplynet {

class ImportedSupplierInviter final : public ImportInviter {
 public:
  // `on_queued` is called after queueing emails (wakes the sender; may be empty).
  ImportedSupplierInviter(InvitationSettings settings, std::function<void()> on_queued);

  absl::Status InviteImported(storage::Tx& tx, const Principal& caller,
                              const std::vector<std::string>& supplier_ids,
                              absl::Time now) override;

 private:
  const InvitationSettings settings_;
  const std::function<void()> on_queued_;
};

}  // namespace supplynet
