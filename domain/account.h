// The account domain: companies, users, service accounts and who is calling.
#pragma once

#include <optional>
#include <string>

#include "absl/time/time.h"
#include "domain/tax_id.h"

namespace supplynet {

enum class Role { kMember, kAdmin };

std::string_view RoleName(Role role);  // "ADMIN" / "MEMBER", as stored.
std::optional<Role> RoleFromName(std::string_view name);

struct Company {
  std::string company_id;
  TaxId tax_id;
  std::string legal_name;
  absl::Time create_time;
};

struct User {
  std::string user_id;
  std::string company_id;
  std::string username;
  std::string email;
  Role role = Role::kMember;
  int64_t version = 0;  // Bumped by every change; the etag is derived from it.
  absl::Time create_time;
  absl::Time update_time;
};

struct ServiceAccount {
  std::string service_account_id;
  std::string company_id;
  std::string display_name;
  Role role = Role::kMember;
  absl::Time create_time;
  std::optional<absl::Time> expire_time;
};

// Who is calling, resolved once per call from its bearer token.
struct Principal {
  std::string company_id;
  std::string user_id;             // Set for a user session.
  std::string service_account_id;  // Set for a service-account key.
  std::string session_token_hash;  // Set for a user session (Logout revokes it).
  Role role = Role::kMember;
  // When the token stops working: the session's or the key's expiry (none: infinite future).
  absl::Time credential_expire_time = absl::InfiniteFuture();

  bool is_admin() const { return role == Role::kAdmin; }
  bool is_user() const { return !user_id.empty(); }
  // A short label for logs: "user:<id>" or "sa:<id>".
  std::string Label() const;
};

}  // namespace supplynet
