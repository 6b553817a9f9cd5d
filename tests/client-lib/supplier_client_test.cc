// The SupplierNetworkService methods of supplynet::client::Client against the real server.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "supplynet/client/client.h"
#include "tests/support/accounts.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::Property;

class SupplierClientTest : public SharedServerTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    client::ClientOptions options;
    options.target = server_->address();
    client_ = std::make_unique<client::Client>(options);
    const std::string admin = "supplier-client-" + std::to_string(next_);
    ASSERT_TRUE(client_->RegisterCompany(CompanyRequest(NextNit(), admin)).ok());
    ASSERT_TRUE(client_->Login(admin, kPassword).ok());
  }

  static v1::Supplier NewSupplier(const std::string& name, const std::string& group = "") {
    v1::Supplier supplier;
    supplier.mutable_tax_id()->set_country(v1::COUNTRY_CO);
    supplier.mutable_tax_id()->set_value(NextNit());
    supplier.set_name(name);
    supplier.set_email("ventas@example.co");
    if (!group.empty()) supplier.add_groups(group);
    return supplier;
  }

  static std::string NextNit() { return std::to_string(930000000 + next_++); }

  static int next_;
  std::unique_ptr<client::Client> client_;
};

int SupplierClientTest::next_ = 1;

TEST_F(SupplierClientTest, AddGetUpdateAndRemove) {
  auto added = client_->AddSupplier(NewSupplier("Ferretería Gómez"));
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(added->registration_status(), v1::REGISTRATION_STATUS_NOT_INVITED);

  auto got = client_->GetSupplier(added->supplier_id());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->name(), "Ferretería Gómez");

  v1::Supplier change = *got;
  change.set_city("Medellín");
  auto updated = client_->UpdateSupplier(change, {"city"});
  ASSERT_TRUE(updated.ok()) << updated.status();
  EXPECT_EQ(updated->city(), "Medellín");
  // The first version's etag is stale now.
  EXPECT_EQ(client_->UpdateSupplier(change, {"city"}).status().code(), absl::StatusCode::kAborted);

  auto removed = client_->RemoveSupplier(added->supplier_id(), updated->etag());
  ASSERT_TRUE(removed.ok()) << removed.status();
  EXPECT_TRUE(*removed);
  EXPECT_EQ(client_->GetSupplier(added->supplier_id()).status().code(),
            absl::StatusCode::kNotFound);
  // A retried removal: NOT_FOUND, unless missing is allowed.
  EXPECT_EQ(client_->RemoveSupplier(added->supplier_id()).status().code(),
            absl::StatusCode::kNotFound);
  auto again = client_->RemoveSupplier(added->supplier_id(), "", /*allow_missing=*/true);
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_FALSE(*again);
}

TEST_F(SupplierClientTest, BadSupplierReturnsItsFieldViolations) {
  v1::Supplier bad = NewSupplier("Sin correo válido");
  bad.set_email("not-an-email");
  auto added = client_->AddSupplier(bad);
  ASSERT_EQ(added.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(client::FieldViolations(added.status()),
              ElementsAre(Field(&client::FieldViolation::field, "supplier.email")));
}

TEST_F(SupplierClientTest, RetriedAddWithARequestIdAddsOnce) {
  const std::string request_id = "6f1c1d52-3c1e-4c55-9a4e-0b6a3f0e9b11";
  const v1::Supplier supplier = NewSupplier("Reintento S.A.S.");
  auto first = client_->AddSupplier(supplier, request_id);
  auto again = client_->AddSupplier(supplier, request_id);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(first->supplier_id(), again->supplier_id());
}

TEST_F(SupplierClientTest, ForEachSupplierWalksEveryPageWithTheFilters) {
  for (int i = 0; i < 7; ++i) {
    ASSERT_TRUE(client_->AddSupplier(NewSupplier("Lote " + std::to_string(i), "lote")).ok());
  }
  ASSERT_TRUE(client_->AddSupplier(NewSupplier("Otro grupo", "otro")).ok());
  v1::ListSuppliersRequest filter;
  filter.set_group("lote");
  filter.set_page_size(3);
  std::vector<std::string> names;
  ASSERT_TRUE(
      client_->ForEachSupplier(filter, [&](const v1::Supplier& s) { names.push_back(s.name()); })
          .ok());
  EXPECT_THAT(names,
              ElementsAre("Lote 0", "Lote 1", "Lote 2", "Lote 3", "Lote 4", "Lote 5", "Lote 6"));

  auto groups = client_->ListAllGroups();
  ASSERT_TRUE(groups.ok()) << groups.status();
  EXPECT_THAT(*groups, ElementsAre(Property(&v1::SupplierGroup::name, "lote"),
                                   Property(&v1::SupplierGroup::name, "otro")));
}

TEST_F(SupplierClientTest, ImportTemplateNamesTheMandatoryColumns) {
  auto layout = client_->GetImportTemplate();
  ASSERT_TRUE(layout.ok()) << layout.status();
  EXPECT_FALSE(layout->header_line().empty());
  EXPECT_FALSE(layout->groups_separator().empty());
  int required = 0;
  for (const auto& column : layout->columns()) required += column.required() ? 1 : 0;
  EXPECT_GT(required, 0);
}

TEST_F(SupplierClientTest, ImportStreamsTheFileInChunksAndReportsProgress) {
  std::string csv =
      "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*\n";
  for (int i = 0; i < 50; ++i) {
    csv += NextNit() + ",Importado " + std::to_string(i) + ",,,,,,,c@example.co,,0\n";
  }
  std::istringstream in(csv);
  v1::ImportSuppliersOptions options;
  options.set_default_country(v1::COUNTRY_CO);
  std::vector<client::ImportProgress> seen;
  auto report = client_->ImportSuppliers(
      in, options, [&seen](const client::ImportProgress& p) { seen.push_back(p); },
      static_cast<int64_t>(csv.size()), /*chunk_bytes=*/100);
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->created(), 50);
  ASSERT_GE(seen.size(), csv.size() / 100);
  EXPECT_TRUE(seen.back().done);
  EXPECT_EQ(seen.back().bytes_sent, static_cast<int64_t>(csv.size()));
  EXPECT_EQ(seen.back().lines_sent, 51);
  EXPECT_EQ(seen.back().rows_sent, 50);
  EXPECT_EQ(seen.back().total_bytes, static_cast<int64_t>(csv.size()));
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i].bytes_sent, seen[i - 1].bytes_sent);
}

TEST_F(SupplierClientTest, ImportWithoutOptionsIsRejectedWithItsField) {
  std::istringstream in("Tax ID*,Name*\n");
  auto report = client_->ImportSuppliers(in, v1::ImportSuppliersOptions());
  ASSERT_EQ(report.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(client::FieldViolations(report.status()).empty());
}

TEST_F(SupplierClientTest, MembersMayNotAdd) {
  v1::User member;
  member.set_username("supplier-client-member-" + std::to_string(next_));
  member.set_email("member@example.co");
  member.set_role(v1::ROLE_MEMBER);
  ASSERT_TRUE(client_->CreateUser(member, kPassword).ok());
  client::ClientOptions options;
  options.target = server_->address();
  client::Client as_member(options);
  ASSERT_TRUE(as_member.Login(member.username(), kPassword).ok());
  EXPECT_EQ(as_member.AddSupplier(NewSupplier("No permitido")).status().code(),
            absl::StatusCode::kPermissionDenied);
  v1::ListSuppliersRequest all;
  EXPECT_TRUE(as_member.ForEachSupplier(all, [](const v1::Supplier&) {}).ok());
}

}  // namespace
}  // namespace supplynet::testing
