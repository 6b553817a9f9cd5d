#include "tests/support/migrated_pool.h"

#include <cstdlib>
#include <iostream>

#include "storage/migrator.h"

namespace supplynet::testing {

std::unique_ptr<storage::Database> MigratedPool(const TestDatabase& test_db, int pool_size) {
  auto db = std::make_unique<storage::Database>(storage::PoolOptions{test_db.url(), pool_size});
  if (const absl::Status migrated = storage::ApplyMigrations(db->pool()); !migrated.ok()) {
    std::cerr << "FATAL: migrating the test database: " << migrated << "\n" << std::flush;
    std::exit(1);
  }
  return db;
}

}  // namespace supplynet::testing
