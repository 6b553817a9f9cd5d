// The lockout columns (failures, window_start, locked_until as sn_micros) read into a
// LockoutState, and the SQL that the activation and login lockouts share.
#pragma once

#include "domain/lockout.h"
#include "pqxx/row"
#include "storage/row.h"

// The lockout columns of a statement's RETURNING or SELECT list.
#define SN_LOCKOUT_COLUMNS                                                      \
  "failures, sn_micros(window_start) AS window_start, sn_micros(locked_until) " \
  "AS locked_until"

// Deletes up to $3 rows of `table` whose window started at or before $1 (micros) and whose
// lock, if any, ended at or before $2: such a row counts as no failures. Rows a lockout holds
// are skipped.
#define SN_DELETE_STALE_LOCKOUTS(table)                                                     \
  "DELETE FROM " table " WHERE ctid = ANY(ARRAY(SELECT ctid FROM " table                    \
  " WHERE window_start <= sn_from_micros($1) AND (locked_until IS NULL OR locked_until <= " \
  "sn_from_micros($2)) LIMIT $3::int FOR UPDATE SKIP LOCKED))"

namespace supplynet::storage {

inline LockoutState LockoutStateFromRow(const pqxx::row& row) {
  LockoutState state;
  state.failures = row["failures"].as<int>();
  state.window_start = Time(row, "window_start");
  state.locked_until = OptionalTime(row, "locked_until");
  return state;
}

}  // namespace supplynet::storage
