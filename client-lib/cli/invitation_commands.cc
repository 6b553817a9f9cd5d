// The invitation commands: invitations send | resend | revoke | get | list, and activate (run
// by the invited supplier's company).
#include <optional>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client-lib/cli/command.h"
#include "client-lib/cli/enum_text.h"
#include "client-lib/cli/tax_id_flags.h"

namespace supplynet::cli {
namespace {

// Every --email, each of which may also list several addresses separated by commas.
std::vector<std::string> Emails(const Invocation& run) {
  std::vector<std::string> emails;
  for (const std::string& value : run.Flags("email")) {
    for (absl::string_view email : absl::StrSplit(value, ',', absl::SkipWhitespace())) {
      emails.emplace_back(email);
    }
  }
  return emails;
}

std::string EmailsText(const v1::Invitation& invitation) {
  return absl::StrJoin(invitation.emails(), ",");
}

void PrintInvitationTable(std::ostream& out, const std::vector<v1::Invitation>& invitations) {
  Table table({"INVITATION_ID", "SUPPLIER_ID", "STATUS", "DELIVERY", "EMAILS", "SENDS", "CREATED",
               "EXPIRES"});
  for (const v1::Invitation& i : invitations) {
    table.AddRow({i.invitation_id(), i.supplier_id(), EnumWord(i.status()),
                  EnumWord(i.delivery_status()), EmailsText(i), std::to_string(i.send_count()),
                  TimeText(i.create_time()), TimeText(i.expire_time())});
  }
  table.Print(out);
}

int PrintInvitation(Invocation& run, const v1::Invitation& i) {
  if (run.json()) {
    run.out << ToJson(i) << "\n";
    return kExitOk;
  }
  Table table({});
  table.AddRow({"invitation_id", i.invitation_id()});
  table.AddRow({"supplier_id", i.supplier_id()});
  table.AddRow({"status", EnumWord(i.status())});
  table.AddRow({"emails", EmailsText(i)});
  table.AddRow({"delivery", EnumWord(i.delivery_status())});
  table.AddRow({"delivery_attempts", std::to_string(i.delivery_attempts())});
  table.AddRow({"last_delivery_error", i.last_delivery_error()});
  table.AddRow({"send_count", std::to_string(i.send_count())});
  table.AddRow({"created", TimeText(i.create_time())});
  table.AddRow({"sent", TimeText(i.send_time())});
  table.AddRow({"expires", TimeText(i.expire_time())});
  table.AddRow({"accepted", TimeText(i.accept_time())});
  table.AddRow({"revoked", TimeText(i.revoke_time())});
  table.AddRow({"updated", TimeText(i.update_time())});
  table.Print(run.out);
  return kExitOk;
}

int SendOne(Invocation& run, const std::string& supplier_id) {
  auto invited = run.client().InviteSupplier(supplier_id, Emails(run), run.Flag("request-id"));
  if (!invited.ok()) return run.Fail(invited.status());
  if (run.json()) {
    run.out << ToJson(*invited) << "\n";
    return kExitOk;
  }
  const v1::Invitation& i = invited->invitation();
  if (invited->reused()) {
    run.out << "Reused the pending invitation " << i.invitation_id() << " of supplier "
            << supplier_id << ": a new code (the old one stops working)";
  } else {
    run.out << "Invited supplier " << supplier_id << ": invitation " << i.invitation_id()
            << ", its code";
  }
  run.out << " queued for " << EmailsText(i) << "; it expires at " << TimeText(i.expire_time())
          << ".\n";
  return kExitOk;
}

// The outcome of one supplier in a batch, for the table: "invited", "reused" or the error.
std::string ResultText(const v1::InviteSupplierResult& result) {
  const absl::Status status = client::FromRpcStatus(result.status());
  if (!status.ok())
    return absl::StatusCodeToString(status.code()) + ": " + std::string(status.message());
  return result.reused() ? "reused" : "invited";
}

int SendMany(Invocation& run, const std::vector<std::string>& supplier_ids) {
  if (run.Has("email")) {
    return run.Usage("--email works with one supplier; several go to their primary emails");
  }
  auto results = run.client().InviteSuppliers(supplier_ids, run.Flag("request-id"));
  if (!results.ok()) return run.Fail(results.status());
  int failed = 0;
  for (const v1::InviteSupplierResult& result : *results) {
    failed += client::FromRpcStatus(result.status()).ok() ? 0 : 1;
  }
  if (run.json()) {
    v1::InviteSuppliersResponse response;
    for (const v1::InviteSupplierResult& result : *results) *response.add_results() = result;
    run.out << ToJson(response) << "\n";
  } else {
    Table table({"SUPPLIER_ID", "RESULT", "INVITATION_ID", "EMAILS"});
    for (const v1::InviteSupplierResult& result : *results) {
      table.AddRow({result.supplier_id(), ResultText(result), result.invitation().invitation_id(),
                    EmailsText(result.invitation())});
    }
    table.Print(run.out);
    run.out << "\n"
            << results->size() - static_cast<size_t>(failed) << " invited, " << failed
            << " failed.\n";
  }
  // Some suppliers were not invited: done in part, which a script must be able to tell.
  return failed > 0 ? kExitPartial : kExitOk;
}

int InvitationsSend(Invocation& run) {
  const std::vector<std::string> supplier_ids = run.Words();
  if (supplier_ids.size() == 1) return SendOne(run, supplier_ids[0]);
  return SendMany(run, supplier_ids);
}

int InvitationsResend(Invocation& run) {
  auto resent = run.client().ResendInvitation(run.Word(0), Emails(run), run.Flag("request-id"));
  if (!resent.ok()) return run.Fail(resent.status());
  if (run.json()) return PrintInvitation(run, *resent);
  run.out << "Sent invitation " << resent->invitation_id() << " again to " << EmailsText(*resent)
          << " with a new code (the old one stops working); it expires at "
          << TimeText(resent->expire_time()) << ".\n";
  return kExitOk;
}

int InvitationsRevoke(Invocation& run) {
  auto revoked = run.client().RevokeInvitation(run.Word(0));
  if (!revoked.ok()) return run.Fail(revoked.status());
  if (run.json()) return PrintInvitation(run, *revoked);
  run.out << "Revoked invitation " << revoked->invitation_id() << "; its code no longer works.\n";
  return kExitOk;
}

int InvitationsGet(Invocation& run) {
  auto invitation = run.client().GetInvitation(run.Word(0));
  if (!invitation.ok()) return run.Fail(invitation.status());
  return PrintInvitation(run, *invitation);
}

int InvitationsList(Invocation& run) {
  v1::ListInvitationsRequest filter;
  filter.set_supplier_id(run.Flag("supplier"));
  if (run.Has("status")) {
    const auto status = ParseEnumWord<v1::InvitationStatus>(run.Flag("status"));
    if (!status.has_value()) {
      return run.Usage("--status is " + EnumWords<v1::InvitationStatus>());
    }
    filter.set_status(*status);
  }
  std::vector<v1::Invitation> invitations;
  absl::Status listed = run.client().ForEachInvitation(
      filter, [&invitations](const v1::Invitation& i) { invitations.push_back(i); });
  if (!listed.ok()) return run.Fail(listed);
  if (run.json()) {
    run.out << ToJsonArray(invitations) << "\n";
  } else {
    PrintInvitationTable(run.out, invitations);
  }
  return kExitOk;
}

// The caller's own tax ID (--country defaults to its company's) and the client's (whose
// country defaults to the caller's); a usage message or a failed call as the exit code.
std::optional<int> ReadActivationTaxIds(Invocation& run, v1::TaxId* own, v1::TaxId* client) {
  if (auto wrong = ReadTaxId(run, own)) return run.Usage(*wrong);
  if (auto wrong = ReadTaxId(run, client, "client-")) return run.Usage(*wrong);
  if (own->country() == v1::COUNTRY_UNSPECIFIED) {
    auto me = run.client().GetCurrentPrincipal();
    if (!me.ok()) return run.Fail(me.status());
    own->set_country(me->company().tax_id().country());
  }
  if (client->country() == v1::COUNTRY_UNSPECIFIED) client->set_country(own->country());
  return std::nullopt;
}

int Activate(Invocation& run) {
  v1::TaxId own;
  v1::TaxId client;
  if (std::optional<int> failed = ReadActivationTaxIds(run, &own, &client)) return *failed;
  auto activated = run.client().ActivateWithCode(own, client, run.Word(0));
  if (!activated.ok()) return run.Fail(activated.status());
  if (run.json()) {
    run.out << ToJson(*activated) << "\n";
    return kExitOk;
  }
  run.out << "Joined the supplier network of " << activated->client_company_name() << " ("
          << TaxIdText(activated->client_tax_id()) << ") at "
          << TimeText(activated->activate_time()) << ".\n";
  return kExitOk;
}

}  // namespace

std::vector<Command> InvitationCommands() {
  return {
      {"invitations send",
       "SUPPLIER_ID... [--email ADDR ...] [--request-id U]",
       "invite suppliers (one: to --email addresses or its primary email; several: each to its "
       "primary email, exit 8 when some failed)",
       {"email=", "request-id="},
       kOneOrMoreWords,
       true,
       InvitationsSend},
      {"invitations resend",
       "INVITATION_ID [--email ADDR ...] [--request-id U]",
       "send a pending invitation again with a new code (optionally to other addresses)",
       {"email=", "request-id="},
       1,
       true,
       InvitationsResend},
      {"invitations revoke",
       "INVITATION_ID",
       "revoke a pending invitation: its code stops working",
       {},
       1,
       true,
       InvitationsRevoke},
      {"invitations get", "INVITATION_ID", "show one invitation", {}, 1, true, InvitationsGet},
      {"invitations list",
       "[--supplier SUPPLIER_ID] [--status pending|accepted|expired|revoked]",
       "list the network's invitations, newest first (every page)",
       {"supplier=", "status="},
       0,
       true,
       InvitationsList},
      {"activate",
       "CODE --tax-id OWN_ID [--country C] [--type T] --client-tax-id ID [--client-country C] "
       "[--client-type T]",
       "join the network of the client that invited your company, with the emailed code "
       "(countries default to your company's)",
       {"tax-id=", "country=", "type=", "client-tax-id=", "client-country=", "client-type="},
       1,
       true,
       Activate},
  };
}

}  // namespace supplynet::cli
