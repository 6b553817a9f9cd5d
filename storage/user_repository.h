// Users of a company. Every query is scoped by company_id, except the login lookup by the
// platform-wide unique username.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/account.h"
#include "storage/database.h"

namespace supplynet::storage {

struct UserWithPasswordHash {
  User user;
  std::string password_hash;
};

struct UserChange {
  std::optional<Role> role;
  std::optional<std::string> email;
  std::optional<int64_t> expected_version;  // ABORTED when the stored version differs.
  absl::Time update_time;
};

class UserRepository {
 public:
  // ALREADY_EXISTS when the username is taken.
  static absl::StatusOr<User> Insert(Tx& tx, const User& user, const std::string& password_hash);
  static absl::StatusOr<UserWithPasswordHash> FindByUsername(Tx& tx, const std::string& username);
  static absl::StatusOr<User> FindById(Tx& tx, const std::string& company_id,
                                       const std::string& user_id);
  // Users ordered by username, after `after_username` (exclusive; empty = from the start).
  static absl::StatusOr<std::vector<User>> List(Tx& tx, const std::string& company_id,
                                                const std::string& after_username, int limit);
  static absl::StatusOr<User> Update(Tx& tx, const std::string& company_id,
                                     const std::string& user_id, const UserChange& change);
  static absl::Status Delete(Tx& tx, const std::string& company_id, const std::string& user_id);
  // Locks the company's administrators and counts them, so that two concurrent demotions
  // cannot remove the last one.
  static absl::StatusOr<int> LockAndCountAdmins(Tx& tx, const std::string& company_id);
};

}  // namespace supplynet::storage
