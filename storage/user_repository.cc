#include "storage/user_repository.h"

#include "storage/role_row.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

#define USER_COLUMNS                                                  \
  "user_id::text, company_id::text, username, email, role, version, " \
  "sn_micros(create_time) AS create_time, sn_micros(update_time) AS update_time"

const Statement kInsert{
    "user_insert",
    "INSERT INTO users (company_id, username, email, password_hash, role, create_time, "
    "update_time) VALUES ($1::uuid, $2, $3, $4, $5, sn_from_micros($6), sn_from_micros($6)) "
    "ON CONFLICT (username) DO NOTHING RETURNING " USER_COLUMNS};

const Statement kFindByUsername{"user_find_by_username",
                                "SELECT " USER_COLUMNS
                                ", password_hash FROM users WHERE username = $1"};

const Statement kFindById{"user_find_by_id",
                          "SELECT " USER_COLUMNS
                          " FROM users WHERE company_id = $1::uuid AND user_id = $2::uuid"};

const Statement kList{"user_list", "SELECT " USER_COLUMNS
                                   " FROM users WHERE company_id = $1::uuid AND username > $2 "
                                   "ORDER BY username LIMIT $3"};

const Statement kLockForUpdate{
    "user_lock_for_update",
    "SELECT version FROM users WHERE company_id = $1::uuid AND user_id = $2::uuid FOR UPDATE"};

const Statement kUpdate{
    "user_update",
    "UPDATE users SET role = COALESCE($3, role), email = COALESCE($4, email), "
    "version = version + 1, update_time = sn_from_micros($5) "
    "WHERE company_id = $1::uuid AND user_id = $2::uuid RETURNING " USER_COLUMNS};

const Statement kDelete{"user_delete",
                        "DELETE FROM users WHERE company_id = $1::uuid AND user_id = $2::uuid"};

const Statement kLockAdmins{
    "user_lock_admins",
    "SELECT user_id FROM users WHERE company_id = $1::uuid AND role = 'ADMIN' FOR UPDATE"};

#undef USER_COLUMNS

User UserFromRow(const pqxx::row& row) {
  User u;
  u.user_id = Text(row, "user_id");
  u.company_id = Text(row, "company_id");
  u.username = Text(row, "username");
  u.email = Text(row, "email");
  u.role = RoleFromRow(row);
  u.version = row["version"].as<int64_t>();
  u.create_time = Time(row, "create_time");
  u.update_time = Time(row, "update_time");
  return u;
}

absl::Status UserNotFound() { return absl::NotFoundError("user not found"); }

}  // namespace

absl::StatusOr<User> UserRepository::Insert(Tx& tx, const User& user,
                                            const std::string& password_hash) {
  pqxx::result rows = tx.Exec(kInsert, user.company_id, user.username, user.email, password_hash,
                              std::string(RoleName(user.role)), Micros(user.create_time));
  if (rows.empty()) return absl::AlreadyExistsError("the username is taken");
  return UserFromRow(rows[0]);
}

absl::StatusOr<UserWithPasswordHash> UserRepository::FindByUsername(Tx& tx,
                                                                    const std::string& username) {
  pqxx::result rows = tx.Exec(kFindByUsername, username);
  if (rows.empty()) return UserNotFound();
  return UserWithPasswordHash{UserFromRow(rows[0]), Text(rows[0], "password_hash")};
}

absl::StatusOr<User> UserRepository::FindById(Tx& tx, const std::string& company_id,
                                              const std::string& user_id) {
  pqxx::result rows = tx.Exec(kFindById, company_id, user_id);
  if (rows.empty()) return UserNotFound();
  return UserFromRow(rows[0]);
}

absl::StatusOr<std::vector<User>> UserRepository::List(Tx& tx, const std::string& company_id,
                                                       const std::string& after_username,
                                                       int limit) {
  std::vector<User> users;
  for (const pqxx::row& row : tx.Exec(kList, company_id, after_username, limit)) {
    users.push_back(UserFromRow(row));
  }
  return users;
}

absl::StatusOr<User> UserRepository::Update(Tx& tx, const std::string& company_id,
                                            const std::string& user_id, const UserChange& change) {
  pqxx::result locked = tx.Exec(kLockForUpdate, company_id, user_id);
  if (locked.empty()) return UserNotFound();
  if (change.expected_version.has_value() &&
      locked[0][0].as<int64_t>() != *change.expected_version) {
    return absl::AbortedError("the user changed since it was read (stale etag)");
  }
  std::optional<std::string> role;
  if (change.role.has_value()) role = std::string(RoleName(*change.role));
  pqxx::result rows =
      tx.Exec(kUpdate, company_id, user_id, role, change.email, Micros(change.update_time));
  return UserFromRow(rows[0]);
}

absl::Status UserRepository::Delete(Tx& tx, const std::string& company_id,
                                    const std::string& user_id) {
  if (tx.Exec(kDelete, company_id, user_id).affected_rows() == 0) return UserNotFound();
  return absl::OkStatus();
}

absl::StatusOr<int> UserRepository::LockAndCountAdmins(Tx& tx, const std::string& company_id) {
  return static_cast<int>(tx.Exec(kLockAdmins, company_id).size());
}

}  // namespace supplynet::storage
