// What the supplier import needs of the invitation use cases: invite the entries a batch
// marked (Notify = 1 on a NOT_INVITED entry; storage set their invite_requested_time) inside
// the import's own transaction, so that the invitations commit or roll back with the import.
// app/ owns it so that the import depends on an interface beside it, not on how the server
// wires the invitations.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "domain/account.h"
#include "storage/database.h"

namespace supplynet {

class ImportInviter {
 public:
  virtual ~ImportInviter() = default;
  // An error aborts the import.
  virtual absl::Status InviteImported(storage::Tx& tx, const Principal& caller,
                                      const std::vector<std::string>& supplier_ids,
                                      absl::Time now) = 0;
};

}  // namespace supplynet
