// `supplynet suppliers ...` against the real server: tables, --json, exit codes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "tests/client-lib/cli/cli_fixture.h"

namespace supplynet::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

class SupplierCliTest : public CliTest {
 protected:
  // Adds a supplier through the CLI and returns its id.
  std::string AddSupplier(const std::string& nit, const std::string& name,
                          const std::string& groups = "") {
    std::vector<std::string> args = {"suppliers", "add",    "--country", "CO",      "--tax-id",
                                     nit,         "--name", name,        "--email", "a@example.co",
                                     "--json"};
    if (!groups.empty()) args.insert(args.end(), {"--groups", groups});
    const CommandResult added = Cli(args);
    EXPECT_EQ(added.exit_code, 0) << added.err;
    const size_t at = added.out.find("\"supplierId\":\"");
    if (at == std::string::npos) return "";
    return added.out.substr(at + 14, 36);
  }
};

TEST_F(SupplierCliTest, AddListGetAndRemove) {
  LoggedInTenant("cli-suppliers");
  const std::string id = AddSupplier(NextNit(), "Distribuidora Gómez", "norte,vip");
  ASSERT_EQ(id.size(), 36u);

  const CommandResult list = Cli({"suppliers", "list", "--name", "gomez"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_THAT(list.out, StartsWith("SUPPLIER_ID"));
  EXPECT_THAT(list.out, HasSubstr("Distribuidora Gómez"));
  EXPECT_THAT(list.out, HasSubstr("not-invited"));
  EXPECT_THAT(list.out, HasSubstr("norte,vip"));

  const CommandResult get = Cli({"suppliers", "get", id});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_THAT(get.out, HasSubstr("a@example.co"));

  const CommandResult groups = Cli({"suppliers", "groups"});
  ASSERT_EQ(groups.exit_code, 0) << groups.err;
  EXPECT_THAT(groups.out, HasSubstr("vip"));

  const CommandResult removed = Cli({"suppliers", "remove", id});
  ASSERT_EQ(removed.exit_code, 0) << removed.err;
  EXPECT_EQ(Cli({"suppliers", "get", id}).exit_code, 4);
}

TEST_F(SupplierCliTest, ListJsonIsAnArrayAndFiltersByStatus) {
  LoggedInTenant("cli-suppliers-json");
  AddSupplier(NextNit(), "Uno");
  const CommandResult none = Cli({"suppliers", "list", "--status", "registered", "--json"});
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_EQ(none.out, "[]\n");
  const CommandResult all = Cli({"suppliers", "list", "--json"});
  EXPECT_THAT(all.out, StartsWith("[{"));
}

TEST_F(SupplierCliTest, BadInputExitsWithFiveAndNamesTheField) {
  LoggedInTenant("cli-suppliers-bad");
  const CommandResult bad = Cli(
      {"suppliers", "add", "--country", "CO", "--tax-id", "12", "--name", "X", "--email", "nope"});
  EXPECT_EQ(bad.exit_code, 5);
  EXPECT_THAT(bad.err, HasSubstr("supplier.email"));
}

TEST_F(SupplierCliTest, DuplicateExitsWithSix) {
  LoggedInTenant("cli-suppliers-dup");
  const std::string nit = NextNit();
  AddSupplier(nit, "Primero");
  const CommandResult again = Cli({"suppliers", "add", "--country", "CO", "--tax-id", nit, "--name",
                                   "Segundo", "--email", "b@example.co"});
  EXPECT_EQ(again.exit_code, 6) << again.err;
}

TEST_F(SupplierCliTest, UsageMistakesExitWithTwo) {
  LoggedInTenant("cli-suppliers-usage");
  EXPECT_EQ(Cli({"suppliers", "add", "--country", "AR"}).exit_code, 2);
  EXPECT_EQ(Cli({"suppliers", "list", "--status", "maybe"}).exit_code, 2);
  EXPECT_EQ(Cli({"suppliers", "get"}).exit_code, 2);
}

TEST_F(SupplierCliTest, TemplateWritesTheHeaderLine) {
  LoggedInTenant("cli-suppliers-template");
  const std::string path = home_.path() + "/template.csv";
  const CommandResult written = Cli({"suppliers", "template", "--out", path});
  ASSERT_EQ(written.exit_code, 0) << written.err;
  std::stringstream content;
  content << std::ifstream(path).rdbuf();
  const CommandResult shown = Cli({"suppliers", "template"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_THAT(shown.out, HasSubstr("Header line: " + content.str().substr(0, 20)));
}

// A supplier CSV of `rows` good rows and, when `bad_tax_id` is set, one row with that tax ID.
std::string SupplierCsv(int first_nit, int rows, const std::string& bad_tax_id = "") {
  std::string csv =
      "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*\n";
  for (int i = 0; i < rows; ++i) {
    const std::string nit = std::to_string(first_nit + i);
    csv += nit + ",Proveedor " + nit + ",,,Cali,,,,compras@example.co,lote,0\n";
  }
  if (!bad_tax_id.empty()) csv += bad_tax_id + ",Malo,,,,,,,malo@example.co,,0\n";
  return csv;
}

// The batch job of the "done when": one command imports 100,000 rows (a file of
// several chunks) and shows its progress at every tenth.
TEST_F(SupplierCliTest, AHundredThousandRowImportShowsItsProgressAndCreatesEveryRow) {
  LoggedInTenant("cli-import-100k");
  const std::string path = home_.path() + "/proveedores-100k.csv";
  std::ofstream(path) << SupplierCsv(800000000, 100000);
  const CommandResult run = Cli({"suppliers", "import", path, "--country", "CO"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_THAT(run.out, HasSubstr("100000 rows read, 100000 created, 0 updated, 0 unchanged, "
                                 "0 rejected"));
  std::vector<std::string> lines;
  std::istringstream err(run.err);
  for (std::string line; std::getline(err, line);) lines.push_back(line);
  ASSERT_GE(lines.size(), 5u) << run.err;  // 256 KiB chunks of a ~6 MiB file.
  for (const std::string& line : lines) EXPECT_THAT(line, StartsWith("progress: "));
  EXPECT_THAT(lines.back(), HasSubstr("100%"));
  EXPECT_THAT(lines.back(), HasSubstr("100000 rows"));
  EXPECT_THAT(lines.back(), HasSubstr("sent, waiting for the report"));
}

TEST_F(SupplierCliTest, ImportReportsRowsAndProgressAndExitsEightOnRejectedRows) {
  LoggedInTenant("cli-import");
  const std::string path = home_.path() + "/proveedores.csv";
  std::ofstream(path) << SupplierCsv(940000000, 2000, "12AB");
  const std::string errors = home_.path() + "/rechazos.csv";

  const CommandResult run =
      Cli({"suppliers", "import", path, "--country", "CO", "--errors-csv", errors});
  EXPECT_EQ(run.exit_code, 8) << run.err;
  EXPECT_THAT(run.out, HasSubstr("2001 rows read, 2000 created, 0 updated, 0 unchanged, "
                                 "1 rejected"));
  EXPECT_THAT(run.out, HasSubstr("LINE"));
  EXPECT_THAT(run.out, HasSubstr("2002"));  // the bad row's line (after the header)
  // stderr is a pipe here: plain lines, the last one once everything is sent.
  EXPECT_THAT(run.err, StartsWith("progress: "));
  EXPECT_THAT(run.err, HasSubstr("100%"));
  EXPECT_THAT(run.err, HasSubstr("2001 rows"));
  EXPECT_THAT(run.err, HasSubstr("waiting for the report"));
  EXPECT_THAT(run.err, ::testing::Not(HasSubstr("\x1b")));
  std::stringstream report;
  report << std::ifstream(errors).rdbuf();
  EXPECT_THAT(report.str(), StartsWith("line,column,message\r\n2002,"));

  // The same file again changes nothing.
  const CommandResult again =
      Cli({"suppliers", "import", path, "--country", "CO", "--json", "--stream-timeout", "0"});
  EXPECT_EQ(again.exit_code, 8) << again.err;
  EXPECT_THAT(again.out, HasSubstr("\"unchanged\":\"2000\""));
}

TEST_F(SupplierCliTest, DryRunImportWritesNothing) {
  LoggedInTenant("cli-import-dry");
  const std::string path = home_.path() + "/proveedores.csv";
  std::ofstream(path) << SupplierCsv(941000000, 3);
  const CommandResult dry = Cli({"suppliers", "import", path, "--country", "CO", "--dry-run"});
  EXPECT_EQ(dry.exit_code, 0) << dry.err;
  EXPECT_THAT(dry.out, StartsWith("Dry run (nothing written): 3 rows read, 3 created"));
  EXPECT_EQ(Cli({"suppliers", "list", "--json"}).out, "[]\n");
}

TEST_F(SupplierCliTest, ImportProblemsExitWithTheirCodes) {
  LoggedInTenant("cli-import-bad");
  const std::string path = home_.path() + "/sin-columnas.csv";
  std::ofstream(path) << "Name,City\nSolo nombre,Cali\n";
  const CommandResult header = Cli({"suppliers", "import", path, "--country", "CO"});
  EXPECT_EQ(header.exit_code, 5) << header.err;
  EXPECT_EQ(
      Cli({"suppliers", "import", home_.path() + "/missing.csv", "--country", "CO"}).exit_code, 4);
  EXPECT_EQ(Cli({"suppliers", "import", path}).exit_code, 2);  // --country is required
}

}  // namespace
}  // namespace supplynet::testing
