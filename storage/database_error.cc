#include "storage/database_error.h"

#include <iostream>
#include <string>
#include <string_view>

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

bool IsReadOnlyServer(const std::exception& error) {
  const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error);
  return sql != nullptr && sql->sqlstate() == "25006";
}

bool ShouldReconnect(const std::exception& error) {
  return IsConnectionLost(error) || IsReadOnlyServer(error);
}

std::string_view PrimaryMessage(std::string_view server_text) {
  return server_text.substr(0, server_text.find('\n'));
}

absl::Status StatusFromDatabaseError(const std::exception& error) {
  if (IsConnectionLost(error)) return absl::UnavailableError("the database is unreachable");
  // Clients retry UNAVAILABLE: by then the pool has reconnected, to the new primary once the
  // failover is done.
  if (IsReadOnlyServer(error)) {
    return absl::UnavailableError("the database is read-only (a standby, or a failover)");
  }
  if (const auto* sql = dynamic_cast<const pqxx::sql_error*>(&error)) {
    const std::string state = sql->sqlstate();
    if (state == "40001" || state == "40P01") {
      return absl::AbortedError("a concurrent change conflicted; retry");
    }
    if (state == "23505") return absl::AlreadyExistsError("the resource already exists");
    if (state == "57014") return absl::DeadlineExceededError("the query was cancelled");
    // Unexpected: log the state and the server's primary message for operators. Not its
    // DETAIL lines: "Failing row contains (...)" would put row values (an email holding an
    // activation code, a hash) in the log.
    std::cerr << "database error sqlstate=" << state << ": " << PrimaryMessage(sql->what())
              << std::endl;
    return absl::InternalError(absl::StrCat("database error ", state));
  }
  std::cerr << "database error: " << PrimaryMessage(error.what()) << std::endl;
  return absl::InternalError("database error");
}

}  // namespace supplynet::storage
