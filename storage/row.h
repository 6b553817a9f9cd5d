// Small helpers to read typed values out of libpqxx rows.
#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "domain/time_text.h"
#include "pqxx/field"
#include "pqxx/result"
#include "pqxx/row"

namespace supplynet::storage {

inline std::string Text(const pqxx::field& field) {
  return field.is_null() ? std::string() : std::string(field.c_str(), field.size());
}

// Each row[name] is a search of the result's column names (PQfnumber): one per value. Rows read
// by the many (lists, batched reads) look their columns up once per result instead.
inline std::string Text(const pqxx::row& row, const char* column) { return Text(row[column]); }

// Reads a column written as sn_micros(timestamp).
inline absl::Time Time(const pqxx::field& field) {
  return absl::FromUnixMicros(field.as<int64_t>());
}
inline absl::Time Time(const pqxx::row& row, const char* column) { return Time(row[column]); }

inline std::optional<absl::Time> OptionalTime(const pqxx::row& row, const char* column) {
  const pqxx::field field = row[column];
  if (field.is_null()) return std::nullopt;
  return absl::FromUnixMicros(field.as<int64_t>());
}

// A date read as its days since 1970-01-01 (`d - DATE '1970-01-01'`), as "YYYY-MM-DD": to_char(d,
// 'YYYY-MM-DD') was about an eighth of PostgreSQL's time per row of a large report, and an
// integer does not depend on the session's DateStyle. Stored dates have four-digit years
// (CheckDate).
inline void AppendDateFromEpochDays(int64_t days, std::string* out) {
  AppendIsoDate(absl::CivilDay(1970, 1, 1) + days, out);
}
inline std::string DateFromEpochDays(int64_t days) {
  std::string text;
  AppendDateFromEpochDays(days, &text);
  return text;
}

inline int64_t Micros(absl::Time t) { return absl::ToUnixMicros(t); }

inline std::optional<int64_t> OptionalMicros(const std::optional<absl::Time>& t) {
  if (!t.has_value()) return std::nullopt;
  return absl::ToUnixMicros(*t);
}

}  // namespace supplynet::storage
