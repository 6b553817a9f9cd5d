// The set-based invitation path of ImportSuppliers with Notify = 1: the entries a batch marked
// are read in one statement and their invitations, codes and queued emails written in one
// COPY and one statement, in the import's own transaction. Round trips grow with the number
// of batches, never with the number of invited suppliers.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/database.h"

namespace supplynet::storage {

// An entry that can be invited: not linked to a company, no pending invitation.
struct InvitableSupplier {
  std::string supplier_id;
  std::string name;
  std::string email;  // Its primary email; the import's mandatory column.
};

// One invitation to write: the entry, its address, its code's hash, and its first email
// (outbox_id from NewOutboxIds, the rendered message naming it).
struct ImportedInvitation {
  std::string supplier_id;
  std::string email;
  std::string code_hash;
  std::string outbox_id;
  std::string message;
};

class ImportedInvitationRepository {
 public:
  // Locks the entries of `supplier_ids` that are still invitable; the others are left out.
  static absl::StatusOr<std::vector<InvitableSupplier>> LockInvitable(
      Tx& tx, const std::string& client_company_id, const std::vector<std::string>& supplier_ids);
  // `count` fresh outbox ids (the Message-ID of an email is made from its id).
  static absl::StatusOr<std::vector<std::string>> NewOutboxIds(Tx& tx, size_t count);
  // Writes the PENDING invitations (expiring at `expire_time`), makes their entries INVITED
  // (their import request fulfilled) and queues their emails.
  static absl::Status InsertAll(Tx& tx, const std::string& client_company_id,
                                const std::vector<ImportedInvitation>& invitations,
                                absl::Time expire_time, absl::Time now);
};

}  // namespace supplynet::storage
