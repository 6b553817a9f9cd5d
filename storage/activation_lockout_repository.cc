#include "storage/activation_lockout_repository.h"

#include "storage/lockout_row.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

// A row with no failures first, so that the lock below always has a row to hold.
const Statement kEnsure{
    "lockout_ensure",
    "INSERT INTO activation_lockouts (company_id, client_country, client_tax_id, failures, "
    "window_start) VALUES ($1::uuid, $2, $3, 0, sn_from_micros($4)) ON CONFLICT DO NOTHING"};

const Statement kLock{"lockout_lock",
                      "SELECT failures, sn_micros(window_start) AS window_start, "
                      "sn_micros(locked_until) AS locked_until FROM activation_lockouts "
                      "WHERE company_id = $1::uuid AND client_country = $2 AND "
                      "client_tax_id = $3 FOR UPDATE"};

const Statement kSave{"lockout_save",
                      "UPDATE activation_lockouts SET failures = $4, "
                      "window_start = sn_from_micros($5), locked_until = sn_from_micros($6) "
                      "WHERE company_id = $1::uuid AND client_country = $2 AND "
                      "client_tax_id = $3"};

const Statement kClear{"lockout_clear",
                       "DELETE FROM activation_lockouts WHERE company_id = $1::uuid AND "
                       "client_country = $2 AND client_tax_id = $3"};

std::string CountryOf(const TaxId& tax_id) { return std::string(CountryCode(tax_id.country)); }

}  // namespace

absl::StatusOr<LockoutState> ActivationLockoutRepository::Lock(Tx& tx,
                                                               const std::string& company_id,
                                                               const TaxId& client_tax_id,
                                                               absl::Time now) {
  tx.Exec(kEnsure, company_id, CountryOf(client_tax_id), client_tax_id.value, Micros(now));
  pqxx::result rows = tx.Exec(kLock, company_id, CountryOf(client_tax_id), client_tax_id.value);
  if (rows.empty()) return absl::InternalError("the activation lockout row vanished");
  return LockoutStateFromRow(rows[0]);
}

absl::Status ActivationLockoutRepository::Save(Tx& tx, const std::string& company_id,
                                               const TaxId& client_tax_id,
                                               const LockoutState& state) {
  tx.Exec(kSave, company_id, CountryOf(client_tax_id), client_tax_id.value, state.failures,
          Micros(state.window_start), OptionalMicros(state.locked_until));
  return absl::OkStatus();
}

absl::Status ActivationLockoutRepository::Clear(Tx& tx, const std::string& company_id,
                                                const TaxId& client_tax_id) {
  tx.Exec(kClear, company_id, CountryOf(client_tax_id), client_tax_id.value);
  return absl::OkStatus();
}

}  // namespace supplynet::storage
