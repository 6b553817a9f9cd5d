#include "storage/migrator.h"

#include "absl/strings/str_cat.h"
#include "pqxx/nontransaction"
#include "pqxx/transaction"
#include "storage/database_error.h"

namespace supplynet::storage {
namespace {

// An arbitrary constant that names "supplynet migrations" among advisory locks.
constexpr int64_t kMigrationLockKey = 0x5350504c594e4554;  // "SPPLYNET"

void EnsureLedger(pqxx::connection& conn) {
  pqxx::nontransaction tx(conn);
  tx.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version integer PRIMARY KEY, name text NOT NULL,"
      " applied_at timestamptz NOT NULL DEFAULT now())");
}

bool IsApplied(pqxx::connection& conn, int version) {
  pqxx::nontransaction tx(conn);
  return !tx.exec_params("SELECT 1 FROM schema_migrations WHERE version = $1", version).empty();
}

void Apply(pqxx::connection& conn, const Migration& migration) {
  pqxx::work tx(conn);
  tx.exec(migration.sql);
  tx.exec_params("INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", migration.version,
                 migration.name);
  tx.commit();
}

}  // namespace

absl::Status ApplyMigrations(ConnectionPool& pool, const std::vector<Migration>& migrations) {
  absl::StatusOr<ConnectionLease> lease = pool.Acquire();
  if (!lease.ok()) return lease.status();
  pqxx::connection& conn = lease->connection();
  try {
    pqxx::nontransaction(conn).exec_params("SELECT pg_advisory_lock($1)", kMigrationLockKey);
    absl::Status status = absl::OkStatus();
    try {
      EnsureLedger(conn);
      for (const Migration& migration : migrations) {
        if (!IsApplied(conn, migration.version)) Apply(conn, migration);
      }
    } catch (const std::exception& e) {
      status = StatusFromDatabaseError(e);
      status = absl::Status(status.code(), absl::StrCat("migration failed: ", e.what()));
    }
    pqxx::nontransaction(conn).exec_params("SELECT pg_advisory_unlock($1)", kMigrationLockKey);
    return status;
  } catch (const std::exception& e) {
    return lease->Failed(e);
  }
}

}  // namespace supplynet::storage
