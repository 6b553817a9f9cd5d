// The lockout columns (failures, window_start, locked_until as sn_micros) read into a
// LockoutState: shared by the activation and login lockouts.
#pragma once

#include "domain/lockout.h"
#include "pqxx/row"
#include "storage/row.h"

namespace supplynet::storage {

inline LockoutState LockoutStateFromRow(const pqxx::row& row) {
  LockoutState state;
  state.failures = row["failures"].as<int>();
  state.window_start = Time(row, "window_start");
  state.locked_until = OptionalTime(row, "locked_until");
  return state;
}

}  // namespace supplynet::storage
