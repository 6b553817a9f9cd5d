// Bearer credentials: user sessions and service accounts, found by the hash of their token.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/account.h"
#include "storage/database.h"

namespace supplynet::storage {

class CredentialRepository {
 public:
  static absl::Status InsertSession(Tx& tx, const std::string& token_hash,
                                    const std::string& company_id, const std::string& user_id,
                                    absl::Time create_time, absl::Time expire_time);
  // The principal of a live (not expired at `now`, not revoked) session; NOT_FOUND otherwise.
  static absl::StatusOr<Principal> FindSession(Tx& tx, const std::string& token_hash,
                                               absl::Time now);
  static absl::Status RevokeSession(Tx& tx, const std::string& token_hash, absl::Time now);
  // Revokes every session of a user (used when it is removed or demoted).
  static absl::Status RevokeUserSessions(Tx& tx, const std::string& company_id,
                                         const std::string& user_id, absl::Time now);
  // Deletes up to `limit` sessions that expired at or before `now` (their tokens are refused
  // either way); how many.
  static absl::StatusOr<int64_t> DeleteExpiredSessions(Tx& tx, absl::Time now, int limit);

  static absl::StatusOr<ServiceAccount> InsertServiceAccount(Tx& tx, const ServiceAccount& account,
                                                             const std::string& key_hash);
  // The principal of a live service-account key; NOT_FOUND otherwise.
  static absl::StatusOr<Principal> FindServiceAccountKey(Tx& tx, const std::string& key_hash,
                                                         absl::Time now);
  static absl::StatusOr<ServiceAccount> FindServiceAccount(Tx& tx, const std::string& company_id,
                                                           const std::string& service_account_id);
  // Live service accounts created after (create_time, id) of the previous page.
  static absl::StatusOr<std::vector<ServiceAccount>> ListServiceAccounts(
      Tx& tx, const std::string& company_id, std::optional<int64_t> after_create_micros,
      const std::string& after_id, int limit);
  static absl::Status RevokeServiceAccount(Tx& tx, const std::string& company_id,
                                           const std::string& service_account_id, absl::Time now);
};

}  // namespace supplynet::storage
