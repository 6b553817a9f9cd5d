// The document commands: documents sync | list | get | status | validate | restart | history |
// report | watch (the workflow ones are in workflow_commands.cc).
#include <google/protobuf/struct.pb.h>

#include <cstdio>
#include <fstream>
#include <optional>

#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client-lib/cli/command.h"
#include "client-lib/cli/document_lines.h"
#include "client-lib/cli/enum_text.h"
#include "client-lib/cli/stop_on_signal.h"
#include "client-lib/cli/tax_id_flags.h"

namespace supplynet::cli {
namespace {

// Documents between two plain progress lines of `documents sync`.
constexpr int64_t kSyncProgressStep = 1000;

std::string NumberText(const v1::Document& d) {
  return d.series().empty() ? d.number() : d.series() + "-" + d.number();
}

std::string StatusText(const v1::Document& d) {
  return EnumWord(d.status()) + " (" + EnumWord(d.color()) + ")";
}

std::string ReasonText(const v1::StatusReason& reason) {
  if (reason.code() == v1::STATUS_REASON_CODE_UNSPECIFIED && reason.text().empty()) return "";
  std::string text = EnumWord(reason.code());
  if (!reason.text().empty()) text += ": " + reason.text();
  return text;
}

// --direction, --status, --type, --country/--tax-id (counterparty), --issued-from,
// --issued-to, --number, --series into `filter`; a usage message when they are wrong.
std::optional<std::string> ReadFilter(const Invocation& run, v1::DocumentFilter* filter) {
  const std::string direction = run.Has("direction") ? run.Flag("direction") : "received";
  const auto parsed = ParseEnumWord<v1::DocumentDirection>(direction);
  if (!parsed.has_value()) return "--direction is issued or received";
  filter->set_direction(*parsed);
  for (absl::string_view word : absl::StrSplit(run.Flag("status"), ',', absl::SkipEmpty())) {
    const auto status = ParseEnumWord<v1::DocumentStatus>(std::string(word));
    if (!status.has_value()) return "--status takes " + EnumWords<v1::DocumentStatus>();
    filter->add_statuses(*status);
  }
  for (absl::string_view word : absl::StrSplit(run.Flag("type"), ',', absl::SkipEmpty())) {
    const auto type = ParseEnumWord<v1::DocumentType>(std::string(word));
    if (!type.has_value()) return "--type takes " + EnumWords<v1::DocumentType>();
    filter->add_types(*type);
  }
  if (run.Has("tax-id")) {
    if (auto wrong = ReadTaxId(run, filter->mutable_counterparty_tax_id())) return wrong;
  }
  filter->set_issue_date_from(run.Flag("issued-from"));
  filter->set_issue_date_to(run.Flag("issued-to"));
  filter->set_number(run.Flag("number"));
  filter->set_series(run.Flag("series"));
  return std::nullopt;
}

const std::vector<std::string> kFilterFlags =
    With(kTaxIdFlags,
         {"direction=", "status=", "type=", "issued-from=", "issued-to=", "number=", "series="});
const char kFilterUsage[] =
    "[--direction issued|received] [--status S,S] [--type T,T] [--country C --tax-id ID] "
    "[--issued-from YYYY-MM-DD] [--issued-to YYYY-MM-DD] [--number N [--series S]]";

void PrintDocumentTable(std::ostream& out, const std::vector<v1::Document>& documents,
                        v1::DocumentDirection direction) {
  const bool issued = direction == v1::DOCUMENT_DIRECTION_ISSUED;
  Table table({"DOCUMENT_ID", "TYPE", "NUMBER", "ISSUED", issued ? "RECEIVER" : "ISSUER", "TOTAL",
               "STATUS"});
  for (const v1::Document& d : documents) {
    table.AddRow({d.document_id(), EnumWord(d.type()), NumberText(d), d.issue_date(),
                  issued ? TaxIdText(d.receiver_tax_id()) + " " + d.receiver_name()
                         : TaxIdText(d.issuer_tax_id()) + " " + d.issuer_name(),
                  d.total_amount() + " " + d.currency_code(), StatusText(d)});
  }
  table.Print(out);
}

void PrintValidationFields(std::ostream& out, const v1::Document& d) {
  if (d.validation_fields_size() == 0) return;
  out << "\n";
  Table table({"FIELD", "LABEL", "VALUE", "SOURCE", "VALID"});
  for (const v1::ValidationFieldState& field : d.validation_fields()) {
    table.AddRow({field.name(), field.label(), field.value(), EnumWord(field.source()),
                  field.valid() ? "yes" : "no"});
  }
  table.Print(out);
}

int PrintDocument(Invocation& run, const v1::Document& d) {
  if (run.json()) {
    run.out << ToJson(d) << "\n";
    return kExitOk;
  }
  Table table({});
  table.AddRow({"document_id", d.document_id()});
  table.AddRow({"type", EnumWord(d.type())});
  table.AddRow({"number", NumberText(d)});
  table.AddRow({"issuer", TaxIdText(d.issuer_tax_id()) + " " + d.issuer_name()});
  table.AddRow({"receiver", TaxIdText(d.receiver_tax_id()) + " " + d.receiver_name()});
  table.AddRow({"issue_date", d.issue_date()});
  table.AddRow({"net", d.net_amount() + " " + d.currency_code()});
  table.AddRow({"tax", d.tax_amount() + " " + d.currency_code()});
  table.AddRow({"total", d.total_amount() + " " + d.currency_code()});
  table.AddRow({"status", StatusText(d)});
  table.AddRow({"reason", ReasonText(d.status_reason())});
  table.AddRow({"status_time", TimeText(d.status_change_time())});
  table.AddRow({"restarts_left", std::to_string(d.restarts_remaining())});
  table.AddRow({"etag", d.etag()});
  table.Print(run.out);
  PrintValidationFields(run.out, d);
  return kExitOk;
}

// A bad line of the sync file as a result, so that scripts see every line accounted for.
v1::SyncDocumentResult LocalRejection(int64_t line, const std::string& error) {
  v1::SyncDocumentResult result;
  result.set_index(-1);  // Never sent.
  result.set_client_key(std::to_string(line));
  result.set_outcome(v1::SYNC_DOCUMENT_OUTCOME_REJECTED);
  result.mutable_error()->set_code(static_cast<int>(absl::StatusCode::kInvalidArgument));
  result.mutable_error()->set_message(error);
  return result;
}

void PrintSyncResult(Invocation& run, const v1::SyncDocumentResult& result) {
  if (run.json()) {
    run.out << ToJson(result) << "\n";
  } else if (result.outcome() == v1::SYNC_DOCUMENT_OUTCOME_REJECTED) {
    run.out << "line " << result.client_key()
            << ": rejected: " << client::Describe(client::FromRpcStatus(result.error())) << "\n";
  }
}

int DocumentsSync(Invocation& run) {
  const std::string path = run.Word(0);
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) return run.Fail(absl::NotFoundError("cannot open " + path));
  }
  int64_t bad_lines = 0;
  client::DocumentSource source =
      DocumentLinesSource(path == "-" ? run.in : file, [&](int64_t line, const std::string& error) {
        ++bad_lines;
        PrintSyncResult(run, LocalRejection(line, error));
      });
  auto progress = [&run](const client::SyncProgress& p) {
    if (run.json() || p.done || p.documents_sent % kSyncProgressStep != 0) return;
    run.err << "progress: " << p.documents_sent << " documents sent\n";
  };
  auto totals = run.client().SyncDocuments(
      source, [&run](const v1::SyncDocumentResult& r) { PrintSyncResult(run, r); }, progress);
  if (!totals.ok()) return run.Fail(totals.status());
  totals->set_rejected(totals->rejected() + static_cast<int32_t>(bad_lines));
  if (run.json()) {
    run.out << ToJson(*totals) << "\n";
  } else {
    run.out << "Synced: " << totals->created() << " created, " << totals->updated() << " updated, "
            << totals->unchanged() << " unchanged, " << totals->rejected() << " rejected.\n";
  }
  return totals->rejected() > 0 ? kExitPartial : kExitOk;
}

int DocumentsList(Invocation& run) {
  v1::DocumentFilter filter;
  if (auto wrong = ReadFilter(run, &filter)) return run.Usage(*wrong);
  std::vector<v1::Document> documents;
  absl::Status listed = run.client().ForEachDocument(
      filter, [&documents](const v1::Document& d) { documents.push_back(d); });
  if (!listed.ok()) return run.Fail(listed);
  if (run.json()) {
    run.out << ToJsonArray(documents) << "\n";
  } else {
    PrintDocumentTable(run.out, documents, filter.direction());
  }
  return kExitOk;
}

int DocumentsGet(Invocation& run) {
  auto document = run.client().GetDocument(run.Word(0));
  if (!document.ok()) return run.Fail(document.status());
  return PrintDocument(run, *document);
}

// "01" to "04" (the Colombian claim codes) or a reason word.
std::optional<v1::StatusReasonCode> ParseReasonCode(const std::string& text) {
  int claim = 0;
  if (absl::SimpleAtoi(text, &claim) && claim >= 1 && claim <= 4) {
    return static_cast<v1::StatusReasonCode>(claim);
  }
  return ParseEnumWord<v1::StatusReasonCode>(text);
}

int DocumentsStatus(Invocation& run) {
  const auto status = ParseEnumWord<v1::DocumentStatus>(run.Flag("to"));
  if (!status.has_value()) return run.Usage("--to takes " + EnumWords<v1::DocumentStatus>());
  v1::StatusReason reason;
  if (run.Has("reason")) {
    const auto code = ParseReasonCode(run.Flag("reason"));
    if (!code.has_value()) {
      return run.Usage("--reason takes 01 to 04 or " + EnumWords<v1::StatusReasonCode>());
    }
    reason.set_code(*code);
  }
  reason.set_text(run.Flag("text"));
  auto changed = run.client().ChangeDocumentStatus(run.Word(0), *status, reason, run.Flag("etag"),
                                                   run.Flag("request-id"));
  if (!changed.ok()) return run.Fail(changed.status());
  if (run.json()) {
    run.out << ToJson(*changed) << "\n";
  } else {
    run.out << "Document " << run.Word(0) << " is " << StatusText(changed->document()) << ".\n";
  }
  return kExitOk;
}

int DocumentsValidate(Invocation& run) {
  std::map<std::string, std::string> values;
  for (const std::string& field : run.Flags("field")) {
    const size_t equals = field.find('=');
    if (equals == std::string::npos || equals == 0) return run.Usage("--field takes NAME=VALUE");
    values[field.substr(0, equals)] = field.substr(equals + 1);
  }
  auto validated = run.client().UpdateValidationInfo(run.Word(0), values, run.Flag("etag"),
                                                     run.Flag("request-id"));
  if (!validated.ok()) return run.Fail(validated.status());
  if (run.json()) {
    run.out << ToJson(*validated) << "\n";
    return kExitOk;
  }
  run.out << "Document " << run.Word(0) << " is " << StatusText(validated->document()) << ".\n";
  if (validated->missing_fields_size() > 0) {
    run.out << "Still missing or invalid: " << absl::StrJoin(validated->missing_fields(), ", ")
            << "\n";
  }
  PrintValidationFields(run.out, validated->document());
  return kExitOk;
}

int DocumentsRestart(Invocation& run) {
  auto restarted =
      run.client().RestartValidation(run.Word(0), run.Flag("etag"), run.Flag("request-id"));
  if (!restarted.ok()) return run.Fail(restarted.status());
  if (run.json()) {
    run.out << ToJson(*restarted) << "\n";
  } else {
    run.out << "Document " << run.Word(0) << " is " << StatusText(restarted->document()) << "; "
            << restarted->restarts_remaining() << " restarts left.\n";
  }
  return kExitOk;
}

std::string ActorText(const v1::StatusChange& change) {
  if (change.actor_type() == v1::STATUS_ACTOR_TYPE_SYSTEM) return "system";
  return change.actor_name() + " (" + change.actor_company_name() + ")";
}

int DocumentsHistory(Invocation& run) {
  auto changes = run.client().ListAllStatusChanges(run.Word(0));
  if (!changes.ok()) return run.Fail(changes.status());
  if (run.json()) {
    run.out << ToJsonArray(*changes) << "\n";
    return kExitOk;
  }
  Table table({"TIME", "FROM", "TO", "BY", "REASON"});
  for (const v1::StatusChange& change : *changes) {
    table.AddRow({TimeText(change.change_time()), EnumWord(change.from_status()),
                  EnumWord(change.to_status()), ActorText(change), ReasonText(change.reason())});
  }
  table.Print(run.out);
  return kExitOk;
}

int DocumentsReport(Invocation& run) {
  const std::string path = run.Flag("out");
  if (path.empty()) return run.Usage("--out FILE is required");
  v1::DocumentFilter filter;
  if (auto wrong = ReadFilter(run, &filter)) return run.Usage(*wrong);
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  if (!file) return run.Fail(absl::InternalError("cannot write " + path));
  auto download = run.client().ExportDocumentReport(filter, file);
  if (download.ok() && !file.flush()) download = absl::InternalError("cannot write " + path);
  if (!download.ok()) {
    // Half a report looks like a whole one: leave none.
    file.close();
    std::remove(path.c_str());
    return run.Fail(download.status());
  }
  if (run.json()) {
    // Built as a protobuf Struct so that the JSON printer does the quoting.
    google::protobuf::Struct written;
    (*written.mutable_fields())["path"].set_string_value(path);
    (*written.mutable_fields())["bytes"].set_number_value(static_cast<double>(download->bytes));
    (*written.mutable_fields())["filename"].set_string_value(download->filename);
    run.out << ToJson(written) << "\n";
  } else {
    run.out << "Wrote " << download->bytes << " bytes to " << path
            << " (the server's name: " << download->filename << ").\n";
  }
  return kExitOk;
}

std::string EventLine(const v1::WatchDocumentEventsResponse& message) {
  const v1::StatusChange& change = message.event().status_change();
  std::string line = TimeText(change.change_time()) + "  " + change.document_id() + "  " +
                     EnumWord(message.event().direction()) + "  " + EnumWord(change.from_status()) +
                     " -> " + EnumWord(change.to_status()) + "  by " + ActorText(change);
  if (const std::string reason = ReasonText(change.reason()); !reason.empty()) {
    line += "  " + reason;
  }
  return line + "  cursor=" + message.cursor();
}

int DocumentsWatch(Invocation& run) {
  int64_t count = 0;
  if (run.Has("count") && (!absl::SimpleAtoi(run.Flag("count"), &count) || count <= 0)) {
    return run.Usage("--count takes a positive number");
  }
  v1::WatchDocumentEventsRequest request;
  if (run.Has("direction")) {
    const auto direction = ParseEnumWord<v1::DocumentDirection>(run.Flag("direction"));
    if (!direction.has_value()) return run.Usage("--direction is issued or received");
    request.set_direction(*direction);
  }
  request.set_start_cursor(run.Flag("from"));
  client::WatchCancellation cancellation;
  StopOnSignal stop(cancellation);
  int64_t events = 0;
  bool live = false;
  std::string cursor = request.start_cursor();
  absl::Status watched = run.client().WatchDocumentEvents(
      request,
      [&](const v1::WatchDocumentEventsResponse& message) {
        if (!live) {
          live = true;
          run.err << "Watching document events (Ctrl-C stops)." << std::endl;
        }
        cursor = message.cursor();
        if (!message.has_event()) return true;
        run.out << (run.json() ? ToJson(message) : EventLine(message)) << std::endl;
        return count == 0 || ++events < count;
      },
      &cancellation);
  if (!watched.ok()) return run.Fail(watched);
  if (!run.json() && !cursor.empty()) run.err << "Stopped; resume with --from=" << cursor << "\n";
  return kExitOk;
}

}  // namespace

std::vector<Command> DocumentCommands() {
  return {
      {"documents sync",
       "FILE",
       "sync documents from a JSON-lines file (one supplynet.v1.Document per line; - reads "
       "stdin); exit 8 when some were rejected",
       {},
       1,
       true,
       DocumentsSync},
      {"documents list", kFilterUsage,
       "list received documents, or issued ones with --direction issued (every page)", kFilterFlags,
       0, true, DocumentsList},
      {"documents get",
       "DOCUMENT_ID",
       "show one document and its validation fields",
       {},
       1,
       true,
       DocumentsGet},
      {"documents status",
       "DOCUMENT_ID --to STATUS [--reason 01..04|other --text TEXT] [--etag E] [--request-id U]",
       "decide on a received document (accepted, rejected, payment-scheduled, paid)",
       {"to=", "reason=", "text=", "etag=", "request-id="},
       1,
       true,
       DocumentsStatus},
      {"documents validate",
       "DOCUMENT_ID --field NAME=VALUE ... [--etag E] [--request-id U]",
       "fill in the client's required fields of an issued document",
       {"field=", "etag=", "request-id="},
       1,
       true,
       DocumentsValidate},
      {"documents restart",
       "DOCUMENT_ID [--etag E] [--request-id U]",
       "clear the entered validation values and start again (at most 5 times)",
       {"etag=", "request-id="},
       1,
       true,
       DocumentsRestart},
      {"documents history",
       "DOCUMENT_ID",
       "list every status change of a document",
       {},
       1,
       true,
       DocumentsHistory},
      {"documents report", std::string("--out FILE ") + kFilterUsage,
       "write the CSV report of issued or received documents to FILE", With(kFilterFlags, {"out="}),
       0, true, DocumentsReport},
      {"documents watch",
       "[--from CURSOR] [--direction issued|received] [--count N]",
       "print status changes as they happen, until Ctrl-C, SIGTERM or N events",
       {"from=", "direction=", "count="},
       0,
       true,
       DocumentsWatch},
  };
}

}  // namespace supplynet::cli
