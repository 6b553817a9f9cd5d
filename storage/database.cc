#include "storage/database.h"

namespace supplynet::storage {

void Tx::Prepare(const Statement& statement) {
  if (conn_.prepared.insert(statement.name).second) {
    conn_.connection->prepare(statement.name, statement.sql);
  }
}

absl::Status Database::Ping() {
  return Read([](Tx& tx) -> absl::Status {
    tx.work().exec("SELECT 1");
    return absl::OkStatus();
  });
}

}  // namespace supplynet::storage
