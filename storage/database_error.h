// Maps libpqxx exceptions to absl::Status. The messages never carry query parameters, so no
// secret can leak into a status or a log line.
#pragma once

#include <exception>

#include "absl/status/status.h"

namespace supplynet::storage {

// The status for an exception thrown while talking to PostgreSQL.
absl::Status StatusFromDatabaseError(const std::exception& error);

// True when the exception means the connection is no longer usable.
bool IsConnectionLost(const std::exception& error);

}  // namespace supplynet::storage
