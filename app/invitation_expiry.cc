#include "app/invitation_expiry.h"

#include "domain/status_macros.h"
#include "storage/invitation_repository.h"

namespace supplynet {

InvitationExpiry::InvitationExpiry(storage::Database& db, const Clock& clock,
                                   absl::Duration interval, int batch)
    : db_(db),
      clock_(clock),
      batch_(batch > 0 ? batch : 1),
      worker_("invitation_expiry", interval, [this] { return ExpireDue(); }) {}

InvitationExpiry::~InvitationExpiry() { Stop(); }

void InvitationExpiry::Start() { worker_.Start(); }

void InvitationExpiry::Stop() { worker_.Stop(); }

absl::StatusOr<bool> InvitationExpiry::ExpireDue() {
  return db_.Write([&](storage::Tx& tx) -> absl::StatusOr<bool> {
    ASSIGN_OR_RETURN(int64_t expired,
                     storage::InvitationRepository::ExpireDue(tx, clock_.Now(), batch_));
    return expired >= batch_;
  });
}

}  // namespace supplynet
