// The `role` column of users and service accounts, read the same way wherever a row holds it.
#pragma once

#include "domain/account.h"
#include "pqxx/row"
#include "storage/row.h"

namespace supplynet::storage {

// An unknown name reads as MEMBER, the least privilege.
inline Role RoleFromRow(const pqxx::row& row) {
  return RoleFromName(Text(row, "role")).value_or(Role::kMember);
}

}  // namespace supplynet::storage
