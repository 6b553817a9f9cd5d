#include "storage/credential_repository.h"

#include <utility>

#include "domain/status_macros.h"
#include "storage/role_row.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

const Statement kInsertSession{
    "session_insert",
    "INSERT INTO sessions (token_hash, company_id, user_id, create_time, expire_time) "
    "VALUES ($1, $2::uuid, $3::uuid, sn_from_micros($4), sn_from_micros($5))"};

const Statement kFindSession{
    "session_find",
    "SELECT s.company_id::text, s.user_id::text, u.role, sn_micros(s.expire_time) AS expire_time "
    "FROM sessions s "
    "JOIN users u USING (company_id, user_id) "
    "WHERE s.token_hash = $1 AND s.revoke_time IS NULL AND s.expire_time > sn_from_micros($2)"};

const Statement kRevokeSession{"session_revoke",
                               "UPDATE sessions SET revoke_time = sn_from_micros($2) "
                               "WHERE token_hash = $1 AND revoke_time IS NULL"};

const Statement kRevokeUserSessions{
    "session_revoke_user",
    "UPDATE sessions SET revoke_time = sn_from_micros($3) "
    "WHERE company_id = $1::uuid AND user_id = $2::uuid AND revoke_time IS NULL"};

// Oldest first through sessions_expire_idx; sessions a logout holds are skipped.
const Statement kDeleteExpiredSessions{
    "session_delete_expired",
    "DELETE FROM sessions WHERE ctid = ANY(ARRAY(SELECT ctid FROM sessions "
    "WHERE expire_time <= sn_from_micros($1) ORDER BY expire_time LIMIT $2::int "
    "FOR UPDATE SKIP LOCKED))"};

#define SERVICE_ACCOUNT_COLUMNS                                      \
  "service_account_id::text, company_id::text, display_name, role, " \
  "sn_micros(create_time) AS create_time, sn_micros(expire_time) AS expire_time"

const Statement kInsertServiceAccount{
    "service_account_insert",
    "INSERT INTO service_accounts (company_id, display_name, role, key_hash, create_time, "
    "expire_time) VALUES ($1::uuid, $2, $3, $4, sn_from_micros($5), sn_from_micros($6)) "
    "RETURNING " SERVICE_ACCOUNT_COLUMNS};

const Statement kFindServiceAccountKey{
    "service_account_find_key",
    "SELECT company_id::text, service_account_id::text, role, "
    "sn_micros(expire_time) AS expire_time FROM service_accounts "
    "WHERE key_hash = $1 AND revoke_time IS NULL "
    "AND (expire_time IS NULL OR expire_time > sn_from_micros($2))"};

const Statement kFindServiceAccount{
    "service_account_find",
    "SELECT " SERVICE_ACCOUNT_COLUMNS
    " FROM service_accounts WHERE company_id = $1::uuid AND service_account_id = $2::uuid "
    "AND revoke_time IS NULL"};

const Statement kListServiceAccounts{
    "service_account_list",
    "SELECT " SERVICE_ACCOUNT_COLUMNS
    " FROM service_accounts WHERE company_id = $1::uuid AND revoke_time IS NULL "
    "AND ($2::bigint IS NULL OR (create_time, service_account_id) > "
    "(sn_from_micros($2), $3::uuid)) ORDER BY create_time, service_account_id LIMIT $4"};

const Statement kRevokeServiceAccount{
    "service_account_revoke",
    "UPDATE service_accounts SET revoke_time = sn_from_micros($3) "
    "WHERE company_id = $1::uuid AND service_account_id = $2::uuid AND revoke_time IS NULL"};

// The principal of the live credential that `statement` finds by its hash: its company, its
// role, when it expires (a NULL expiry never does), and who it is (column `id_column`, stored
// into `id`). NOT_FOUND when none is live.
absl::StatusOr<Principal> FindPrincipal(Tx& tx, const Statement& statement, const std::string& hash,
                                        absl::Time now, const char* id_column,
                                        std::string Principal::*id) {
  pqxx::result rows = tx.Exec(statement, hash, Micros(now));
  if (rows.empty()) return absl::NotFoundError("credential not found");
  Principal p;
  p.company_id = Text(rows[0], "company_id");
  p.*id = Text(rows[0], id_column);
  p.role = RoleFromRow(rows[0]);
  p.credential_expire_time = OptionalTime(rows[0], "expire_time").value_or(absl::InfiniteFuture());
  return p;
}

ServiceAccount ServiceAccountFromRow(const pqxx::row& row) {
  ServiceAccount a;
  a.service_account_id = Text(row, "service_account_id");
  a.company_id = Text(row, "company_id");
  a.display_name = Text(row, "display_name");
  a.role = RoleFromRow(row);
  a.create_time = Time(row, "create_time");
  a.expire_time = OptionalTime(row, "expire_time");
  return a;
}

}  // namespace

absl::Status CredentialRepository::InsertSession(Tx& tx, const std::string& token_hash,
                                                 const std::string& company_id,
                                                 const std::string& user_id, absl::Time create_time,
                                                 absl::Time expire_time) {
  tx.Exec(kInsertSession, token_hash, company_id, user_id, Micros(create_time),
          Micros(expire_time));
  return absl::OkStatus();
}

absl::StatusOr<Principal> CredentialRepository::FindSession(Tx& tx, const std::string& token_hash,
                                                            absl::Time now) {
  ASSIGN_OR_RETURN(Principal p, FindPrincipal(tx, kFindSession, token_hash, now, "user_id",
                                              &Principal::user_id));
  p.session_token_hash = token_hash;
  return p;
}

absl::Status CredentialRepository::RevokeSession(Tx& tx, const std::string& token_hash,
                                                 absl::Time now) {
  tx.Exec(kRevokeSession, token_hash, Micros(now));
  return absl::OkStatus();
}

absl::Status CredentialRepository::RevokeUserSessions(Tx& tx, const std::string& company_id,
                                                      const std::string& user_id, absl::Time now) {
  tx.Exec(kRevokeUserSessions, company_id, user_id, Micros(now));
  return absl::OkStatus();
}

absl::StatusOr<int64_t> CredentialRepository::DeleteExpiredSessions(Tx& tx, absl::Time now,
                                                                    int limit) {
  return static_cast<int64_t>(tx.Exec(kDeleteExpiredSessions, Micros(now), limit).affected_rows());
}

absl::StatusOr<ServiceAccount> CredentialRepository::InsertServiceAccount(
    Tx& tx, const ServiceAccount& account, const std::string& key_hash) {
  pqxx::result rows = tx.Exec(kInsertServiceAccount, account.company_id, account.display_name,
                              std::string(RoleName(account.role)), key_hash,
                              Micros(account.create_time), OptionalMicros(account.expire_time));
  return ServiceAccountFromRow(rows[0]);
}

absl::StatusOr<Principal> CredentialRepository::FindServiceAccountKey(Tx& tx,
                                                                      const std::string& key_hash,
                                                                      absl::Time now) {
  return FindPrincipal(tx, kFindServiceAccountKey, key_hash, now, "service_account_id",
                       &Principal::service_account_id);
}

absl::StatusOr<ServiceAccount> CredentialRepository::FindServiceAccount(
    Tx& tx, const std::string& company_id, const std::string& service_account_id) {
  pqxx::result rows = tx.Exec(kFindServiceAccount, company_id, service_account_id);
  if (rows.empty()) return absl::NotFoundError("service account not found");
  return ServiceAccountFromRow(rows[0]);
}

absl::StatusOr<std::vector<ServiceAccount>> CredentialRepository::ListServiceAccounts(
    Tx& tx, const std::string& company_id, std::optional<int64_t> after_create_micros,
    const std::string& after_id, int limit) {
  std::optional<std::string> after_uuid;
  if (after_create_micros.has_value()) after_uuid = after_id;
  std::vector<ServiceAccount> accounts;
  for (const pqxx::row& row :
       tx.Exec(kListServiceAccounts, company_id, after_create_micros, after_uuid, limit)) {
    accounts.push_back(ServiceAccountFromRow(row));
  }
  return accounts;
}

absl::Status CredentialRepository::RevokeServiceAccount(Tx& tx, const std::string& company_id,
                                                        const std::string& service_account_id,
                                                        absl::Time now) {
  if (tx.Exec(kRevokeServiceAccount, company_id, service_account_id, Micros(now)).affected_rows() ==
      0) {
    return absl::NotFoundError("service account not found");
  }
  return absl::OkStatus();
}

#undef SERVICE_ACCOUNT_COLUMNS

}  // namespace supplynet::storage
