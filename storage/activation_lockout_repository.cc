#include "storage/activation_lockout_repository.h"

#include "storage/lockout_row.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

// The pair's row, inserted with no failures when missing, locked either way (one statement:
// see login_throttle_repository.cc).
const Statement kLock{
    "lockout_lock",
    "INSERT INTO activation_lockouts (company_id, client_country, client_tax_id, failures, "
    "window_start) VALUES ($1::uuid, $2, $3, 0, sn_from_micros($4)) "
    "ON CONFLICT (company_id, client_country, client_tax_id) "
    "DO UPDATE SET failures = activation_lockouts.failures RETURNING " SN_LOCKOUT_COLUMNS};

const Statement kSave{"lockout_save",
                      "UPDATE activation_lockouts SET failures = $4, "
                      "window_start = sn_from_micros($5), locked_until = sn_from_micros($6) "
                      "WHERE company_id = $1::uuid AND client_country = $2 AND "
                      "client_tax_id = $3"};

const Statement kClear{"lockout_clear",
                       "DELETE FROM activation_lockouts WHERE company_id = $1::uuid AND "
                       "client_country = $2 AND client_tax_id = $3"};

const Statement kDeleteStale{"lockout_delete_stale",
                             SN_DELETE_STALE_LOCKOUTS("activation_lockouts")};

std::string CountryOf(const TaxId& tax_id) { return std::string(CountryCode(tax_id.country)); }

}  // namespace

absl::StatusOr<LockoutState> ActivationLockoutRepository::Lock(Tx& tx,
                                                               const std::string& company_id,
                                                               const TaxId& client_tax_id,
                                                               absl::Time now) {
  return LockoutStateFromRow(
      tx.Exec(kLock, company_id, CountryOf(client_tax_id), client_tax_id.value, Micros(now)).at(0));
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

absl::StatusOr<int64_t> ActivationLockoutRepository::DeleteStale(Tx& tx, absl::Time window_before,
                                                                 absl::Time now, int limit) {
  return static_cast<int64_t>(
      tx.Exec(kDeleteStale, Micros(window_before), Micros(now), limit).affected_rows());
}

}  // namespace supplynet::storage
