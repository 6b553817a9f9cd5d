// ActivateWithCode: the supplier's company joins the network of the client that invited it,
// with the code of its invitation. Every wrong value gives the same answer and counts towards
// a lockout of the (company, client) pair, so that codes cannot be guessed. Callers pass the
// authenticated principal; admin rights are checked by the caller.
#pragma once

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/account.h"
#include "domain/clock.h"
#include "domain/invitation.h"
#include "domain/tax_id.h"
#include "storage/database.h"

namespace supplynet {

// What a supplier's administrator types to activate.
struct ActivationInput {
  TaxIdInput supplier_tax_id;  // The caller's own company.
  TaxIdInput client_tax_id;    // The inviting client.
  std::string code;
};

struct Activation {
  Company client;
  absl::Time activate_time;
};

class InvitationActivation {
 public:
  InvitationActivation(storage::Database& db, const Clock& clock, LockoutPolicy lockout);

  // Links the caller's company to the client's network. Wrong values are INVALID_ARGUMENT
  // "invalid or expired code" on `code` and count towards the lockout (RESOURCE_EXHAUSTED).
  // A repeated activation returns the first one's result.
  absl::StatusOr<Activation> ActivateWithCode(const Principal& caller,
                                              const ActivationInput& input);

 private:
  storage::Database& db_;
  const Clock& clock_;
  const LockoutPolicy lockout_;
};

}  // namespace supplynet
