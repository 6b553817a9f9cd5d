// The supplier-network commands: suppliers add | list | get | remove | groups | template |
// import.
#include <unistd.h>

#include <fstream>
#include <optional>

#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client-lib/cli/command.h"
#include "client-lib/cli/import_progress_view.h"
#include "client-lib/cli/tax_id_flags.h"

namespace supplynet::cli {
namespace {

std::optional<v1::RegistrationStatus> ParseStatus(const std::string& text) {
  if (text.empty()) return v1::REGISTRATION_STATUS_UNSPECIFIED;
  if (text == "registered") return v1::REGISTRATION_STATUS_REGISTERED;
  if (text == "invited") return v1::REGISTRATION_STATUS_INVITED;
  if (text == "not-invited") return v1::REGISTRATION_STATUS_NOT_INVITED;
  return std::nullopt;
}

std::string StatusText(v1::RegistrationStatus status) {
  switch (status) {
    case v1::REGISTRATION_STATUS_REGISTERED:
      return "registered";
    case v1::REGISTRATION_STATUS_INVITED:
      return "invited";
    case v1::REGISTRATION_STATUS_NOT_INVITED:
      return "not-invited";
    default:
      return "-";
  }
}

void PrintSupplierTable(std::ostream& out, const std::vector<v1::Supplier>& suppliers) {
  Table table({"SUPPLIER_ID", "TAX_ID", "NAME", "EMAIL", "STATUS", "GROUPS"});
  for (const v1::Supplier& s : suppliers) {
    table.AddRow({s.supplier_id(), TaxIdText(s.tax_id()), s.name(), s.email(),
                  StatusText(s.registration_status()), absl::StrJoin(s.groups(), ",")});
  }
  table.Print(out);
}

int PrintSupplier(Invocation& run, const v1::Supplier& s) {
  if (run.json()) {
    run.out << ToJson(s) << "\n";
    return kExitOk;
  }
  Table table({});
  table.AddRow({"supplier_id", s.supplier_id()});
  table.AddRow({"tax_id", TaxIdText(s.tax_id())});
  table.AddRow({"name", s.name()});
  table.AddRow({"email", s.email()});
  table.AddRow({"status", StatusText(s.registration_status())});
  table.AddRow({"groups", absl::StrJoin(s.groups(), ",")});
  table.AddRow({"city", s.city()});
  table.AddRow({"province", s.province()});
  table.AddRow({"address", s.address()});
  table.AddRow({"phone", s.phone()});
  table.AddRow({"description", s.description()});
  table.AddRow({"updated", TimeText(s.update_time())});
  table.AddRow({"etag", s.etag()});
  table.Print(run.out);
  return kExitOk;
}

int SuppliersAdd(Invocation& run) {
  v1::Supplier supplier;
  if (auto wrong = ReadTaxId(run, supplier.mutable_tax_id())) return run.Usage(*wrong);
  supplier.set_name(run.Flag("name"));
  supplier.set_email(run.Flag("email"));
  supplier.set_description(run.Flag("description"));
  supplier.set_address(run.Flag("address"));
  supplier.set_city(run.Flag("city"));
  supplier.set_province(run.Flag("province"));
  supplier.set_phone(run.Flag("phone"));
  if (run.Has("groups")) {
    for (absl::string_view group : absl::StrSplit(run.Flag("groups"), ',', absl::SkipEmpty())) {
      supplier.add_groups(std::string(group));
    }
  }
  auto added = run.client().AddSupplier(supplier, run.Flag("request-id"));
  if (!added.ok()) return run.Fail(added.status());
  if (run.json()) return PrintSupplier(run, *added);
  run.out << "Added supplier " << added->name() << " (" << added->supplier_id() << ").\n";
  return kExitOk;
}

int SuppliersList(Invocation& run) {
  v1::ListSuppliersRequest filter;
  if (run.Has("tax-id")) {
    if (auto wrong = ReadTaxId(run, filter.mutable_tax_id())) return run.Usage(*wrong);
  }
  const std::optional<v1::RegistrationStatus> status = ParseStatus(run.Flag("status"));
  if (!status.has_value()) return run.Usage("--status is registered, invited or not-invited");
  filter.set_registration_status(*status);
  filter.set_name_contains(run.Flag("name"));
  filter.set_group(run.Flag("group"));
  std::vector<v1::Supplier> suppliers;
  absl::Status listed = run.client().ForEachSupplier(
      filter, [&suppliers](const v1::Supplier& s) { suppliers.push_back(s); });
  if (!listed.ok()) return run.Fail(listed);
  if (run.json()) {
    run.out << ToJsonArray(suppliers) << "\n";
  } else {
    PrintSupplierTable(run.out, suppliers);
  }
  return kExitOk;
}

int SuppliersGet(Invocation& run) {
  auto supplier = run.client().GetSupplier(run.Word(0));
  if (!supplier.ok()) return run.Fail(supplier.status());
  return PrintSupplier(run, *supplier);
}

int SuppliersRemove(Invocation& run) {
  auto removed = run.client().RemoveSupplier(run.Word(0), run.Flag("etag"));
  if (!removed.ok()) return run.Fail(removed.status());
  run.out << (run.json() ? "{}" : "Removed supplier " + run.Word(0) + ".") << "\n";
  return kExitOk;
}

int SuppliersGroups(Invocation& run) {
  auto groups = run.client().ListAllGroups();
  if (!groups.ok()) return run.Fail(groups.status());
  if (run.json()) {
    run.out << ToJsonArray(*groups) << "\n";
    return kExitOk;
  }
  Table table({"GROUP", "SUPPLIERS"});
  for (const v1::SupplierGroup& group : *groups) {
    table.AddRow({group.name(), std::to_string(group.supplier_count())});
  }
  table.Print(run.out);
  return kExitOk;
}

int SuppliersTemplate(Invocation& run) {
  auto layout = run.client().GetImportTemplate();
  if (!layout.ok()) return run.Fail(layout.status());
  if (run.json()) {
    run.out << ToJson(*layout) << "\n";
    return kExitOk;
  }
  if (std::string path = run.Flag("out"); !path.empty()) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << layout->header_line() << "\r\n";
    if (!file.flush()) return run.Fail(absl::InternalError("cannot write " + path));
    run.out << "Wrote the template header to " << path << ".\n";
    return kExitOk;
  }
  Table table({"COLUMN", "REQUIRED", "DESCRIPTION"});
  for (const v1::ImportTemplateColumn& column : layout->columns()) {
    table.AddRow({column.name(), column.required() ? "yes" : "no", column.description()});
  }
  table.Print(run.out);
  run.out << "\nHeader line: " << layout->header_line()
          << "\nGroups separator: " << layout->groups_separator() << "\n";
  return kExitOk;
}

// The rejected rows as CSV (line,column,message), quoted as RFC 4180 asks.
absl::Status WriteErrorsCsv(const std::string& path, const v1::ImportSuppliersResponse& report) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  auto quote = [](const std::string& text) {
    std::string quoted = "\"";
    for (char c : text) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    return quoted + "\"";
  };
  file << "line,column,message\r\n";
  for (const v1::ImportRowError& error : report.errors()) {
    file << error.line() << "," << quote(error.column()) << "," << quote(error.message()) << "\r\n";
  }
  if (!file.flush()) return absl::InternalError("cannot write " + path);
  return absl::OkStatus();
}

void PrintImportReport(std::ostream& out, const v1::ImportSuppliersResponse& report) {
  out << (report.dry_run() ? "Dry run (nothing written): " : "Imported: ") << report.rows_read()
      << " rows read, " << report.created() << " created, " << report.updated() << " updated, "
      << report.unchanged() << " unchanged, " << report.rejected() << " rejected, "
      << report.invitations_requested() << " invitations requested.\n";
  if (report.errors_size() == 0) return;
  out << "\n";
  Table table({"LINE", "COLUMN", "ERROR"});
  for (const v1::ImportRowError& error : report.errors()) {
    table.AddRow({std::to_string(error.line()), error.column(), error.message()});
  }
  table.Print(out);
  if (report.errors_truncated()) out << "(more rejected rows than the report lists)\n";
}

int SuppliersImport(Invocation& run) {
  // The country of the file's tax IDs: the CSV has no column for it.
  const std::optional<v1::Country> country = ParseCountry(run.Flag("country"));
  if (!country.has_value() || *country == v1::COUNTRY_UNSPECIFIED) {
    return run.Usage("--country CO, PE or CR is required: the country of the file's tax IDs");
  }
  v1::ImportSuppliersOptions options;
  options.set_dry_run(run.Has("dry-run"));
  options.set_request_id(run.Flag("request-id"));
  options.set_default_country(*country);
  // Batch jobs send no email unless asked: --notify honours the file's Notify column.
  options.set_notify_mode(run.Has("notify") ? v1::IMPORT_NOTIFY_MODE_UNSPECIFIED
                                            : v1::IMPORT_NOTIFY_MODE_NEVER);
  ImportProgressView view(run.err, !run.json() && isatty(STDERR_FILENO) == 1);
  auto report = run.client().ImportSuppliersFromFile(
      run.Word(0), options, [&view](const client::ImportProgress& p) { view.Update(p); });
  if (!report.ok()) return run.Fail(report.status());
  if (std::string path = run.Flag("errors-csv"); !path.empty()) {
    if (absl::Status written = WriteErrorsCsv(path, *report); !written.ok()) {
      return run.Fail(written);
    }
  }
  if (run.json()) {
    run.out << ToJson(*report) << "\n";
  } else {
    PrintImportReport(run.out, *report);
  }
  // Rows were rejected: the job succeeded in part, which a script must be able to tell.
  return report->rejected() > 0 ? kExitPartial : kExitOk;
}

}  // namespace

std::vector<Command> SupplierCommands() {
  return {
      {"suppliers add",
       "--country CO|PE|CR --tax-id ID [--type T] --name NAME --email EMAIL [--groups A,B] "
       "[--city C] [--province P] [--address A] [--phone P] [--description D] [--request-id U]",
       "add a supplier to the network",
       With(kTaxIdFlags, {"name=", "email=", "groups=", "city=", "province=", "address=", "phone=",
                          "description=", "request-id="}),
       0, true, SuppliersAdd},
      {"suppliers list",
       "[--name TEXT] [--country C --tax-id ID] [--status registered|invited|not-invited] "
       "[--group G]",
       "list the network's suppliers (every page)",
       With(kTaxIdFlags, {"name=", "status=", "group="}), 0, true, SuppliersList},
      {"suppliers get", "SUPPLIER_ID", "show one supplier", {}, 1, true, SuppliersGet},
      {"suppliers remove",
       "SUPPLIER_ID [--etag E]",
       "remove a supplier from the network",
       {"etag="},
       1,
       true,
       SuppliersRemove},
      {"suppliers groups", "", "list the groups and their sizes", {}, 0, true, SuppliersGroups},
      {"suppliers template",
       "[--out FILE]",
       "describe the import CSV (or write its header to FILE)",
       {"out="},
       0,
       true,
       SuppliersTemplate},
      {"suppliers import",
       "FILE --country CO|PE|CR [--dry-run] [--notify] [--request-id U] [--errors-csv OUT]",
       "import a supplier CSV with progress; --notify invites the rows with Notify = 1; exit 8 "
       "when rows were rejected",
       {"dry-run", "notify", "country=", "request-id=", "errors-csv="},
       1,
       true,
       SuppliersImport},
  };
}

}  // namespace supplynet::cli
