// How invitation codes and their emails are issued, shared by the invitation use cases.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "domain/account.h"

namespace supplynet {

struct InvitationSettings {
  absl::Duration code_ttl = absl::Hours(24 * 30);        // How long a (re)sent code works.
  std::string mail_from = "no-reply@supplynet.invalid";  // The From address (addr-spec).
};

// Who issues codes in one transaction: the client's company, the settings and the time.
struct Issuer {
  const Company& client;
  const InvitationSettings& settings;
  absl::Time now;
};

}  // namespace supplynet
