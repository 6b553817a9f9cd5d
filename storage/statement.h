// A named SQL statement, declared as a constant beside the repository that runs it and
// prepared once per connection on first use.
#pragma once

namespace supplynet::storage {

struct Statement {
  const char* name;
  const char* sql;
};

}  // namespace supplynet::storage
