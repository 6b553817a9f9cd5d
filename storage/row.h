// Small helpers to read typed values out of libpqxx rows.
#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "pqxx/field"
#include "pqxx/result"
#include "pqxx/row"

namespace supplynet::storage {

// Each row[name] is a search of the result's column names (PQfnumber): one per value.
inline std::string Text(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  return field.is_null() ? std::string() : std::string(field.c_str(), field.size());
}

// Reads a column written as sn_micros(timestamp).
inline absl::Time Time(const pqxx::row& row, const char* column) {
  return absl::FromUnixMicros(row[column].as<int64_t>());
}

inline std::optional<absl::Time> OptionalTime(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  if (field.is_null()) return std::nullopt;
  return absl::FromUnixMicros(field.as<int64_t>());
}

// A date read as its days since 1970-01-01 (`d - DATE '1970-01-01'`), as "YYYY-MM-DD": to_char(d,
// 'YYYY-MM-DD') was about an eighth of PostgreSQL's time per row of a large report, and an
// integer does not depend on the session's DateStyle. Stored dates have four-digit years
// (CheckDate).
inline std::string DateFromEpochDays(int64_t days) {
  return absl::FormatCivilTime(absl::CivilDay(1970, 1, 1) + days);
}

inline int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

inline std::optional<int64_t> OptionalMicros(const std::optional<absl::Time>& t) {
  if (!t.has_value()) return std::nullopt;
  return absl::ToUnixMicros(*t);
}

}  // namespace supplynet::storage
