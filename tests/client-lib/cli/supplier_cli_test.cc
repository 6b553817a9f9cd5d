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

}  // namespace
}  // namespace supplynet::testing
