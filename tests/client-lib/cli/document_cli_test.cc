// `supplynet documents ...` against the real server: the sync file, tables, --json, exit
// codes, the report file and a watch that sees another call's change.
#include <gmock/gmock.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/str_split.h"
#include "tests/client-lib/cli/cli_fixture.h"
#include "tests/support/documents.h"

namespace supplynet::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::StartsWith;

template <typename Message>
Message FromJson(const std::string& json) {
  Message message;
  EXPECT_TRUE(google::protobuf::util::JsonStringToMessage(json, &message).ok()) << json;
  return message;
}

std::string JsonLine(const v1::Document& document) {
  std::string line;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(document, &line).ok());
  return line + "\n";
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

class DocumentCliTest : public CliTest {
 protected:
  void SetUp() override {
    CliTest::SetUp();
    supplier_nit_ = NextNit();
    client_nit_ = NextNit();
    // The CLI is logged in as the supplier; the client's calls pass its token.
    supplier_ = RegisterTenant(*accounts_, supplier_nit_, "cli-doc-supplier-" + supplier_nit_);
    ASSERT_EQ(Cli({"login", "--username", supplier_.admin_username}, kPassword).exit_code, 0);
    client_ = RegisterTenant(*accounts_, client_nit_, "cli-doc-client-" + client_nit_);
  }

  // The CLI as the client company's administrator.
  CommandResult AsClient(const std::vector<std::string>& args) {
    return Cli(args, "", {{"SUPPLYNET_TOKEN", client_.admin_token}});
  }
  std::string NextNumber() { return std::to_string(7000 + next_++); }
  std::string WriteFile(const std::string& name, const std::string& content) {
    const std::string path = home_.path() + "/" + name;
    std::ofstream(path) << content;
    return path;
  }
  // Syncs `count` invoices from the supplier to the client through the CLI; returns their ids.
  std::vector<std::string> SyncInvoices(int count) {
    std::string lines;
    for (int i = 0; i < count; ++i)
      lines += JsonLine(Invoice(supplier_nit_, client_nit_, NextNumber()));
    const CommandResult synced =
        Cli({"documents", "sync", WriteFile("sync.jsonl", lines), "--json"});
    EXPECT_EQ(synced.exit_code, 0) << synced.err;
    std::vector<std::string> results = Lines(synced.out);
    if (!results.empty()) results.pop_back();  // The totals.
    std::vector<std::string> ids;
    for (const std::string& line : results) {
      ids.push_back(FromJson<v1::SyncDocumentResult>(line).document_id());
    }
    EXPECT_EQ(ids.size(), static_cast<size_t>(count));
    return ids;
  }
  // The client requires a purchase order "PO-" + 4 digits.
  void RequirePurchaseOrder() {
    const CommandResult set = AsClient({"documents", "workflow", "set", "--field",
                                        R"(purchase_order:Purchase order number:PO-\d{4})"});
    ASSERT_EQ(set.exit_code, 0) << set.err;
  }
  // `supplynet ARGS` in the background as the client.
  std::unique_ptr<BackgroundCommand> ClientInBackground(std::vector<std::string> args) {
    args.insert(args.begin(), SUPPLYNET_CLI_BINARY);
    return std::make_unique<BackgroundCommand>(
        args, std::map<std::string, std::string>{{"XDG_CONFIG_HOME", home_.path()},
                                                 {"SUPPLYNET_ADDR", server_->address()},
                                                 {"SUPPLYNET_TOKEN", client_.admin_token}});
  }

  std::string supplier_nit_;
  std::string client_nit_;
  Tenant supplier_;
  Tenant client_;
};

TEST_F(DocumentCliTest, SyncReportsEachRejectedLineAndExitsEight) {
  v1::Document bad_amount = Invoice(supplier_nit_, client_nit_, NextNumber());
  bad_amount.set_net_amount("12,50");
  const std::string path =
      WriteFile("docs.jsonl", JsonLine(Invoice(supplier_nit_, client_nit_, NextNumber())) +
                                  JsonLine(bad_amount) + "\n{\"number\": oops}\n" +
                                  JsonLine(Invoice(supplier_nit_, client_nit_, NextNumber())));

  const CommandResult synced = Cli({"documents", "sync", path});
  EXPECT_EQ(synced.exit_code, 8) << synced.err;
  EXPECT_THAT(synced.out, HasSubstr("line 2: rejected: INVALID_ARGUMENT"));
  EXPECT_THAT(synced.out, HasSubstr("net_amount"));
  EXPECT_THAT(synced.out, HasSubstr("line 4: rejected: INVALID_ARGUMENT: not a Document in JSON"));
  EXPECT_THAT(synced.out, HasSubstr("Synced: 2 created, 0 updated, 0 unchanged, 2 rejected."));

  // Again, as JSON lines: a result per document, then the totals; nothing new.
  const CommandResult again = Cli({"documents", "sync", path, "--json"});
  EXPECT_EQ(again.exit_code, 8) << again.err;
  const std::vector<std::string> lines = Lines(again.out);
  ASSERT_EQ(lines.size(), 5u);
  EXPECT_EQ(FromJson<v1::SyncDocumentResult>(lines[0]).outcome(),
            v1::SYNC_DOCUMENT_OUTCOME_REJECTED);  // line 4, rejected before sending
  EXPECT_EQ(FromJson<v1::SyncDocumentResult>(lines[0]).client_key(), "4");
  const auto second = FromJson<v1::SyncDocumentResult>(lines[2]);
  EXPECT_EQ(second.client_key(), "2");
  EXPECT_EQ(second.error().code(), 3);  // INVALID_ARGUMENT
  const auto totals = FromJson<v1::SyncDocumentsResponse>(lines[4]);
  EXPECT_EQ(totals.unchanged(), 2);
  EXPECT_EQ(totals.rejected(), 2);

  EXPECT_EQ(Cli({"documents", "sync", home_.path() + "/missing.jsonl"}).exit_code, 4);
}

TEST_F(DocumentCliTest, SyncPrintsAProgressLineEveryThousandDocuments) {
  std::string lines;
  for (int i = 0; i < 1001; ++i) {
    lines += JsonLine(Invoice(supplier_nit_, client_nit_, "P" + std::to_string(i)));
  }
  const CommandResult synced = Cli({"documents", "sync", WriteFile("many.jsonl", lines)});
  EXPECT_EQ(synced.exit_code, 0) << synced.err;
  EXPECT_EQ(synced.err, "progress: 1000 documents sent\n");
  EXPECT_EQ(synced.out, "Synced: 1001 created, 0 updated, 0 unchanged, 0 rejected.\n");
}

TEST_F(DocumentCliTest, SyncReadsStandardInput) {
  const CommandResult synced =
      Cli({"documents", "sync", "-"}, JsonLine(Invoice(supplier_nit_, client_nit_, NextNumber())));
  EXPECT_EQ(synced.exit_code, 0) << synced.err;
  EXPECT_EQ(synced.out, "Synced: 1 created, 0 updated, 0 unchanged, 0 rejected.\n");
}

TEST_F(DocumentCliTest, ListAndGetBothSidesAsTablesAndJson) {
  const std::vector<std::string> ids = SyncInvoices(3);
  ASSERT_EQ(ids.size(), 3u);

  const CommandResult issued = Cli({"documents", "list", "--direction", "issued"});
  ASSERT_EQ(issued.exit_code, 0) << issued.err;
  EXPECT_THAT(issued.out, StartsWith("DOCUMENT_ID"));
  EXPECT_THAT(issued.out, HasSubstr("RECEIVER"));
  EXPECT_THAT(issued.out, HasSubstr("119.00 COP"));
  EXPECT_THAT(issued.out, HasSubstr("sent (yellow)"));
  EXPECT_EQ(Lines(issued.out).size(), 4u);

  const CommandResult received = AsClient({"documents", "list", "--json"});
  ASSERT_EQ(received.exit_code, 0) << received.err;
  const auto listed = FromJson<v1::ListDocumentsResponse>("{\"documents\":" + received.out + "}");
  EXPECT_EQ(listed.documents_size(), 3);
  const CommandResult none = AsClient({"documents", "list", "--status", "paid", "--json"});
  EXPECT_EQ(none.out, "[]\n");

  const CommandResult got = AsClient({"documents", "get", ids[0]});
  ASSERT_EQ(got.exit_code, 0) << got.err;
  EXPECT_THAT(got.out, HasSubstr("Proveedor " + supplier_nit_));
  const CommandResult json = Cli({"documents", "get", ids[0], "--json"});
  EXPECT_EQ(FromJson<v1::Document>(json.out).document_id(), ids[0]);

  // Another company's document does not exist for a stranger.
  const Tenant stranger = RegisterTenant(*accounts_, NextNit(), "cli-doc-stranger-" + NextNit());
  EXPECT_EQ(
      Cli({"documents", "get", ids[0]}, "", {{"SUPPLYNET_TOKEN", stranger.admin_token}}).exit_code,
      4);
  EXPECT_EQ(Cli({"documents", "list", "--direction", "sideways"}).exit_code, 2);
  EXPECT_EQ(Cli({"documents", "list", "--issued-from", "2024-13-01"}).exit_code, 5);
}

TEST_F(DocumentCliTest, OnlyTheClientDecidesAndARejectionNeedsAReason) {
  const std::string id = SyncInvoices(1).at(0);
  // The supplier trying to decide is not allowed.
  EXPECT_EQ(Cli({"documents", "status", id, "--to", "accepted"}).exit_code, 3);

  const CommandResult bare = AsClient({"documents", "status", id, "--to", "rejected"});
  EXPECT_EQ(bare.exit_code, 5);
  EXPECT_THAT(bare.err, HasSubstr("reason.code:"));
  EXPECT_THAT(bare.err, HasSubstr("reason.text:"));
  const CommandResult json_error =
      AsClient({"documents", "status", id, "--to", "rejected", "--json"});
  EXPECT_THAT(json_error.err, HasSubstr("\"fieldViolations\":[{"));
  // An etag read before the supplier restarted the validation is stale.
  const std::string etag =
      FromJson<v1::Document>(AsClient({"documents", "get", id, "--json"}).out).etag();
  ASSERT_EQ(Cli({"documents", "restart", id}).exit_code, 0);
  ASSERT_EQ(Cli({"documents", "validate", id}).exit_code, 0);
  EXPECT_EQ(AsClient({"documents", "status", id, "--to", "rejected", "--reason", "02", "--text",
                      "No llegó", "--etag", etag})
                .exit_code,
            6);
  EXPECT_EQ(AsClient({"documents", "status", id, "--to", "maybe"}).exit_code, 2);

  const CommandResult rejected = AsClient(
      {"documents", "status", id, "--to", "rejected", "--reason", "02", "--text", "No llegó"});
  ASSERT_EQ(rejected.exit_code, 0) << rejected.err;
  EXPECT_EQ(rejected.out, "Document " + id + " is rejected (red).\n");
  // REJECTED -> ACCEPTED is not in the default workflow.
  EXPECT_EQ(AsClient({"documents", "status", id, "--to", "accepted"}).exit_code, 6);

  const CommandResult history = Cli({"documents", "history", id});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  EXPECT_THAT(history.out, StartsWith("TIME"));
  EXPECT_THAT(history.out, HasSubstr("system"));
  EXPECT_THAT(history.out, HasSubstr("goods-not-delivered: No llegó"));
  const CommandResult json = AsClient({"documents", "history", id, "--json"});
  const auto changes =
      FromJson<v1::ListStatusHistoryResponse>("{\"statusChanges\":" + json.out + "}");
  ASSERT_EQ(changes.status_changes_size(), 4);  // sent, restarted, sent, rejected
  EXPECT_EQ(changes.status_changes(3).to_status(), v1::DOCUMENT_STATUS_REJECTED);
  EXPECT_EQ(changes.status_changes(3).actor_name(), client_.admin_username);
}

TEST_F(DocumentCliTest, ValidateSpellsOutViolationsAndRestartStartsAgain) {
  RequirePurchaseOrder();
  const std::string id = SyncInvoices(1).at(0);

  const CommandResult wrong =
      Cli({"documents", "validate", id, "--field", "purchase_order=12", "--field", "store=9"});
  EXPECT_EQ(wrong.exit_code, 5);
  EXPECT_THAT(wrong.err, HasSubstr("values[purchase_order]:"));
  EXPECT_THAT(wrong.err, HasSubstr("values[store]:"));
  EXPECT_EQ(Cli({"documents", "validate", id, "--field", "=x"}).exit_code, 2);
  // The client does not fill in the supplier's fields.
  EXPECT_EQ(AsClient({"documents", "validate", id, "--field", "purchase_order=PO-1234"}).exit_code,
            3);

  const CommandResult valid =
      Cli({"documents", "validate", id, "--field", "purchase_order=PO-1234"});
  ASSERT_EQ(valid.exit_code, 0) << valid.err;
  EXPECT_THAT(valid.out, StartsWith("Document " + id + " is sent (yellow).\n"));
  EXPECT_THAT(valid.out, HasSubstr("PO-1234"));

  const CommandResult restarted = Cli({"documents", "restart", id});
  ASSERT_EQ(restarted.exit_code, 0) << restarted.err;
  EXPECT_THAT(restarted.out, HasSubstr("pending-information (orange); 4 restarts left"));
  const CommandResult pending = Cli({"documents", "validate", id, "--json"});
  ASSERT_EQ(pending.exit_code, 0) << pending.err;
  const auto response = FromJson<v1::UpdateValidationInfoResponse>(pending.out);
  EXPECT_EQ(response.document().status(), v1::DOCUMENT_STATUS_PENDING_INFORMATION);
  ASSERT_EQ(response.missing_fields_size(), 1);
  EXPECT_EQ(response.missing_fields(0), "purchase_order");
}

TEST_F(DocumentCliTest, WorkflowShowsAndReplacesItsListsWithAnEtag) {
  const CommandResult initial = AsClient({"documents", "workflow", "--json"});
  ASSERT_EQ(initial.exit_code, 0) << initial.err;
  EXPECT_TRUE(FromJson<v1::Workflow>(initial.out).required_fields().empty());

  const CommandResult set =
      AsClient({"documents", "workflow", "set", "--field", "store:Store number:[0-9]{1,4}",
                "--field", "po:Purchase order", "--transition", "sent:accepted", "--json"});
  ASSERT_EQ(set.exit_code, 0) << set.err;
  const auto saved = FromJson<v1::Workflow>(set.out);
  ASSERT_EQ(saved.required_fields_size(), 2);
  EXPECT_EQ(saved.required_fields(0).pattern(), "[0-9]{1,4}");
  EXPECT_EQ(saved.required_fields(1).pattern(), "");
  ASSERT_EQ(saved.allowed_transitions_size(), 1);

  const CommandResult shown = AsClient({"documents", "workflow"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, StartsWith("FIELD  LABEL           PATTERN\n"
                                    "store  Store number    [0-9]{1,4}\n"
                                    "po     Purchase order\n"));
  EXPECT_THAT(shown.out, HasSubstr("FROM  TO\nsent  accepted\n"));

  // Only the fields change; the saved etag guards the change.
  const CommandResult cleared =
      AsClient({"documents", "workflow", "set", "--no-fields", "--etag", saved.etag(), "--json"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_TRUE(FromJson<v1::Workflow>(cleared.out).required_fields().empty());
  EXPECT_EQ(FromJson<v1::Workflow>(cleared.out).allowed_transitions_size(), 1);
  EXPECT_EQ(
      AsClient({"documents", "workflow", "set", "--no-fields", "--etag", saved.etag()}).exit_code,
      6);

  const CommandResult bad = AsClient({"documents", "workflow", "set", "--field", "Bad Name:X:("});
  EXPECT_EQ(bad.exit_code, 5);
  EXPECT_THAT(bad.err, HasSubstr("workflow.required_fields[0].name:"));
  EXPECT_THAT(bad.err, HasSubstr("workflow.required_fields[0].pattern:"));
  EXPECT_EQ(AsClient({"documents", "workflow", "set", "--transition", "sent"}).exit_code, 2);
  EXPECT_EQ(AsClient({"documents", "workflow", "set"}).exit_code, 2);
}

TEST_F(DocumentCliTest, ReportWritesTheCsvFile) {
  SyncInvoices(2);
  const std::string path = home_.path() + "/report.csv";
  const CommandResult written =
      Cli({"documents", "report", "--out", path, "--direction", "issued"});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  EXPECT_THAT(written.out, StartsWith("Wrote "));
  std::stringstream content;
  content << std::ifstream(path).rdbuf();
  const std::vector<std::string> lines = absl::StrSplit(content.str(), "\r\n", absl::SkipEmpty());
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_THAT(lines[0], StartsWith("Document ID,Country,Type,Series,Number,"));
  EXPECT_THAT(lines[1], HasSubstr(",119.00,"));
  EXPECT_THAT(lines[1], HasSubstr("Cliente " + client_nit_));

  const CommandResult json = AsClient({"documents", "report", "--out", path, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto answer = FromJson<google::protobuf::Struct>(json.out);
  EXPECT_EQ(answer.fields().at("path").string_value(), path);
  EXPECT_GT(answer.fields().at("bytes").number_value(), 0);
  EXPECT_THAT(answer.fields().at("filename").string_value(), StartsWith("documents-received-"));
  EXPECT_EQ(Cli({"documents", "report", "--direction", "issued"}).exit_code, 2);
  // A failed report leaves no file that looks like a whole one.
  EXPECT_EQ(Cli({"documents", "report", "--out", path, "--issued-from", "yesterday"}).exit_code, 5);
  EXPECT_FALSE(std::filesystem::exists(path));
}

TEST_F(DocumentCliTest, WatchPrintsAChangeMadeByAnotherCall) {
  const std::string id = SyncInvoices(1).at(0);
  std::unique_ptr<BackgroundCommand> watch =
      ClientInBackground({"documents", "watch", "--count", "2", "--json"});
  ASSERT_TRUE(watch->started());
  ASSERT_TRUE(watch->WaitForErr("Watching document events")) << watch->Wait().err;
  // Delivery is at least once: while another transaction is open in the cluster, a new
  // watch may first repeat the document's creation. Two changes make two events either way.
  ASSERT_EQ(AsClient({"documents", "status", id, "--to", "accepted"}).exit_code, 0);
  ASSERT_EQ(AsClient({"documents", "status", id, "--to", "paid"}).exit_code, 0);

  const CommandResult watched = watch->Wait();
  EXPECT_EQ(watched.exit_code, 0) << watched.err;
  const std::vector<std::string> lines = Lines(watched.out);
  ASSERT_EQ(lines.size(), 2u) << watched.out;
  int accepted = 0;
  for (const std::string& line : lines) {
    const auto event = FromJson<v1::WatchDocumentEventsResponse>(line);
    EXPECT_EQ(event.event().status_change().document_id(), id);
    EXPECT_EQ(event.event().direction(), v1::DOCUMENT_DIRECTION_RECEIVED);
    EXPECT_FALSE(event.cursor().empty());
    accepted += event.event().status_change().to_status() == v1::DOCUMENT_STATUS_ACCEPTED;
  }
  EXPECT_EQ(accepted, 1) << watched.out;
}

TEST_F(DocumentCliTest, WatchStopsOnSigtermAndResumesFromItsCursor) {
  const std::string id = SyncInvoices(1).at(0);
  std::unique_ptr<BackgroundCommand> watch = ClientInBackground({"documents", "watch"});
  ASSERT_TRUE(watch->WaitForErr("Watching document events")) << watch->Wait().err;
  watch->Signal(SIGTERM);
  const CommandResult stopped = watch->Wait();
  EXPECT_EQ(stopped.exit_code, 0) << stopped.err;
  EXPECT_THAT(stopped.out, IsEmpty());
  const size_t at = stopped.err.find("resume with --from=");
  ASSERT_NE(at, std::string::npos) << stopped.err;
  const std::string cursor = Lines(stopped.err.substr(at + 19)).at(0);

  // A change made while nobody watched arrives when the watch resumes. Delivery is at least
  // once: while any transaction is open anywhere in the cluster, a resumed stream may first
  // repeat the changes from just before its cursor (here the document's creation, the only
  // other change of this client). So two events are read and a second change is made: they
  // are either the repeat and the change, or the change and the next one.
  ASSERT_EQ(AsClient({"documents", "status", id, "--to", "accepted"}).exit_code, 0);
  ASSERT_EQ(AsClient({"documents", "status", id, "--to", "paid"}).exit_code, 0);
  const CommandResult resumed = AsClient({"documents", "watch", "--from", cursor, "--count", "2"});
  EXPECT_EQ(resumed.exit_code, 0) << resumed.err;
  EXPECT_THAT(resumed.out,
              HasSubstr(id + "  received  sent -> accepted  by " + client_.admin_username));
  EXPECT_EQ(AsClient({"documents", "watch", "--count", "0"}).exit_code, 2);
}

}  // namespace
}  // namespace supplynet::testing
