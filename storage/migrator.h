// Applies the numbered SQL migrations of storage/migrations/ (compiled into the binary) in
// order, each in its own transaction, under a PostgreSQL advisory lock so that servers
// starting together do not race.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "storage/connection_pool.h"

namespace supplynet::storage {

struct Migration {
  int version;
  std::string name;
  std::string sql;
};

// The migrations compiled into this binary, by ascending version.
const std::vector<Migration>& EmbeddedMigrations();

// Applies every migration not yet recorded in schema_migrations.
absl::Status ApplyMigrations(ConnectionPool& pool,
                             const std::vector<Migration>& migrations = EmbeddedMigrations());

}  // namespace supplynet::storage
