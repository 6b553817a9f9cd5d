#include "storage/database_error.h"

#include <iostream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "pqxx/except"

namespace supplynet::storage {

bool IsConnectionLost(const std::exception& error) {
  if (dynamic_cast<const pqxx::broken_connection*>(&error) != nullptr) return true;
  if (dynamic_cast<const pqxx::in_doubt_error*>(&error) != nullptr) return true;
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
    // Class 08: connection exception; 57P0x: the server is shutting down.
    return absl::StartsWith(sql->sqlstate(), "08") || absl::StartsWith(sql->sqlstate(), "57P");
  }
  return false;
}

absl::Status StatusFromDatabaseError(const std::exception& error) {
  if (IsConnectionLost(error)) return absl::UnavailableError("the database is unreachable");
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
    const std::string state = sql->sqlstate();
    if (state == "40001" || state == "40P01") {
      return absl::AbortedError("a concurrent change conflicted; retry");
    }
    if (state == "23505") return absl::AlreadyExistsError("the resource already exists");
    if (state == "57014") return absl::DeadlineExceededError("the query was cancelled");
    // Unexpected: log the state and the server's text (not the parameters) for operators.
    std::cerr << "database error sqlstate=" << state << ": " << sql->what() << std::endl;
    return absl::InternalError(absl::StrCat("database error ", state));
  }
  std::cerr << "database error: " << error.what() << std::endl;
  return absl::InternalError("database error");
}

}  // namespace supplynet::storage
