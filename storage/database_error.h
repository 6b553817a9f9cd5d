// Maps libpqxx exceptions to absl::Status. The messages never carry query parameters, so no
// secret can leak into a status or a log line.
#pragma once

#include <exception>
#include <string_view>

#include "absl/status/status.h"

namespace supplynet::storage {

// The status for an exception thrown while talking to PostgreSQL.
absl::Status StatusFromDatabaseError(const std::exception& error);

// The first line of a server's error text: its primary message without DETAIL lines, which
// may quote row values.
std::string_view PrimaryMessage(std::string_view server_text);

// True when the exception means the connection is no longer usable.
bool IsConnectionLost(const std::exception& error);

}  // namespace supplynet::storage
