// What tests of the app and storage layers start from: a connection pool over a fresh test
// database, its schema migrated.
#pragma once

#include <memory>

#include "storage/database.h"
#include "tests/support/test_database.h"

namespace supplynet::testing {

// A pool of `pool_size` connections to `test_db` after every migration; ends the test binary
// with a failure when the migrations fail.
std::unique_ptr<storage::Database> MigratedPool(const TestDatabase& test_db, int pool_size);

}  // namespace supplynet::testing
