// Small helpers to read typed values out of libpqxx rows.
#pragma once

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "pqxx/result"
#include "pqxx/row"

namespace supplynet::storage {

inline std::string Text(const pqxx::row& row, const char* column) {
  return row[column].is_null() ? std::string() : row[column].as<std::string>();
}

// Reads a column written as sn_micros(timestamp).
inline absl::Time Time(const pqxx::row& row, const char* column) {
  return absl::FromUnixMicros(row[column].as<int64_t>());
}

inline std::optional<absl::Time> OptionalTime(const pqxx::row& row, const char* column) {
  if (row[column].is_null()) return std::nullopt;
  return Time(row, column);
}

inline int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

inline std::optional<int64_t> OptionalMicros(const std::optional<absl::Time>& t) {
  if (!t.has_value()) return std::nullopt;
  return absl::ToUnixMicros(*t);
}

}  // namespace supplynet::storage
