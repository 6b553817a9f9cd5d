// How PostgreSQL plans a statement, for tests that pin a plan's shape.
#pragma once

#include <string>

#include "pqxx/result"
#include "pqxx/row"
#include "storage/database.h"

namespace supplynet::testing {

// The EXPLAIN text of `statement` (e.g. "EXECUTE name(args)") in `tx`, where it was prepared.
inline std::string Explain(storage::Tx& tx, const std::string& statement) {
  std::string text;
  for (const pqxx::row& line : tx.work().exec("EXPLAIN " + statement)) {
    text += line[0].as<std::string>() + "\n";
  }
  return text;
}

}  // namespace supplynet::testing
