// The cross-tenant matrix, generated from the contract: every RPC of the four services (read
// from the generated descriptors, so that a new RPC without an entry below fails the test) is
// called with no token, with an expired token, as a member where an administrator is needed,
// and as the administrator of company B with the IDs of company A's supplier, invitation,
// user, service account, document and watch cursor. Each call must be refused with the
// right code (or, for a read of the caller's own company, answer without any of A's IDs), and
// afterwards every table holds exactly what it held before. Calls go through a generic stub,
// as bytes, so that streaming RPCs are walked like unary ones.
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/descriptor.h"
#include "tests/server/contract_fixture.h"

namespace supplynet::testing::contract {
namespace {

using TenantMatrixTest = ContractTest;

TEST_F(TenantMatrixTest, EveryRpcRefusesStrangersAndChangesNothing) {
  std::map<std::string, const Entry*> entries;
  for (const Entry& entry : kEntries) entries[absl::StrCat("supplynet.v1.", entry.method)] = &entry;
  const std::map<std::string, std::string> before = Snapshot();
  int rpcs = 0;
  for (const char* service_name :
       {"AccountService", "SupplierNetworkService", "InvitationService", "DocumentStatusService"}) {
    const pb::ServiceDescriptor* service = pb::DescriptorPool::generated_pool()->FindServiceByName(
        absl::StrCat("supplynet.v1.", service_name));
    ASSERT_NE(service, nullptr) << service_name;
    for (int m = 0; m < service->method_count(); ++m) {
      const pb::MethodDescriptor& method = *service->method(m);
      const std::string name = absl::StrCat(service->full_name(), "/", method.name());
      ++rpcs;
      auto found = entries.find(name);
      if (found == entries.end()) {
        ADD_FAILURE() << name << " has no entry in the cross-tenant matrix";
        continue;
      }
      const Entry& entry = *found->second;
      if (entry.scope == Scope::kPublic) continue;
      const std::string request = RequestBytes(entry, method);
      Expect(entry, "no token", "", request, grpc::StatusCode::UNAUTHENTICATED);
      Expect(entry, "an expired token", expired_token_, request, grpc::StatusCode::UNAUTHENTICATED);
      if (entry.admin) Expect(entry, "a member", member_token_, request, kDenied);
      if (entry.scope == Scope::kForeignIds) {
        Expect(entry, "company B", other_.admin_token, request, entry.other_company);
      } else if (entry.scope == Scope::kOwnRead) {
        Expect(entry, "company B", other_.admin_token, request, kOk);
      }
    }
  }
  EXPECT_EQ(entries.size(), static_cast<size_t>(rpcs)) << "entries for RPCs that do not exist";
  const std::map<std::string, std::string> after = Snapshot();
  for (const auto& [table, digest] : before) {
    EXPECT_EQ(after.at(table), digest) << "the matrix changed table " << table;
  }
  std::cout << "cross-tenant matrix: " << rpcs << " RPCs, " << calls_ << " calls, " << before.size()
            << " tables unchanged\n";
}

}  // namespace
}  // namespace supplynet::testing::contract
