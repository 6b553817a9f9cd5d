#include "tests/client-lib/cli/cli_fixture.h"

namespace supplynet::testing {

int CliTest::next_ = 1;

}  // namespace supplynet::testing
