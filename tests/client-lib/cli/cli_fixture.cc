#include "tests/client-lib/cli/cli_fixture.h"

namespace supplynet::testing {

TestDatabase* CliTest::db_ = nullptr;
TestServer* CliTest::server_ = nullptr;
int CliTest::next_ = 1;

}  // namespace supplynet::testing
