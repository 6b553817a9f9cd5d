// `supplynet invitations ...` and `supplynet activate` against the real server, whose emails go
// to a real SMTP server (the activation code is read from there): tables, --json, exit codes.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "supplynet/v1/invitation.pb.h"
#include "tests/client-lib/cli/cli_fixture.h"
#include "tests/support/smtp_sink.h"

namespace supplynet::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::SizeIs;
using ::testing::StartsWith;

// The CLI's --json output parsed as `Message` (a test failure when it is not one).
template <typename Message>
Message FromJson(const std::string& text) {
  Message message;
  const auto parsed = google::protobuf::util::JsonStringToMessage(
      std::string(absl::StripAsciiWhitespace(text)), &message);
  EXPECT_TRUE(parsed.ok()) << parsed.message() << "\n" << text;
  return message;
}

// A JSON array of invitations (`invitations list --json`).
std::vector<v1::Invitation> InvitationsFromJson(const std::string& text) {
  const auto page = FromJson<v1::ListInvitationsResponse>(
      "{\"invitations\":" + std::string(absl::StripAsciiWhitespace(text)) + "}");
  return {page.invitations().begin(), page.invitations().end()};
}

class InvitationCliTest : public CliTest {
 protected:
  // CliTest's server, with its emails sent to an SMTP sink.
  static void SetUpTestSuite() { StartServerMailingTo(std::make_unique<SmtpSink>()); }

  // Adds a supplier through the CLI (as the logged-in company, or as `token`'s).
  v1::Supplier AddSupplier(const std::string& token = "") {
    const std::string nit = NextNit();
    std::vector<std::string> args = {
        "suppliers", "add",    "--country",        "CO",      "--tax-id",
        nit,         "--name", "Proveedor " + nit, "--email", "ventas" + nit + "@proveedor.example",
        "--json"};
    if (!token.empty()) args.insert(args.end(), {"--token", token});
    const CommandResult added = Cli(args);
    EXPECT_EQ(added.exit_code, 0) << added.err;
    return FromJson<v1::Supplier>(added.out);
  }

  // Invites one supplier through the CLI and returns the invitation.
  v1::Invitation Invite(const std::string& supplier_id) {
    const CommandResult sent = Cli({"invitations", "send", supplier_id, "--json"});
    EXPECT_EQ(sent.exit_code, 0) << sent.err;
    return FromJson<v1::InviteSupplierResponse>(sent.out).invitation();
  }

  // The logged-in company's tax ID, as `whoami --json` tells it.
  std::string OwnNit() {
    const CommandResult me = Cli({"whoami", "--json"});
    EXPECT_EQ(me.exit_code, 0) << me.err;
    return FromJson<v1::GetCurrentPrincipalResponse>(me.out).company().tax_id().value();
  }
};

TEST_F(InvitationCliTest, SendListGetResendAndRevokeAsTables) {
  LoggedInTenant("cli-invitations");
  const v1::Supplier supplier = AddSupplier();

  const CommandResult sent =
      Cli({"invitations", "send", supplier.supplier_id(), "--email", "compras@proveedor.example",
           "--email", "tesoreria@proveedor.example"});
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_THAT(sent.out, StartsWith("Invited supplier " + supplier.supplier_id()));
  EXPECT_THAT(sent.out, HasSubstr("compras@proveedor.example,tesoreria@proveedor.example"));

  const CommandResult list = Cli({"invitations", "list"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, StartsWith("INVITATION_ID"));
  EXPECT_THAT(list.out, HasSubstr(supplier.supplier_id()));
  EXPECT_THAT(list.out, HasSubstr("pending"));
  const std::string id = list.out.substr(list.out.find('\n') + 1, 36);

  const CommandResult get = Cli({"invitations", "get", id});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_THAT(get.out, StartsWith("invitation_id        " + id));
  EXPECT_THAT(get.out, HasSubstr("status               pending"));

  const CommandResult resent = Cli({"invitations", "resend", id});
  ASSERT_EQ(resent.exit_code, 0) << resent.err;
  EXPECT_THAT(resent.out, StartsWith("Sent invitation " + id + " again"));

  const CommandResult revoked = Cli({"invitations", "revoke", id});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_THAT(revoked.out, StartsWith("Revoked invitation " + id));
  // A revoked invitation cannot be resent: a conflict.
  EXPECT_EQ(Cli({"invitations", "resend", id}).exit_code, 6);
}

TEST_F(InvitationCliTest, JsonOutputsParseAsTheContractsMessages) {
  LoggedInTenant("cli-invitations-json");
  const v1::Supplier supplier = AddSupplier();
  const v1::Invitation invitation = Invite(supplier.supplier_id());
  EXPECT_EQ(invitation.supplier_id(), supplier.supplier_id());
  EXPECT_EQ(invitation.status(), v1::INVITATION_STATUS_PENDING);
  EXPECT_THAT(invitation.emails(), ElementsAre(supplier.email()));

  const CommandResult again = Cli({"invitations", "send", supplier.supplier_id(), "--json"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  const auto reused = FromJson<v1::InviteSupplierResponse>(again.out);
  EXPECT_TRUE(reused.reused());
  EXPECT_EQ(reused.invitation().invitation_id(), invitation.invitation_id());

  const CommandResult get = Cli({"invitations", "get", invitation.invitation_id(), "--json"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_EQ(FromJson<v1::Invitation>(get.out).send_count(), 2);

  // --email may also list several addresses separated by commas.
  const CommandResult resent =
      Cli({"invitations", "resend", invitation.invitation_id(), "--email",
           "otra@proveedor.example,tesoreria@proveedor.example", "--json"});
  ASSERT_EQ(resent.exit_code, 0) << resent.err;
  EXPECT_THAT(FromJson<v1::Invitation>(resent.out).emails(),
              ElementsAre("otra@proveedor.example", "tesoreria@proveedor.example"));

  const CommandResult revoked =
      Cli({"invitations", "revoke", invitation.invitation_id(), "--json"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  EXPECT_EQ(FromJson<v1::Invitation>(revoked.out).status(), v1::INVITATION_STATUS_REVOKED);

  const CommandResult list =
      Cli({"invitations", "list", "--supplier", supplier.supplier_id(), "--json"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  const std::vector<v1::Invitation> listed = InvitationsFromJson(list.out);
  ASSERT_THAT(listed, SizeIs(1));
  EXPECT_EQ(listed[0].status(), v1::INVITATION_STATUS_REVOKED);
}

TEST_F(InvitationCliTest, ListWalksEveryPageAndFiltersByStatus) {
  LoggedInTenant("cli-invitations-list");
  // More than one page of the server's default size (50).
  std::vector<std::string> args = {"invitations", "send"};
  for (int i = 0; i < 52; ++i) args.push_back(AddSupplier().supplier_id());
  const CommandResult sent = Cli(args);
  ASSERT_EQ(sent.exit_code, 0) << sent.err;
  EXPECT_THAT(sent.out, HasSubstr("52 invited, 0 failed."));
  const std::string revoked_id = Invite(AddSupplier().supplier_id()).invitation_id();
  ASSERT_EQ(Cli({"invitations", "revoke", revoked_id}).exit_code, 0);

  const CommandResult pending = Cli({"invitations", "list", "--status", "pending", "--json"});
  ASSERT_EQ(pending.exit_code, 0) << pending.err;
  EXPECT_THAT(InvitationsFromJson(pending.out), SizeIs(52));
  const CommandResult revoked = Cli({"invitations", "list", "--status", "revoked", "--json"});
  ASSERT_EQ(revoked.exit_code, 0) << revoked.err;
  const std::vector<v1::Invitation> only = InvitationsFromJson(revoked.out);
  ASSERT_THAT(only, SizeIs(1));
  EXPECT_EQ(only[0].invitation_id(), revoked_id);
}

TEST_F(InvitationCliTest, SendingToSeveralPrintsEachResultAndExitsEightWhenSomeFailed) {
  LoggedInTenant("cli-invitations-batch");
  const v1::Supplier one = AddSupplier();
  const v1::Supplier two = AddSupplier();
  const Tenant other = RegisterTenant(*accounts_, NextNit(), "cli-invitations-batch-other");
  const v1::Supplier theirs = AddSupplier(other.admin_token);

  const CommandResult all = Cli({"invitations", "send", one.supplier_id(), two.supplier_id()});
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_THAT(all.out, StartsWith("SUPPLIER_ID"));
  EXPECT_THAT(all.out, HasSubstr("2 invited, 0 failed."));

  const CommandResult partly =
      Cli({"invitations", "send", one.supplier_id(), theirs.supplier_id()});
  EXPECT_EQ(partly.exit_code, 8) << partly.err;
  EXPECT_THAT(partly.out, HasSubstr(one.supplier_id() + "  reused"));
  EXPECT_THAT(partly.out, HasSubstr(theirs.supplier_id() + "  NOT_FOUND: "));
  EXPECT_THAT(partly.out, HasSubstr("1 invited, 1 failed."));

  const CommandResult json =
      Cli({"invitations", "send", one.supplier_id(), theirs.supplier_id(), "--json"});
  EXPECT_EQ(json.exit_code, 8) << json.err;
  const auto results = FromJson<v1::InviteSuppliersResponse>(json.out);
  ASSERT_EQ(results.results_size(), 2);
  EXPECT_EQ(results.results(0).status().code(), 0);
  EXPECT_TRUE(results.results(0).reused());
  EXPECT_EQ(results.results(1).status().code(), static_cast<int>(absl::StatusCode::kNotFound));
}

TEST_F(InvitationCliTest, BadInputExitsWithFiveAndPrintsEveryViolation) {
  LoggedInTenant("cli-invitations-bad");
  const CommandResult bad = Cli({"invitations", "send", "not-a-uuid", "--email", "nope"});
  EXPECT_EQ(bad.exit_code, 5);
  EXPECT_THAT(bad.err, StartsWith("supplynet: INVALID_ARGUMENT"));
  EXPECT_THAT(bad.err, HasSubstr("\n  supplier_id: "));
  EXPECT_THAT(bad.err, HasSubstr("\n  emails[0]: "));

  const CommandResult json = Cli({"invitations", "get", "not-a-uuid", "--json"});
  EXPECT_EQ(json.exit_code, 5);
  const auto error = FromJson<google::protobuf::Struct>(json.err);
  const auto& fields = error.fields().at("error").struct_value().fields();
  EXPECT_EQ(fields.at("code").string_value(), "INVALID_ARGUMENT");
  const auto& violations = fields.at("fieldViolations").list_value().values();
  ASSERT_EQ(violations.size(), 1);
  EXPECT_EQ(violations[0].struct_value().fields().at("field").string_value(), "invitation_id");
}

TEST_F(InvitationCliTest, AnotherCompanysInvitationExitsWithFour) {
  LoggedInTenant("cli-invitations-mine");
  const std::string id = Invite(AddSupplier().supplier_id()).invitation_id();
  const Tenant other = RegisterTenant(*accounts_, NextNit(), "cli-invitations-theirs");
  for (const char* command : {"get", "resend", "revoke"}) {
    const CommandResult run = Cli({"invitations", command, id, "--token", other.admin_token});
    EXPECT_EQ(run.exit_code, 4) << command << ": " << run.err;
    EXPECT_THAT(run.err, StartsWith("supplynet: NOT_FOUND")) << command;
  }
  EXPECT_EQ(Cli({"invitations", "get", id}).exit_code, 0);
}

TEST_F(InvitationCliTest, MembersExitWithThreeWhenTheyInviteButMayList) {
  const Tenant tenant = LoggedInTenant("cli-invitations-admin");
  const v1::Supplier supplier = AddSupplier();
  CreateUser(*accounts_, tenant.admin_token, "cli-invitations-member", v1::ROLE_MEMBER);
  const std::string member = LoginToken(*accounts_, "cli-invitations-member");
  const CommandResult send =
      Cli({"invitations", "send", supplier.supplier_id(), "--token", member});
  EXPECT_EQ(send.exit_code, 3) << send.err;
  EXPECT_THAT(send.err, StartsWith("supplynet: PERMISSION_DENIED"));
  EXPECT_EQ(Cli({"invitations", "list", "--token", member}).exit_code, 0);
}

TEST_F(InvitationCliTest, UsageMistakesExitWithTwo) {
  LoggedInTenant("cli-invitations-usage");
  EXPECT_EQ(Cli({"invitations", "send"}).exit_code, 2);
  EXPECT_EQ(Cli({"invitations", "resend"}).exit_code, 2);
  EXPECT_EQ(Cli({"invitations", "list", "--status", "maybe"}).exit_code, 2);
  EXPECT_EQ(Cli({"activate", "--tax-id", "1", "--client-tax-id", "2"}).exit_code, 2);
  EXPECT_EQ(Cli({"activate", "CODE", "--country", "AR"}).exit_code, 2);
  const CommandResult two_with_emails =
      Cli({"invitations", "send", "a", "b", "--email", "x@proveedor.example"});
  EXPECT_EQ(two_with_emails.exit_code, 2);
  EXPECT_THAT(two_with_emails.err, HasSubstr("--email works with one supplier"));
}

TEST_F(InvitationCliTest, ALockedOutActivationExitsWithSevenTryLater) {
  LoggedInTenant("cli-lockout-client");
  const std::string client_nit = OwnNit();
  const v1::Supplier supplier = AddSupplier();
  const Tenant company =
      RegisterTenant(*accounts_, supplier.tax_id().value(), "cli-lockout-supplier");
  const std::vector<std::string> wrong = {
      "activate", "--tax-id", supplier.tax_id().value(), "--client-tax-id",
      client_nit, "--token",  company.admin_token,       "ZZZZ-ZZZZ-ZZZZ"};
  for (int attempt = 0; attempt < 5; ++attempt) {
    const CommandResult refused = Cli(wrong);
    ASSERT_EQ(refused.exit_code, 5) << refused.err;
  }
  const CommandResult locked = Cli(wrong);
  EXPECT_EQ(locked.exit_code, 7) << locked.err;
  EXPECT_THAT(locked.err, HasSubstr("RESOURCE_EXHAUSTED"));
}

TEST_F(InvitationCliTest, TheInvitedCompanyActivatesWithTheEmailedCode) {
  LoggedInTenant("cli-activation-client");
  const std::string client_nit = OwnNit();
  const v1::Supplier supplier = AddSupplier();
  ASSERT_EQ(Cli({"invitations", "send", supplier.supplier_id()}).exit_code, 0);
  const std::string code = ActivationCodeIn(sink_->LatestTo(supplier.email()));
  ASSERT_NE(code, "");
  // The supplier's own company, registered with the supplier entry's NIT.
  const Tenant company =
      RegisterTenant(*accounts_, supplier.tax_id().value(), "cli-activation-supplier");
  const std::vector<std::string> activate = {
      "activate", "--tax-id", supplier.tax_id().value(), "--client-tax-id",
      client_nit, "--token",  company.admin_token};

  std::vector<std::string> wrong = activate;
  wrong.push_back("ZZZZ-ZZZZ-ZZZZ");
  const CommandResult refused = Cli(wrong);
  EXPECT_EQ(refused.exit_code, 5) << refused.err;
  EXPECT_THAT(refused.err, HasSubstr("\n  code: invalid or expired code"));
  // The server's message only repeats the violation: it is printed once.
  EXPECT_EQ(refused.err.find("code: invalid or expired code"),
            refused.err.rfind("code: invalid or expired code"))
      << refused.err;

  std::vector<std::string> right = activate;
  right.push_back(absl::AsciiStrToLower(code));  // typed in lower case: still the code
  const CommandResult activated = Cli(right);
  ASSERT_EQ(activated.exit_code, 0) << activated.err;
  EXPECT_THAT(activated.out, StartsWith("Joined the supplier network of "));
  EXPECT_THAT(activated.out, HasSubstr("(CO " + client_nit));

  const CommandResult entry = Cli({"suppliers", "get", supplier.supplier_id()});
  ASSERT_EQ(entry.exit_code, 0) << entry.err;
  EXPECT_THAT(entry.out, HasSubstr("status       registered"));
  const CommandResult accepted = Cli({"invitations", "list", "--status", "accepted", "--json"});
  ASSERT_EQ(accepted.exit_code, 0) << accepted.err;
  EXPECT_THAT(InvitationsFromJson(accepted.out), SizeIs(1));

  // Activating again answers the same result, also as JSON.
  right.push_back("--json");
  const CommandResult repeated = Cli(right);
  ASSERT_EQ(repeated.exit_code, 0) << repeated.err;
  EXPECT_EQ(FromJson<v1::ActivateWithCodeResponse>(repeated.out).registration_status(),
            v1::REGISTRATION_STATUS_REGISTERED);
}

}  // namespace
}  // namespace supplynet::testing
