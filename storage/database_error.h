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

// True when the server refused a write because it is read-only (SQLSTATE 25006): a hot
// standby, or a primary demoted by a failover. The connection is open but pointed at the wrong
// server; only a new connection (a multi-host URL with target_session_attrs=read-write, or a
// proxy that follows the primary) can reach the one that takes writes.
bool IsReadOnlyServer(const std::exception& error);

// True when the pool should drop the connection rather than lend it again.
bool ShouldReconnect(const std::exception& error);

}  // namespace supplynet::storage
