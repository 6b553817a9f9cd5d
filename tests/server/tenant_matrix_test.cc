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
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
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

class TenantPageTokenTest : public ContractTest {
 protected:
  // A second item of every list of A's own (a group, a supplier with its invitation, a received
  // document, a service account; users are two already), so that a page of one has a token.
  void AddSecondOfEverything();
};

void TenantPageTokenTest::AddSecondOfEverything() {
  const std::string& admin = client_.tenant.admin_token;
  auto suppliers = v1::SupplierNetworkService::NewStub(channel_);
  v1::AddSupplierRequest add;
  add.mutable_supplier()->mutable_tax_id()->set_country(v1::COUNTRY_CO);
  add.mutable_supplier()->mutable_tax_id()->set_value("811000888");
  add.mutable_supplier()->set_name("Second SAS");
  add.mutable_supplier()->set_email("second@example.com");
  add.mutable_supplier()->add_groups("norte");
  add.mutable_supplier()->add_groups("sur");
  v1::AddSupplierResponse added;
  ASSERT_TRUE(suppliers->AddSupplier(Ctx(admin).get(), add, &added).ok());
  auto invitations = v1::InvitationService::NewStub(channel_);
  v1::InviteSupplierRequest invite;
  invite.set_supplier_id(added.supplier().supplier_id());
  v1::InviteSupplierResponse invited;
  ASSERT_TRUE(invitations->InviteSupplier(Ctx(admin).get(), invite, &invited).ok());
  auto documents = v1::DocumentStatusService::NewStub(channel_);
  ASSERT_EQ(
      Sync(*documents, ingestion_key_, {Invoice(kSupplierNit, kClientNit, "1003")}).results_size(),
      1);
  auto accounts = v1::AccountService::NewStub(channel_);
  v1::CreateServiceAccountRequest key;
  key.mutable_service_account()->set_display_name("second");
  key.mutable_service_account()->set_role(v1::ROLE_MEMBER);
  v1::CreateServiceAccountResponse created;
  ASSERT_TRUE(accounts->CreateServiceAccount(Ctx(admin).get(), key, &created).ok());
}

// A's page tokens handed to company B: every list of the caller's own company (found through
// the descriptors: any kOwnRead RPC whose request has a page_token) refuses them with
// INVALID_ARGUMENT on page_token, instead of reading them as a position in B's list.
TEST_F(TenantPageTokenTest, AnotherCompanysPageTokenIsRefusedByEveryList) {
  AddSecondOfEverything();
  pb::DynamicMessageFactory factory;
  int lists = 0;
  for (const Entry& entry : kEntries) {
    if (entry.scope != Scope::kOwnRead) continue;
    const std::vector<std::string> names = absl::StrSplit(entry.method, '/');
    const pb::MethodDescriptor* method =
        pb::DescriptorPool::generated_pool()
            ->FindServiceByName(absl::StrCat("supplynet.v1.", names[0]))
            ->FindMethodByName(names[1]);
    ASSERT_NE(method, nullptr) << entry.method;
    const pb::Descriptor& input = *method->input_type();
    if (input.FindFieldByName("page_token") == nullptr) continue;
    ++lists;
    std::unique_ptr<pb::Message> request(factory.GetPrototype(&input)->New());
    ASSERT_TRUE(request->ParseFromString(RequestBytes(entry, *method)));
    request->GetReflection()->SetInt32(request.get(), input.FindFieldByName("page_size"), 1);
    const std::string path = absl::StrCat("/supplynet.v1.", entry.method);
    const Outcome first =
        CallAny(channel_, path, request->SerializeAsString(), client_.tenant.admin_token);
    ASSERT_TRUE(first.status.ok()) << entry.method << ": " << first.status.error_message();
    std::unique_ptr<pb::Message> page(factory.GetPrototype(method->output_type())->New());
    ASSERT_TRUE(page->ParseFromString(first.responses));
    const std::string token = page->GetReflection()->GetString(
        *page, method->output_type()->FindFieldByName("next_page_token"));
    ASSERT_FALSE(token.empty()) << entry.method << ": A's list needs a second item";
    request->GetReflection()->SetString(request.get(), input.FindFieldByName("page_token"), token);
    const std::string next = request->SerializeAsString();
    EXPECT_TRUE(CallAny(channel_, path, next, client_.tenant.admin_token).status.ok())
        << entry.method << ": A's own token refused";
    const Outcome stranger = CallAny(channel_, path, next, other_.admin_token);
    EXPECT_EQ(stranger.status.error_code(), kInvalid) << entry.method;
    EXPECT_TRUE(HasViolation(stranger.status, "page_token")) << entry.method;
  }
  std::cout << "page tokens of company A refused to company B: " << lists << " lists\n";
  EXPECT_GE(lists, 6);
}

}  // namespace
}  // namespace supplynet::testing::contract
