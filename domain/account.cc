#include "domain/account.h"

#include "absl/strings/str_cat.h"

namespace supplynet {

std::string_view RoleName(Role role) { return role == Role::kAdmin ? "ADMIN" : "MEMBER"; }

std::optional<Role> RoleFromName(std::string_view name) {
  if (name == "ADMIN") return Role::kAdmin;
  if (name == "MEMBER") return Role::kMember;
  return std::nullopt;
}

std::string Principal::Label() const {
  return is_user() ? absl::StrCat("user:", user_id) : absl::StrCat("sa:", service_account_id);
}

}  // namespace supplynet
