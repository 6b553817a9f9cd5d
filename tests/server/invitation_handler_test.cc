// InvitationService over a real channel against a real PostgreSQL, with emails delivered to a
// real SMTP server (python3-aiosmtpd) and a fixed clock for expiry and lockout.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <atomic>
#include <cctype>
#include <future>
#include <iostream>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/activation_code.h"
#include "domain/tax_id.h"
#include "pqxx/connection"
#include "pqxx/except"
#include "pqxx/transaction"
#include "supplynet/v1/invitation.grpc.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/eventually.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;

constexpr char kRequestId[] = "5f0c2a9e-3b1d-4e6f-8a7b-9c0d1e2f3a4b";
constexpr char kRejected[] = "@rejected.example";
// The sink holds messages to these addresses until the test releases them.
constexpr char kHeld[] = "+held@";

// The Colombian NIT and DV of a company number n (the supplier tests register these).
std::string Nit(int n) { return std::to_string(700000000 + n); }

class InvitationHandlerTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    clock_ = new FixedClock(absl::Now());
    server::ServerOptions options = TestServer::DefaultOptions();
    options.email_retry_initial = absl::Milliseconds(50);
    options.invitation_expiry_interval = absl::Milliseconds(50);
    StartServerMailingTo(std::make_unique<SmtpSink>(FreePort(), kRejected, kHeld), options, clock_);
  }
  static void TearDownTestSuite() {
    SharedServerTest::TearDownTestSuite();
    delete clock_;
  }
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    accounts_ = server_->Accounts();
    suppliers_ = v1::SupplierNetworkService::NewStub(server_->channel());
    invitations_ = v1::InvitationService::NewStub(server_->channel());
    client_nit_ = Nit(next_++);
    client_ = RegisterTenant(*accounts_, client_nit_, absl::StrCat("invclient", next_++));
  }

  // A supplier entry of `owner`'s network with a fresh primary email, and a fresh NIT unless
  // `nit` is given.
  v1::Supplier AddSupplier(const Tenant& owner, const std::string& email = "",
                           const std::string& nit = "") {
    const int n = next_++;
    v1::AddSupplierRequest request;
    v1::Supplier* s = request.mutable_supplier();
    s->mutable_tax_id()->set_country(v1::COUNTRY_CO);
    s->mutable_tax_id()->set_value(nit.empty() ? Nit(n) : nit);
    s->set_name(absl::StrCat("Proveedor ", n));
    s->set_email(email.empty() ? absl::StrCat("ventas", n, "@proveedor.example") : email);
    v1::AddSupplierResponse response;
    const grpc::Status status =
        suppliers_->AddSupplier(Ctx(owner.admin_token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.supplier();
  }
  v1::Supplier AddSupplier() { return AddSupplier(client_); }
  // Another client company, with a network of its own.
  Tenant OtherClient() {
    const int n = next_++;
    return RegisterTenant(*accounts_, Nit(n), absl::StrCat("invother", n));
  }

  grpc::Status Invite(const std::string& supplier_id, v1::InviteSupplierResponse* out,
                      std::vector<std::string> emails = {}, const std::string& request_id = "",
                      const std::string& token = "") {
    v1::InviteSupplierRequest request;
    request.set_supplier_id(supplier_id);
    for (const std::string& e : emails) request.add_emails(e);
    request.set_request_id(request_id);
    return invitations_->InviteSupplier(Ctx(token.empty() ? client_.admin_token : token).get(),
                                        request, out);
  }
  v1::Invitation MustInvite(const std::string& supplier_id, std::vector<std::string> emails = {}) {
    v1::InviteSupplierResponse response;
    const grpc::Status status = Invite(supplier_id, &response, std::move(emails));
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invitation();
  }
  v1::Invitation Get(const std::string& invitation_id) {
    v1::GetInvitationRequest request;
    request.set_invitation_id(invitation_id);
    v1::GetInvitationResponse response;
    const grpc::Status status =
        invitations_->GetInvitation(Ctx(client_.admin_token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.invitation();
  }
  v1::Supplier GetSupplier(const std::string& supplier_id) {
    v1::GetSupplierRequest request;
    request.set_supplier_id(supplier_id);
    v1::GetSupplierResponse response;
    EXPECT_TRUE(suppliers_->GetSupplier(Ctx(client_.admin_token).get(), request, &response).ok());
    return response.supplier();
  }
  // Waits until the invitation's latest email left the outbox (SENT or FAILED).
  v1::Invitation Delivered(const std::string& invitation_id) {
    const absl::Time give_up = absl::Now() + absl::Seconds(60);
    v1::Invitation invitation = Get(invitation_id);
    while (invitation.delivery_status() == v1::DELIVERY_STATUS_QUEUED && absl::Now() < give_up) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      invitation = Get(invitation_id);
    }
    return invitation;
  }
  // The text of the latest email the sink received for `address`.
  std::string LatestEmailTo(const std::string& address, size_t at_least = 1) {
    const absl::Time give_up = absl::Now() + absl::Seconds(60);
    for (;;) {
      std::vector<std::string> found;
      for (const std::string& text : sink_->Texts()) {
        if (text.find(address) != std::string::npos) found.push_back(text);
      }
      if (found.size() >= at_least || absl::Now() >= give_up) {
        return found.size() >= at_least ? found.back() : "";
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }
  int EmailsTo(const std::string& address) {
    int n = 0;
    for (const std::string& text : sink_->Texts()) n += text.find(address) != std::string::npos;
    return n;
  }

  // The supplier's own company: registered with the entry's NIT, its admin logged in.
  Tenant RegisterSupplierCompany(const v1::Supplier& entry) {
    return RegisterTenant(*accounts_, entry.tax_id().value(), absl::StrCat("invsupp", next_++));
  }
  grpc::Status Activate(const Tenant& supplier, const std::string& own_nit,
                        const std::string& client_nit, const std::string& code,
                        v1::ActivateWithCodeResponse* out = nullptr) {
    v1::ActivateWithCodeRequest request;
    request.mutable_supplier_tax_id()->set_country(v1::COUNTRY_CO);
    request.mutable_supplier_tax_id()->set_value(own_nit);
    request.mutable_client_tax_id()->set_country(v1::COUNTRY_CO);
    request.mutable_client_tax_id()->set_value(client_nit);
    request.set_code(code);
    v1::ActivateWithCodeResponse response;
    const grpc::Status status =
        invitations_->ActivateWithCode(Ctx(supplier.admin_token).get(), request, &response);
    if (out != nullptr) *out = response;
    return status;
  }
  const std::string& ClientNit() const { return client_nit_; }
  std::string MemberToken(const Tenant& tenant) {
    const std::string username = absl::StrCat("invmember", next_++);
    CreateUser(*accounts_, tenant.admin_token, username, v1::ROLE_MEMBER);
    return LoginToken(*accounts_, username);
  }

  // Revokes on another thread (the caller makes it wait on a lock, then lets it go).
  std::future<grpc::Status> RevokeInTheBackground(const std::string& invitation_id) {
    return std::async(std::launch::async, [this, invitation_id] {
      v1::RevokeInvitationRequest request;
      request.set_invitation_id(invitation_id);
      v1::RevokeInvitationResponse response;
      return invitations_->RevokeInvitation(Ctx(client_.admin_token).get(), request, &response);
    });
  }
  bool OneCallWaitsForALock() const {
    return db_->QueryValue(
               "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
               "AND datname = current_database()") == "1";
  }

  static void ExpectWrongCode(const grpc::Status& status) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << status.error_message();
    EXPECT_THAT(BadRequestOf(status),
                ElementsAre(FieldViolation{"code", "invalid or expired code"}));
  }

  static inline FixedClock* clock_ = nullptr;
  static inline int next_ = 1;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::SupplierNetworkService::Stub> suppliers_;
  std::unique_ptr<v1::InvitationService::Stub> invitations_;
  Tenant client_;
  std::string client_nit_;
};

TEST_F(InvitationHandlerTest, InviteQueuesOneEmailWithACodeToThePrimaryEmail) {
  const v1::Supplier supplier = AddSupplier();
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  EXPECT_EQ(invitation.supplier_id(), supplier.supplier_id());
  EXPECT_THAT(invitation.emails(), ElementsAre(supplier.email()));
  EXPECT_EQ(invitation.status(), v1::INVITATION_STATUS_PENDING);
  EXPECT_EQ(invitation.send_count(), 1);
  EXPECT_EQ(invitation.expire_time().seconds(),
            absl::ToUnixSeconds(clock_->Now() + absl::Hours(24 * 30)));
  EXPECT_EQ(GetSupplier(supplier.supplier_id()).registration_status(),
            v1::REGISTRATION_STATUS_INVITED);
  EXPECT_EQ(GetSupplier(supplier.supplier_id()).pending_invitation_id(),
            invitation.invitation_id());

  const v1::Invitation delivered = Delivered(invitation.invitation_id());
  EXPECT_EQ(delivered.delivery_status(), v1::DELIVERY_STATUS_SENT)
      << delivered.last_delivery_error();
  EXPECT_EQ(delivered.delivery_attempts(), 1);
  EXPECT_TRUE(delivered.has_send_time());
  const std::string email = LatestEmailTo(supplier.email());
  EXPECT_THAT(email, HasSubstr("le invita a unirse a su red de proveedores"));
  EXPECT_THAT(email, HasSubstr("invites you to join its supplier network"));
  EXPECT_NE(ActivationCodeIn(email), "");
  EXPECT_EQ(EmailsTo(supplier.email()), 1);
}

TEST_F(InvitationHandlerTest, TheTimeOfAnEventThatDidNotHappenIsAbsent) {
  const v1::Invitation invitation = MustInvite(AddSupplier().supplier_id());
  EXPECT_FALSE(invitation.has_send_time());
  EXPECT_FALSE(invitation.has_accept_time());
  EXPECT_FALSE(invitation.has_revoke_time());
  const v1::Invitation delivered = Delivered(invitation.invitation_id());
  EXPECT_TRUE(delivered.has_send_time());
  EXPECT_FALSE(delivered.has_accept_time());
  v1::RevokeInvitationRequest revoke;
  revoke.set_invitation_id(invitation.invitation_id());
  v1::RevokeInvitationResponse revoked;
  ASSERT_TRUE(
      invitations_->RevokeInvitation(Ctx(client_.admin_token).get(), revoke, &revoked).ok());
  EXPECT_TRUE(revoked.invitation().has_revoke_time());
  EXPECT_FALSE(revoked.invitation().has_accept_time());
}

TEST_F(InvitationHandlerTest, InviteToGivenAddressesSendsOneEmailToEach) {
  const v1::Supplier supplier = AddSupplier();
  const std::string a = absl::StrCat("a", next_++, "@proveedor.example");
  const std::string b = absl::StrCat("b", next_++, "@proveedor.example");
  const v1::Invitation invitation = MustInvite(supplier.supplier_id(), {a, " " + a, b});
  EXPECT_THAT(invitation.emails(), ElementsAre(a, b));
  EXPECT_EQ(Delivered(invitation.invitation_id()).delivery_status(), v1::DELIVERY_STATUS_SENT);
  const std::string email = LatestEmailTo(a);
  EXPECT_THAT(email, HasSubstr(absl::StrCat("To: ", a, ",", b)));
  EXPECT_EQ(EmailsTo(supplier.email()), 0);
}

TEST_F(InvitationHandlerTest, InviteRejectsBadInputWithAViolationPerField) {
  v1::InviteSupplierResponse response;
  const grpc::Status status =
      Invite("not-a-uuid", &response, {"ok@example.com", "bad address"}, "not-a-uuid");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "supplier_id"));
  EXPECT_TRUE(HasViolation(status, "emails[1]"));
  EXPECT_TRUE(HasViolation(status, "request_id"));
  const grpc::Status too_many =
      Invite(AddSupplier().supplier_id(), &response, std::vector<std::string>(11, "x@example.com"));
  EXPECT_TRUE(HasViolation(too_many, "emails"));
}

TEST_F(InvitationHandlerTest, AnotherNetworksSupplierAndInvitationAreNotFound) {
  const Tenant other = OtherClient();
  const v1::Supplier theirs = AddSupplier(other);
  v1::InviteSupplierResponse response;
  EXPECT_EQ(Invite(theirs.supplier_id(), &response).error_code(), grpc::StatusCode::NOT_FOUND);
  const v1::Invitation mine = MustInvite(AddSupplier().supplier_id());
  v1::GetInvitationRequest get;
  get.set_invitation_id(mine.invitation_id());
  v1::GetInvitationResponse got;
  EXPECT_EQ(invitations_->GetInvitation(Ctx(other.admin_token).get(), get, &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::RevokeInvitationRequest revoke;
  revoke.set_invitation_id(mine.invitation_id());
  v1::RevokeInvitationResponse revoked;
  EXPECT_EQ(
      invitations_->RevokeInvitation(Ctx(other.admin_token).get(), revoke, &revoked).error_code(),
      grpc::StatusCode::NOT_FOUND);
}

TEST_F(InvitationHandlerTest, MembersReadButCannotInviteResendOrRevoke) {
  const std::string member = MemberToken(client_);
  const v1::Supplier supplier = AddSupplier();
  v1::InviteSupplierResponse response;
  EXPECT_EQ(Invite(supplier.supplier_id(), &response, {}, "", member).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  v1::GetInvitationRequest get;
  get.set_invitation_id(invitation.invitation_id());
  v1::GetInvitationResponse got;
  EXPECT_TRUE(invitations_->GetInvitation(Ctx(member).get(), get, &got).ok());
  v1::ListInvitationsResponse listed;
  EXPECT_TRUE(invitations_->ListInvitations(Ctx(member).get(), {}, &listed).ok());
  v1::ResendInvitationRequest resend;
  resend.set_invitation_id(invitation.invitation_id());
  v1::ResendInvitationResponse resent;
  EXPECT_EQ(invitations_->ResendInvitation(Ctx(member).get(), resend, &resent).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::RevokeInvitationRequest revoke;
  revoke.set_invitation_id(invitation.invitation_id());
  v1::RevokeInvitationResponse revoked;
  EXPECT_EQ(invitations_->RevokeInvitation(Ctx(member).get(), revoke, &revoked).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::ListInvitationsResponse anonymous;
  EXPECT_EQ(invitations_->ListInvitations(Ctx().get(), {}, &anonymous).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(InvitationHandlerTest, InvitingAPendingSupplierReusesTheInvitationAndKillsTheOldCode) {
  const v1::Supplier supplier = AddSupplier();
  const v1::Invitation first = MustInvite(supplier.supplier_id());
  Delivered(first.invitation_id());
  const std::string old_code = ActivationCodeIn(LatestEmailTo(supplier.email()));

  v1::InviteSupplierResponse again;
  ASSERT_TRUE(Invite(supplier.supplier_id(), &again).ok());
  EXPECT_TRUE(again.reused());
  EXPECT_EQ(again.invitation().invitation_id(), first.invitation_id());
  EXPECT_EQ(again.invitation().send_count(), 2);
  EXPECT_EQ(again.invitation().delivery_status(), v1::DELIVERY_STATUS_QUEUED);
  Delivered(first.invitation_id());
  const std::string new_code = ActivationCodeIn(LatestEmailTo(supplier.email(), 2));
  EXPECT_NE(new_code, old_code);

  const Tenant company = RegisterSupplierCompany(supplier);
  ExpectWrongCode(Activate(company, supplier.tax_id().value(), ClientNit(), old_code));
  EXPECT_TRUE(Activate(company, supplier.tax_id().value(), ClientNit(), new_code).ok());
}

TEST_F(InvitationHandlerTest, ARetriedInviteWithTheSameRequestIdSendsNothingMore) {
  const v1::Supplier supplier = AddSupplier();
  v1::InviteSupplierResponse first, second;
  ASSERT_TRUE(Invite(supplier.supplier_id(), &first, {}, kRequestId).ok());
  ASSERT_TRUE(Invite(supplier.supplier_id(), &second, {}, kRequestId).ok());
  EXPECT_EQ(second.invitation().invitation_id(), first.invitation().invitation_id());
  EXPECT_FALSE(second.reused());
  EXPECT_EQ(Delivered(first.invitation().invitation_id()).send_count(), 1);
  EXPECT_EQ(EmailsTo(supplier.email()), 1);
}

TEST_F(InvitationHandlerTest, RetriedBatchInvitesAndResendsWithTheSameRequestIdSendNothingMore) {
  const v1::Supplier a = AddSupplier();
  const v1::Supplier b = AddSupplier();
  v1::InviteSuppliersRequest batch;
  batch.add_supplier_ids(a.supplier_id());
  batch.add_supplier_ids(b.supplier_id());
  batch.set_request_id(kRequestId);
  v1::InviteSuppliersResponse first, second;
  ASSERT_TRUE(invitations_->InviteSuppliers(Ctx(client_.admin_token).get(), batch, &first).ok());
  ASSERT_TRUE(invitations_->InviteSuppliers(Ctx(client_.admin_token).get(), batch, &second).ok());
  EXPECT_EQ(second.SerializeAsString(), first.SerializeAsString());
  ASSERT_EQ(first.results_size(), 2);
  const std::string id = first.results(0).invitation().invitation_id();
  EXPECT_EQ(Delivered(id).send_count(), 1);
  EXPECT_EQ(Delivered(first.results(1).invitation().invitation_id()).send_count(), 1);

  v1::ResendInvitationRequest resend;
  resend.set_invitation_id(id);
  resend.set_request_id("9d8c7b6a-5f4e-4d3c-8b2a-1f0e9d8c7b6a");
  v1::ResendInvitationResponse resent, again;
  ASSERT_TRUE(invitations_->ResendInvitation(Ctx(client_.admin_token).get(), resend, &resent).ok());
  ASSERT_TRUE(invitations_->ResendInvitation(Ctx(client_.admin_token).get(), resend, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), resent.SerializeAsString());
  EXPECT_EQ(Delivered(id).send_count(), 2);
  EXPECT_NE(LatestEmailTo(a.email(), 2), "");
  EXPECT_EQ(EmailsTo(a.email()), 2);
  EXPECT_EQ(EmailsTo(b.email()), 1);
}

TEST_F(InvitationHandlerTest, InviteSuppliersGivesOneResultPerSupplierInOrder) {
  const v1::Supplier good = AddSupplier();
  const v1::Supplier registered = AddSupplier();
  const Tenant company = RegisterSupplierCompany(registered);
  MustInvite(registered.supplier_id());
  ASSERT_TRUE(Activate(company, registered.tax_id().value(), ClientNit(),
                       ActivationCodeIn(LatestEmailTo(registered.email())))
                  .ok());
  const Tenant other = OtherClient();
  const v1::Supplier theirs = AddSupplier(other);

  v1::InviteSuppliersRequest request;
  request.add_supplier_ids(good.supplier_id());
  request.add_supplier_ids(registered.supplier_id());
  request.add_supplier_ids(theirs.supplier_id());
  v1::InviteSuppliersResponse response;
  const grpc::Status status =
      invitations_->InviteSuppliers(Ctx(client_.admin_token).get(), request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_THAT(response.results(), SizeIs(3));
  EXPECT_EQ(response.results(0).supplier_id(), good.supplier_id());
  EXPECT_EQ(response.results(0).status().code(), 0);
  EXPECT_EQ(response.results(0).invitation().status(), v1::INVITATION_STATUS_PENDING);
  EXPECT_EQ(response.results(1).status().code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_FALSE(response.results(1).has_invitation());
  EXPECT_EQ(response.results(2).status().code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Delivered(response.results(0).invitation().invitation_id()).delivery_status(),
            v1::DELIVERY_STATUS_SENT);
  EXPECT_EQ(EmailsTo(good.email()), 1);
}

TEST_F(InvitationHandlerTest, InviteSuppliersRejectsDuplicatesAndEmptyLists) {
  const v1::Supplier supplier = AddSupplier();
  v1::InviteSuppliersRequest request;
  request.add_supplier_ids(supplier.supplier_id());
  request.add_supplier_ids(supplier.supplier_id());
  request.add_supplier_ids("nope");
  v1::InviteSuppliersResponse response;
  const grpc::Status status =
      invitations_->InviteSuppliers(Ctx(client_.admin_token).get(), request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "supplier_ids[1]"));
  EXPECT_TRUE(HasViolation(status, "supplier_ids[2]"));
  const grpc::Status empty =
      invitations_->InviteSuppliers(Ctx(client_.admin_token).get(), {}, &response);
  EXPECT_TRUE(HasViolation(empty, "supplier_ids"));
}

TEST_F(InvitationHandlerTest, ResendSendsANewCodeAndTheOldOneStopsWorking) {
  const v1::Supplier supplier = AddSupplier();
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  Delivered(invitation.invitation_id());
  const std::string old_code = ActivationCodeIn(LatestEmailTo(supplier.email()));
  clock_->Advance(absl::Hours(1));

  const std::string other = absl::StrCat("otra", next_++, "@proveedor.example");
  v1::ResendInvitationRequest request;
  request.set_invitation_id(invitation.invitation_id());
  request.add_emails(other);
  v1::ResendInvitationResponse response;
  ASSERT_TRUE(
      invitations_->ResendInvitation(Ctx(client_.admin_token).get(), request, &response).ok());
  EXPECT_THAT(response.invitation().emails(), ElementsAre(other));
  EXPECT_EQ(response.invitation().send_count(), 2);
  EXPECT_EQ(response.invitation().delivery_status(), v1::DELIVERY_STATUS_QUEUED);
  EXPECT_GT(response.invitation().expire_time().seconds(), invitation.expire_time().seconds());
  const std::string new_code = ActivationCodeIn(LatestEmailTo(other));
  EXPECT_NE(new_code, old_code);

  const Tenant company = RegisterSupplierCompany(supplier);
  ExpectWrongCode(Activate(company, supplier.tax_id().value(), ClientNit(), old_code));
  EXPECT_TRUE(Activate(company, supplier.tax_id().value(), ClientNit(), new_code).ok());
}

TEST_F(InvitationHandlerTest, RevokeKillsTheCodeOnceAndOnlyForPendingInvitations) {
  const v1::Supplier supplier = AddSupplier();
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  Delivered(invitation.invitation_id());
  const std::string code = ActivationCodeIn(LatestEmailTo(supplier.email()));
  v1::RevokeInvitationRequest request;
  request.set_invitation_id(invitation.invitation_id());
  v1::RevokeInvitationResponse first, second;
  ASSERT_TRUE(invitations_->RevokeInvitation(Ctx(client_.admin_token).get(), request, &first).ok());
  EXPECT_EQ(first.invitation().status(), v1::INVITATION_STATUS_REVOKED);
  EXPECT_TRUE(first.invitation().has_revoke_time());
  EXPECT_EQ(GetSupplier(supplier.supplier_id()).registration_status(),
            v1::REGISTRATION_STATUS_NOT_INVITED);
  ASSERT_TRUE(
      invitations_->RevokeInvitation(Ctx(client_.admin_token).get(), request, &second).ok());
  EXPECT_EQ(second.invitation().revoke_time().seconds(),
            first.invitation().revoke_time().seconds());

  const Tenant company = RegisterSupplierCompany(supplier);
  const grpc::Status revoked = Activate(company, supplier.tax_id().value(), ClientNit(), code);
  EXPECT_EQ(revoked.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadRequestOf(revoked),
              ElementsAre(FieldViolation{"code", "invalid or expired code"}));

  v1::ResendInvitationRequest resend;
  resend.set_invitation_id(invitation.invitation_id());
  v1::ResendInvitationResponse resent;
  EXPECT_EQ(
      invitations_->ResendInvitation(Ctx(client_.admin_token).get(), resend, &resent).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
}

// The sender holds the email and its invitation for the whole SMTP exchange; a revoke in the
// meantime waits for it instead of deadlocking with it (the loser of a deadlock would be the
// revoke, or worse the sender after the mail server accepted: a second email later).
TEST_F(InvitationHandlerTest, RevokingWhileTheEmailIsBeingSentWaitsForTheSend) {
  const v1::Supplier supplier =
      AddSupplier(client_, absl::StrCat("ventas", next_++, kHeld, "proveedor.example"));
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  ASSERT_TRUE(sink_->WaitUntilHolding()) << "the email never reached the SMTP server";
  std::future<grpc::Status> revoke = RevokeInTheBackground(invitation.invitation_id());
  ASSERT_TRUE(Eventually([&] { return OneCallWaitsForALock(); }))
      << "the revoke never waited for the sender";
  sink_->Release();

  const grpc::Status revoked = revoke.get();
  EXPECT_TRUE(revoked.ok()) << revoked.error_message();
  const v1::Invitation after = Get(invitation.invitation_id());
  EXPECT_EQ(after.status(), v1::INVITATION_STATUS_REVOKED);
  EXPECT_EQ(after.delivery_status(), v1::DELIVERY_STATUS_SENT);
  EXPECT_EQ(EmailsTo(supplier.email()), 1);
  EXPECT_EQ(db_->QueryValue(absl::StrCat("SELECT state FROM email_outbox WHERE invitation_id = '",
                                         invitation.invitation_id(), "'")),
            "SENT");
}

TEST_F(InvitationHandlerTest, RevokeTakesTheSupplierBeforeTheInvitationAsEveryWriterDoes) {
  const v1::Supplier supplier = AddSupplier();
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  ASSERT_NE(Delivered(invitation.invitation_id()).delivery_status(), v1::DELIVERY_STATUS_QUEUED);
  // Another writer holds the entry, as an invitation or an activation does before it takes
  // the invitation.
  pqxx::connection conn(db_->url());
  pqxx::work other(conn);
  other.exec("SELECT 1 FROM suppliers WHERE supplier_id = '" + supplier.supplier_id() +
             "' FOR UPDATE");
  std::future<grpc::Status> revoke = RevokeInTheBackground(invitation.invitation_id());
  ASSERT_TRUE(Eventually([&] { return OneCallWaitsForALock(); }))
      << "the revoke never waited for the entry";

  // The waiting revoke holds no lock on the invitation, so the other writer takes it next
  // instead of the two deadlocking.
  bool invitation_free = true;
  try {
    other.exec("SELECT 1 FROM invitations WHERE invitation_id = '" + invitation.invitation_id() +
               "' FOR UPDATE NOWAIT");
    other.commit();
  } catch (const pqxx::sql_error&) {
    invitation_free = false;
    other.abort();
  }
  EXPECT_TRUE(invitation_free) << "the revoke locked the invitation before the entry";
  const grpc::Status revoked = revoke.get();
  EXPECT_TRUE(revoked.ok()) << revoked.error_message();
  EXPECT_EQ(Get(invitation.invitation_id()).status(), v1::INVITATION_STATUS_REVOKED);
}

TEST_F(InvitationHandlerTest, RemovingTheSupplierRevokesItsInvitation) {
  const v1::Supplier supplier = AddSupplier();
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  v1::RemoveSupplierRequest remove;
  remove.set_supplier_id(supplier.supplier_id());
  v1::RemoveSupplierResponse removed;
  ASSERT_TRUE(suppliers_->RemoveSupplier(Ctx(client_.admin_token).get(), remove, &removed).ok());
  EXPECT_EQ(Get(invitation.invitation_id()).status(), v1::INVITATION_STATUS_REVOKED);
}

TEST_F(InvitationHandlerTest, ListIsNewestFirstInPagesAndFiltersBySupplierAndStatus) {
  std::vector<std::string> ids;
  const v1::Supplier first = AddSupplier();
  for (int i = 0; i < 3; ++i) {
    const v1::Supplier supplier = i == 0 ? first : AddSupplier();
    ids.push_back(MustInvite(supplier.supplier_id()).invitation_id());
    clock_->Advance(absl::Seconds(1));
  }
  v1::RevokeInvitationRequest revoke;
  revoke.set_invitation_id(ids[1]);
  v1::RevokeInvitationResponse revoked;
  ASSERT_TRUE(
      invitations_->RevokeInvitation(Ctx(client_.admin_token).get(), revoke, &revoked).ok());

  std::vector<std::string> listed;
  v1::ListInvitationsRequest request;
  request.set_page_size(2);
  for (;;) {
    v1::ListInvitationsResponse page;
    ASSERT_TRUE(invitations_->ListInvitations(Ctx(client_.admin_token).get(), request, &page).ok());
    for (const v1::Invitation& i : page.invitations()) listed.push_back(i.invitation_id());
    if (page.next_page_token().empty()) break;
    request.set_page_token(page.next_page_token());
  }
  EXPECT_THAT(listed, ElementsAre(ids[2], ids[1], ids[0]));

  v1::ListInvitationsRequest by_status;
  by_status.set_status(v1::INVITATION_STATUS_REVOKED);
  v1::ListInvitationsResponse revoked_only;
  ASSERT_TRUE(
      invitations_->ListInvitations(Ctx(client_.admin_token).get(), by_status, &revoked_only).ok());
  ASSERT_THAT(revoked_only.invitations(), SizeIs(1));
  EXPECT_EQ(revoked_only.invitations(0).invitation_id(), ids[1]);

  v1::ListInvitationsRequest by_supplier;
  by_supplier.set_supplier_id(first.supplier_id());
  v1::ListInvitationsResponse of_first;
  ASSERT_TRUE(
      invitations_->ListInvitations(Ctx(client_.admin_token).get(), by_supplier, &of_first).ok());
  ASSERT_THAT(of_first.invitations(), SizeIs(1));
  EXPECT_EQ(of_first.invitations(0).invitation_id(), ids[0]);

  v1::ListInvitationsRequest mixed = by_supplier;
  mixed.set_page_token(request.page_token());
  v1::ListInvitationsResponse refused;
  EXPECT_TRUE(
      HasViolation(invitations_->ListInvitations(Ctx(client_.admin_token).get(), mixed, &refused),
                   "page_token"));
}

TEST_F(InvitationHandlerTest, ActivationEndToEndMakesTheSupplierRegisteredInTheClientsList) {
  const v1::Supplier supplier = AddSupplier();
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  const std::string code = ActivationCodeIn(LatestEmailTo(supplier.email()));
  ASSERT_NE(code, "");

  // The supplier registers its company, logs in and activates; the NIT may carry its DV.
  const Tenant company = RegisterSupplierCompany(supplier);
  const std::string client_nit_with_dv =
      absl::StrCat(ClientNit(), "-", ColombiaVerificationDigit(ClientNit()));
  std::string typed = code;
  for (char& c : typed) c = static_cast<char>(std::tolower(c));
  v1::ActivateWithCodeResponse activated;
  const grpc::Status status =
      Activate(company, supplier.tax_id().value(), client_nit_with_dv, typed, &activated);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(activated.client_company_id(), client_.company_id);
  EXPECT_EQ(activated.client_tax_id().value(), ClientNit());
  EXPECT_EQ(activated.registration_status(), v1::REGISTRATION_STATUS_REGISTERED);

  v1::ListSuppliersRequest list;
  list.set_registration_status(v1::REGISTRATION_STATUS_REGISTERED);
  v1::ListSuppliersResponse registered;
  ASSERT_TRUE(suppliers_->ListSuppliers(Ctx(client_.admin_token).get(), list, &registered).ok());
  ASSERT_THAT(registered.suppliers(), SizeIs(1));
  EXPECT_EQ(registered.suppliers(0).supplier_id(), supplier.supplier_id());
  EXPECT_EQ(registered.suppliers(0).registered_company_id(), company.company_id);
  const v1::Invitation accepted = Get(invitation.invitation_id());
  EXPECT_EQ(accepted.status(), v1::INVITATION_STATUS_ACCEPTED);
  EXPECT_EQ(accepted.accept_time().seconds(), activated.activate_time().seconds());

  // Repeating it returns the same result; inviting the registered supplier is refused.
  v1::ActivateWithCodeResponse again;
  ASSERT_TRUE(Activate(company, supplier.tax_id().value(), ClientNit(), code, &again).ok());
  EXPECT_EQ(again.activate_time().seconds(), activated.activate_time().seconds());
  v1::InviteSupplierResponse refused;
  EXPECT_EQ(Invite(supplier.supplier_id(), &refused).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  v1::RevokeInvitationRequest revoke;
  revoke.set_invitation_id(invitation.invitation_id());
  v1::RevokeInvitationResponse revoked;
  EXPECT_EQ(
      invitations_->RevokeInvitation(Ctx(client_.admin_token).get(), revoke, &revoked).error_code(),
      grpc::StatusCode::FAILED_PRECONDITION);
}

TEST_F(InvitationHandlerTest, EveryWrongActivationValueSaysOnlyInvalidOrExpiredCode) {
  const v1::Supplier supplier = AddSupplier();
  const v1::Supplier other_supplier = AddSupplier();
  MustInvite(supplier.supplier_id());
  MustInvite(other_supplier.supplier_id());
  const std::string code = ActivationCodeIn(LatestEmailTo(supplier.email()));
  const std::string others_code = ActivationCodeIn(LatestEmailTo(other_supplier.email()));
  const Tenant company = RegisterSupplierCompany(supplier);
  const std::string own = supplier.tax_id().value();

  ExpectWrongCode(Activate(company, own, ClientNit(), "ZZZZ-ZZZZ-ZZZZ"));
  ExpectWrongCode(Activate(company, own, ClientNit(), others_code));
  ExpectWrongCode(Activate(company, other_supplier.tax_id().value(), ClientNit(), code));
  ExpectWrongCode(Activate(company, own, Nit(next_++), code));
  const grpc::Status malformed = Activate(company, own, "12", "abc");
  EXPECT_EQ(malformed.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(malformed, "client_tax_id"));
  EXPECT_TRUE(HasViolation(malformed, "code"));
  // Four wrong attempts do not lock: the right code still works.
  EXPECT_TRUE(Activate(company, own, ClientNit(), code).ok());
}

TEST_F(InvitationHandlerTest, ActivationNeedsAnAdministrator) {
  const v1::Supplier supplier = AddSupplier();
  MustInvite(supplier.supplier_id());
  const std::string code = ActivationCodeIn(LatestEmailTo(supplier.email()));
  const Tenant company = RegisterSupplierCompany(supplier);
  Tenant member = company;
  member.admin_token = MemberToken(company);
  EXPECT_EQ(Activate(member, supplier.tax_id().value(), ClientNit(), code).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
}

TEST_F(InvitationHandlerTest, FiveWrongCodesLockThePairOutForFifteenMinutes) {
  const v1::Supplier supplier = AddSupplier();
  MustInvite(supplier.supplier_id());
  const std::string code = ActivationCodeIn(LatestEmailTo(supplier.email()));
  const Tenant company = RegisterSupplierCompany(supplier);
  const std::string own = supplier.tax_id().value();
  for (int i = 0; i < 5; ++i)
    ExpectWrongCode(Activate(company, own, ClientNit(), "ZZZZ-ZZZZ-ZZZZ"));
  const grpc::Status locked = Activate(company, own, ClientNit(), code);
  EXPECT_EQ(locked.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << locked.error_message();

  // The lock is the pair's: the same company still activates another client's invitation.
  const int n = next_++;
  const Tenant other = RegisterTenant(*accounts_, Nit(n), absl::StrCat("invother", n));
  const v1::Supplier other_entry = AddSupplier(other, "", own);
  v1::InviteSupplierResponse other_invitation;
  ASSERT_TRUE(Invite(other_entry.supplier_id(), &other_invitation, {}, "", other.admin_token).ok());
  const std::string other_code = ActivationCodeIn(LatestEmailTo(other_entry.email()));
  const grpc::Status other_activated = Activate(company, own, Nit(n), other_code);
  EXPECT_TRUE(other_activated.ok()) << other_activated.error_message();

  clock_->Advance(absl::Minutes(15) - absl::Seconds(1));
  const std::string token = LoginToken(*accounts_, company.admin_username);
  Tenant relogged = company;
  relogged.admin_token = token;
  EXPECT_EQ(Activate(relogged, own, ClientNit(), code).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  clock_->Advance(absl::Seconds(1));
  EXPECT_TRUE(Activate(relogged, own, ClientNit(), code).ok());
}

// Guessing at scale: 10,000 well-formed random codes from 8 concurrent callers. The pair
// locks after 5 wrong ones; nothing is activated, and the right code is refused after them.
TEST_F(InvitationHandlerTest, TenThousandGuessedCodesActivateNothing) {
  const v1::Supplier supplier = AddSupplier();
  MustInvite(supplier.supplier_id());
  const std::string code = ActivationCodeIn(LatestEmailTo(supplier.email()));
  const Tenant company = RegisterSupplierCompany(supplier);
  const std::string own = supplier.tax_id().value();
  constexpr int kGuesses = 10000;
  constexpr int kCallers = 8;
  std::atomic<int> ok{0}, wrong{0}, locked{0}, other{0};
  std::vector<std::thread> callers;
  for (int c = 0; c < kCallers; ++c) {
    callers.emplace_back([&, c] {
      std::mt19937 random(static_cast<unsigned>(c));
      for (int i = c; i < kGuesses; i += kCallers) {
        std::string guess;
        for (size_t k = 0; k < kActivationCodeLength; ++k) {
          guess += kActivationCodeAlphabet[random() % kActivationCodeAlphabet.size()];
        }
        const grpc::Status status = Activate(company, own, ClientNit(), guess);
        switch (status.error_code()) {
          case grpc::StatusCode::OK:
            ++ok;
            break;
          case grpc::StatusCode::INVALID_ARGUMENT:
            ++wrong;
            break;
          case grpc::StatusCode::RESOURCE_EXHAUSTED:
            ++locked;
            break;
          default:
            ++other;
        }
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  std::cout << "activation guesses: " << kGuesses << ", activated " << ok << ", answered wrong "
            << wrong << ", refused as locked " << locked << "\n";
  EXPECT_EQ(ok.load(), 0);
  EXPECT_EQ(wrong.load(), 5);
  EXPECT_EQ(locked.load(), kGuesses - 5);
  EXPECT_EQ(other.load(), 0);
  EXPECT_EQ(Activate(company, own, ClientNit(), code).error_code(),
            grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_EQ(
      db_->QueryValue(absl::StrCat("SELECT count(*) FROM suppliers WHERE supplier_id = '",
                                   supplier.supplier_id(), "' AND linked_company_id IS NOT NULL")),
      "0");
}

TEST_F(InvitationHandlerTest, AnExpiredCodeFailsAndInvitingAgainMakesANewInvitation) {
  const v1::Supplier supplier = AddSupplier();
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  const std::string code = ActivationCodeIn(LatestEmailTo(supplier.email()));
  clock_->Advance(absl::Hours(24 * 30));

  // Sessions last 12 hours: log in again at the new time.
  client_.admin_token = LoginToken(*accounts_, client_.admin_username);
  EXPECT_EQ(Get(invitation.invitation_id()).status(), v1::INVITATION_STATUS_EXPIRED);
  v1::ListInvitationsRequest expired;
  expired.set_status(v1::INVITATION_STATUS_EXPIRED);
  v1::ListInvitationsResponse listed;
  ASSERT_TRUE(invitations_->ListInvitations(Ctx(client_.admin_token).get(), expired, &listed).ok());
  ASSERT_THAT(listed.invitations(), SizeIs(1));

  const Tenant company = RegisterSupplierCompany(supplier);
  // Like any wrong value: nothing tells the caller that the code itself was right.
  const grpc::Status status = Activate(company, supplier.tax_id().value(), ClientNit(), code);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(BadRequestOf(status), ElementsAre(FieldViolation{"code", "invalid or expired code"}));

  v1::InviteSupplierResponse again;
  ASSERT_TRUE(Invite(supplier.supplier_id(), &again).ok());
  EXPECT_FALSE(again.reused());
  EXPECT_NE(again.invitation().invitation_id(), invitation.invitation_id());
  EXPECT_EQ(Get(invitation.invitation_id()).status(), v1::INVITATION_STATUS_EXPIRED);
  const std::string new_code = ActivationCodeIn(LatestEmailTo(supplier.email(), 2));
  EXPECT_TRUE(Activate(company, supplier.tax_id().value(), ClientNit(), new_code).ok());
}

TEST_F(InvitationHandlerTest, PastItsExpiryAnInvitationIsStoredExpiredAndItsSupplierIsNotInvited) {
  const v1::Supplier expiring = AddSupplier();
  const v1::Invitation old = MustInvite(expiring.supplier_id());
  clock_->Advance(absl::Hours(24 * 20));
  client_.admin_token = LoginToken(*accounts_, client_.admin_username);  // sessions last 12 h
  const v1::Supplier recent = AddSupplier();
  MustInvite(recent.supplier_id());
  clock_->Advance(absl::Hours(24 * 11));  // the first is 31 days old, the second 11
  client_.admin_token = LoginToken(*accounts_, client_.admin_username);

  ASSERT_TRUE(Eventually([&] {
    return GetSupplier(expiring.supplier_id()).registration_status() ==
           v1::REGISTRATION_STATUS_NOT_INVITED;
  })) << "the expiry sweep never ran";
  EXPECT_EQ(db_->QueryValue(absl::StrCat("SELECT status FROM invitations WHERE invitation_id = '",
                                         old.invitation_id(), "'")),
            "EXPIRED");
  EXPECT_EQ(GetSupplier(recent.supplier_id()).registration_status(),
            v1::REGISTRATION_STATUS_INVITED);
  v1::ListSuppliersRequest not_invited;
  not_invited.set_registration_status(v1::REGISTRATION_STATUS_NOT_INVITED);
  v1::ListSuppliersResponse listed;
  ASSERT_TRUE(suppliers_->ListSuppliers(Ctx(client_.admin_token).get(), not_invited, &listed).ok());
  ASSERT_THAT(listed.suppliers(), SizeIs(1));
  EXPECT_EQ(listed.suppliers(0).supplier_id(), expiring.supplier_id());

  // Invited again, it gets a new invitation (the expired one is not reused).
  v1::InviteSupplierResponse again;
  ASSERT_TRUE(Invite(expiring.supplier_id(), &again).ok());
  EXPECT_FALSE(again.reused());
  EXPECT_NE(again.invitation().invitation_id(), old.invitation_id());
}

TEST_F(InvitationHandlerTest, ImportWithNotifyInvitesInTheImportsTransaction) {
  const std::string nit = Nit(next_++);
  const std::string email = absl::StrCat("importado", next_++, "@proveedor.example");
  const std::string file = absl::StrCat(
      "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*\n", nit,
      ",Importado S.A.S.,,,,,,,", email, ",,1\n");
  auto import = [&](bool dry_run) {
    auto context = Ctx(client_.admin_token);
    v1::ImportSuppliersResponse report;
    auto writer = suppliers_->ImportSuppliers(context.get(), &report);
    v1::ImportSuppliersRequest options;
    options.mutable_options()->set_default_country(v1::COUNTRY_CO);
    options.mutable_options()->set_dry_run(dry_run);
    if (!dry_run) options.mutable_options()->set_request_id(kRequestId);
    writer->Write(options);
    v1::ImportSuppliersRequest chunk;
    chunk.set_chunk(file);
    writer->Write(chunk);
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  };
  EXPECT_EQ(import(/*dry_run=*/true).invitations_requested(), 1);
  v1::ListInvitationsResponse none;
  ASSERT_TRUE(invitations_->ListInvitations(Ctx(client_.admin_token).get(), {}, &none).ok());
  EXPECT_EQ(none.invitations_size(), 0);

  EXPECT_EQ(import(/*dry_run=*/false).invitations_requested(), 1);
  // A retry of the same import (same request_id) invites nobody twice.
  EXPECT_EQ(import(/*dry_run=*/false).invitations_requested(), 1);
  v1::ListInvitationsResponse listed;
  ASSERT_TRUE(invitations_->ListInvitations(Ctx(client_.admin_token).get(), {}, &listed).ok());
  ASSERT_EQ(listed.invitations_size(), 1);
  EXPECT_EQ(GetSupplier(listed.invitations(0).supplier_id()).registration_status(),
            v1::REGISTRATION_STATUS_INVITED);
  const std::string code = ActivationCodeIn(LatestEmailTo(email));
  ASSERT_NE(code, "");
  EXPECT_EQ(EmailsTo(email), 1);

  // The imported supplier activates with the emailed code and shows as registered.
  const v1::Supplier entry = GetSupplier(listed.invitations(0).supplier_id());
  const Tenant company = RegisterSupplierCompany(entry);
  const grpc::Status activated = Activate(company, nit, ClientNit(), code);
  EXPECT_TRUE(activated.ok()) << activated.error_message();
  EXPECT_EQ(GetSupplier(entry.supplier_id()).registration_status(),
            v1::REGISTRATION_STATUS_REGISTERED);
}

TEST_F(InvitationHandlerTest, APermanentSmtpRefusalMarksTheDeliveryFailed) {
  const v1::Supplier supplier = AddSupplier(client_, absl::StrCat("nadie", next_++, kRejected));
  const v1::Invitation invitation = MustInvite(supplier.supplier_id());
  const v1::Invitation failed = Delivered(invitation.invitation_id());
  EXPECT_EQ(failed.delivery_status(), v1::DELIVERY_STATUS_FAILED);
  EXPECT_EQ(failed.delivery_attempts(), 1);
  EXPECT_THAT(failed.last_delivery_error(), HasSubstr("550"));
  EXPECT_EQ(failed.status(), v1::INVITATION_STATUS_PENDING);
}

}  // namespace
}  // namespace supplynet::testing
