// The InvitationService methods of supplynet::client::Client against the real server, with
// the invitation emails delivered to a real SMTP server (the code is read from there).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>

#include "supplynet/client/client.h"
#include "tests/support/accounts.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::UnorderedElementsAre;

constexpr char kRequestId[] = "0b7e9a51-2f4c-4d8e-9a1b-3c5d7e9f1a2b";

class InvitationClientTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() { StartServerMailingTo(std::make_unique<SmtpSink>()); }
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    client_nit_ = NextNit();
    client_ = LoggedInClient(client_nit_);
    ASSERT_NE(client_, nullptr);
  }

  // A client logged in as the administrator of a new company whose NIT is `nit`.
  static std::unique_ptr<client::Client> LoggedInClient(const std::string& nit) {
    client::ClientOptions options;
    options.target = server_->address();
    auto client = std::make_unique<client::Client>(options);
    const std::string admin = "invitation-client-" + std::to_string(next_++);
    auto registered = client->RegisterCompany(CompanyRequest(nit, admin));
    EXPECT_TRUE(registered.ok()) << registered.status();
    auto login = client->Login(admin, kPassword);
    EXPECT_TRUE(login.ok()) << login.status();
    return login.ok() ? std::move(client) : nullptr;
  }

  // A supplier of client_'s network with a fresh NIT and its own primary email.
  v1::Supplier AddSupplier() {
    v1::Supplier supplier;
    const std::string nit = NextNit();
    supplier.mutable_tax_id()->set_country(v1::COUNTRY_CO);
    supplier.mutable_tax_id()->set_value(nit);
    supplier.set_name("Proveedor " + nit);
    supplier.set_email("ventas" + nit + "@proveedor.example");
    auto added = client_->AddSupplier(supplier);
    EXPECT_TRUE(added.ok()) << added.status();
    return added.ok() ? *added : v1::Supplier();
  }

  static v1::TaxId Nit(const std::string& value) {
    v1::TaxId tax_id;
    tax_id.set_country(v1::COUNTRY_CO);
    tax_id.set_value(value);
    return tax_id;
  }

  static std::string NextNit() { return std::to_string(950000000 + next_++); }

  static inline int next_ = 1;
  std::string client_nit_;
  std::unique_ptr<client::Client> client_;
};

TEST_F(InvitationClientTest, InviteGetAndRevoke) {
  const v1::Supplier supplier = AddSupplier();
  auto invited = client_->InviteSupplier(supplier.supplier_id(), {"compras@proveedor.example"});
  ASSERT_TRUE(invited.ok()) << invited.status();
  EXPECT_FALSE(invited->reused());
  const v1::Invitation& invitation = invited->invitation();
  EXPECT_EQ(invitation.supplier_id(), supplier.supplier_id());
  EXPECT_THAT(invitation.emails(), ElementsAre("compras@proveedor.example"));
  EXPECT_EQ(invitation.status(), v1::INVITATION_STATUS_PENDING);

  auto got = client_->GetInvitation(invitation.invitation_id());
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->invitation_id(), invitation.invitation_id());

  auto revoked = client_->RevokeInvitation(invitation.invitation_id());
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  EXPECT_EQ(revoked->status(), v1::INVITATION_STATUS_REVOKED);
  // Revoking again answers the same invitation: the reason the channel may retry it.
  auto again = client_->RevokeInvitation(invitation.invitation_id());
  ASSERT_TRUE(again.ok()) << again.status();
  EXPECT_EQ(again->revoke_time().seconds(), revoked->revoke_time().seconds());
}

TEST_F(InvitationClientTest, InvitingAPendingSupplierAgainReusesItsInvitation) {
  const v1::Supplier supplier = AddSupplier();
  auto first = client_->InviteSupplier(supplier.supplier_id());
  auto second = client_->InviteSupplier(supplier.supplier_id());
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_TRUE(second->reused());
  EXPECT_EQ(second->invitation().invitation_id(), first->invitation().invitation_id());
  EXPECT_THAT(second->invitation().emails(), ElementsAre(supplier.email()));
}

TEST_F(InvitationClientTest, InviteSuppliersGivesEachSupplierItsOwnResult) {
  const v1::Supplier mine = AddSupplier();
  const std::unique_ptr<client::Client> other = LoggedInClient(NextNit());
  v1::Supplier theirs;
  theirs.mutable_tax_id()->set_country(v1::COUNTRY_CO);
  theirs.mutable_tax_id()->set_value(NextNit());
  theirs.set_name("Ajeno");
  theirs.set_email("ajeno@proveedor.example");
  auto added = other->AddSupplier(theirs);
  ASSERT_TRUE(added.ok()) << added.status();

  auto results = client_->InviteSuppliers({mine.supplier_id(), added->supplier_id()});
  ASSERT_TRUE(results.ok()) << results.status();
  ASSERT_EQ(results->size(), 2u);
  EXPECT_EQ((*results)[0].supplier_id(), mine.supplier_id());
  EXPECT_TRUE(client::FromRpcStatus((*results)[0].status()).ok());
  EXPECT_EQ((*results)[0].invitation().status(), v1::INVITATION_STATUS_PENDING);
  // Another network's supplier is NOT_FOUND, like an unknown one.
  EXPECT_EQ(client::FromRpcStatus((*results)[1].status()).code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE((*results)[1].has_invitation());
}

TEST_F(InvitationClientTest, BadInputReturnsEveryFieldViolation) {
  auto invited = client_->InviteSupplier("not-a-uuid", {"not-an-email"});
  ASSERT_EQ(invited.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(client::FieldViolations(invited.status()),
              UnorderedElementsAre(Field(&client::FieldViolation::field, "supplier_id"),
                                   Field(&client::FieldViolation::field, "emails[0]")));

  auto batch = client_->InviteSuppliers({});
  ASSERT_EQ(batch.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(client::FieldViolations(batch.status()),
              ElementsAre(Field(&client::FieldViolation::field, "supplier_ids")));
}

TEST_F(InvitationClientTest, AnotherCompanysInvitationIsNotFound) {
  const v1::Supplier supplier = AddSupplier();
  auto invited = client_->InviteSupplier(supplier.supplier_id());
  ASSERT_TRUE(invited.ok()) << invited.status();
  const std::string id = invited->invitation().invitation_id();
  const std::unique_ptr<client::Client> other = LoggedInClient(NextNit());
  EXPECT_EQ(other->GetInvitation(id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(other->ResendInvitation(id).status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(other->RevokeInvitation(id).status().code(), absl::StatusCode::kNotFound);
}

TEST_F(InvitationClientTest, ResendWithARequestIdSendsOnceAndCanChangeTheAddresses) {
  const v1::Supplier supplier = AddSupplier();
  auto invited = client_->InviteSupplier(supplier.supplier_id());
  ASSERT_TRUE(invited.ok()) << invited.status();
  const std::string id = invited->invitation().invitation_id();
  auto resent = client_->ResendInvitation(id, {"otra@proveedor.example"}, kRequestId);
  auto retried = client_->ResendInvitation(id, {"otra@proveedor.example"}, kRequestId);
  ASSERT_TRUE(resent.ok()) << resent.status();
  ASSERT_TRUE(retried.ok()) << retried.status();
  EXPECT_THAT(resent->emails(), ElementsAre("otra@proveedor.example"));
  EXPECT_EQ(resent->send_count(), 2);
  EXPECT_EQ(retried->send_count(), 2);
  auto got = client_->GetInvitation(id);
  ASSERT_TRUE(got.ok()) << got.status();
  EXPECT_EQ(got->send_count(), 2);
}

TEST_F(InvitationClientTest, ForEachInvitationWalksEveryPageWithTheFilters) {
  std::set<std::string> pending;
  for (int i = 0; i < 5; ++i) {
    auto invited = client_->InviteSupplier(AddSupplier().supplier_id());
    ASSERT_TRUE(invited.ok()) << invited.status();
    pending.insert(invited->invitation().invitation_id());
  }
  auto revoked = client_->InviteSupplier(AddSupplier().supplier_id());
  ASSERT_TRUE(revoked.ok()) << revoked.status();
  ASSERT_TRUE(client_->RevokeInvitation(revoked->invitation().invitation_id()).ok());

  v1::ListInvitationsRequest filter;
  filter.set_status(v1::INVITATION_STATUS_PENDING);
  filter.set_page_size(2);
  auto first_page = client_->ListInvitations(filter);
  ASSERT_TRUE(first_page.ok()) << first_page.status();
  EXPECT_EQ(first_page->invitations_size(), 2);
  EXPECT_FALSE(first_page->next_page_token().empty());

  std::set<std::string> seen;
  ASSERT_TRUE(client_
                  ->ForEachInvitation(filter,
                                      [&seen](const v1::Invitation& invitation) {
                                        seen.insert(invitation.invitation_id());
                                      })
                  .ok());
  EXPECT_EQ(seen, pending);

  v1::ListInvitationsRequest of_one;
  of_one.set_supplier_id(revoked->invitation().supplier_id());
  std::vector<v1::InvitationStatus> statuses;
  ASSERT_TRUE(client_
                  ->ForEachInvitation(of_one,
                                      [&statuses](const v1::Invitation& invitation) {
                                        statuses.push_back(invitation.status());
                                      })
                  .ok());
  EXPECT_THAT(statuses, ElementsAre(v1::INVITATION_STATUS_REVOKED));
}

TEST_F(InvitationClientTest, TheSuppliersCompanyActivatesWithTheEmailedCode) {
  const v1::Supplier supplier = AddSupplier();
  ASSERT_TRUE(client_->InviteSupplier(supplier.supplier_id()).ok());
  const std::string code = ActivationCodeIn(sink_->LatestTo(supplier.email()));
  ASSERT_NE(code, "");
  const std::unique_ptr<client::Client> supplier_company =
      LoggedInClient(supplier.tax_id().value());
  const v1::TaxId own = Nit(supplier.tax_id().value());

  auto wrong = supplier_company->ActivateWithCode(own, Nit(client_nit_), "ZZZZ-ZZZZ-ZZZZ");
  ASSERT_EQ(wrong.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(client::FieldViolations(wrong.status()),
              ElementsAre(Field(&client::FieldViolation::field, "code")));

  auto activated = supplier_company->ActivateWithCode(own, Nit(client_nit_), code);
  ASSERT_TRUE(activated.ok()) << activated.status();
  EXPECT_EQ(activated->client_tax_id().value(), client_nit_);
  EXPECT_EQ(activated->registration_status(), v1::REGISTRATION_STATUS_REGISTERED);
  auto entry = client_->GetSupplier(supplier.supplier_id());
  ASSERT_TRUE(entry.ok()) << entry.status();
  EXPECT_EQ(entry->registration_status(), v1::REGISTRATION_STATUS_REGISTERED);
}

TEST_F(InvitationClientTest, MembersMayReadButNotInvite) {
  const v1::Supplier supplier = AddSupplier();
  v1::User member;
  member.set_username("invitation-member-" + std::to_string(next_++));
  member.set_email(member.username() + "@cliente.example");
  member.set_role(v1::ROLE_MEMBER);
  ASSERT_TRUE(client_->CreateUser(member, kPassword).ok());
  client::ClientOptions options;
  options.target = server_->address();
  client::Client as_member(options);
  ASSERT_TRUE(as_member.Login(member.username(), kPassword).ok());

  EXPECT_EQ(as_member.InviteSupplier(supplier.supplier_id()).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_EQ(as_member.InviteSuppliers({supplier.supplier_id()}).status().code(),
            absl::StatusCode::kPermissionDenied);
  EXPECT_TRUE(as_member.ForEachInvitation({}, [](const v1::Invitation&) {}).ok());
}

}  // namespace
}  // namespace supplynet::testing
