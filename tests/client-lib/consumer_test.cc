// Another team's view: install the client package into a temporary prefix, build the
// separate CMake project in tests/client-lib/consumer against it, run it against the real
// server; and build and run the same program with only the flags of the installation's
// pkg-config file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "tests/client-lib/command.h"
#include "tests/support/accounts.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::HasSubstr;

// Fails the test with the command's output unless it exited with 0.
void ExpectSuccess(const std::vector<std::string>& argv,
                   const std::map<std::string, std::string>& env = {}) {
  const CommandResult result = RunCommand(argv, env);
  ASSERT_EQ(result.exit_code, 0) << argv[0] << " " << argv[1] << "\n" << result.out << result.err;
}

TEST(ConsumerTest, BuildsAgainstTheInstalledPackageAndCallsTheServer) {
  TempDir work;
  ASSERT_FALSE(work.path().empty());
  const std::string prefix = work.path() + "/prefix";
  const std::string build = work.path() + "/build";
  ASSERT_NO_FATAL_FAILURE(ExpectSuccess({SUPPLYNET_CMAKE, "--install", SUPPLYNET_BUILD_DIR,
                                         "--prefix", prefix, "--component", "supplynet_client"}));
  ASSERT_NO_FATAL_FAILURE(ExpectSuccess(
      {SUPPLYNET_CMAKE, "-S", SUPPLYNET_CONSUMER_SOURCE_DIR, "-B", build, "-G",
       SUPPLYNET_CMAKE_GENERATOR, "-DCMAKE_BUILD_TYPE=Release",
       "-DCMAKE_CXX_COMPILER=" SUPPLYNET_CXX_COMPILER, "-DCMAKE_PREFIX_PATH=" + prefix,
       "-DCMAKE_EXE_LINKER_FLAGS=" SUPPLYNET_SANITIZER_LINK}));
  ASSERT_NO_FATAL_FAILURE(ExpectSuccess({SUPPLYNET_CMAKE, "--build", build, "-j2"}));

  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  TestServer server(*db);
  ASSERT_TRUE(server.ok());
  const CommandResult run =
      RunCommand({build + "/consumer", server.address(), "930000001", "consumer-admin"});
  ASSERT_EQ(run.exit_code, 0) << run.err;

  auto accounts = server.Accounts();
  v1::GetCurrentPrincipalResponse me;
  ASSERT_TRUE(
      accounts->GetCurrentPrincipal(Ctx(LoginToken(*accounts, "consumer-admin")).get(), {}, &me)
          .ok());
  EXPECT_THAT(run.out, ::testing::MatchesRegex("company_id=" + me.company().company_id() +
                                               "\nsupplier_id=[0-9a-f-]{36}\n"));

  // The pkg-config file of the same prefix points into it, and a build without CMake that
  // takes only its flags links and runs as well.
  const std::map<std::string, std::string> pkg_config_path = {
      {"PKG_CONFIG_PATH", prefix + "/" SUPPLYNET_INSTALL_LIBDIR "/pkgconfig"}};
  const CommandResult flags =
      RunCommand({"pkg-config", "--cflags", "--libs", "supplynet_client"}, pkg_config_path);
  ASSERT_EQ(flags.exit_code, 0) << flags.err;
  EXPECT_THAT(flags.out, HasSubstr("-lsupplynet_client -lsupplynet_proto"));
  EXPECT_THAT(flags.out, HasSubstr("-I" + prefix + "/" SUPPLYNET_INSTALL_LIBDIR "/pkgconfig/"));
  const std::string linked = work.path() + "/consumer-pkg-config";
  ASSERT_NO_FATAL_FAILURE(ExpectSuccess(
      {"sh", "-c",
       std::string(SUPPLYNET_CXX_COMPILER) + " -std=c++17 " SUPPLYNET_SANITIZER_LINK " -o " +
           linked + " " +
           SUPPLYNET_CONSUMER_SOURCE_DIR "/main.cc $(pkg-config --cflags --libs supplynet_client)"},
      pkg_config_path));
  const CommandResult pkg_run = RunCommand({linked, server.address(), "930000002", "consumer-pc"});
  ASSERT_EQ(pkg_run.exit_code, 0) << pkg_run.err;
  EXPECT_THAT(pkg_run.out, HasSubstr("supplier_id="));
}

}  // namespace
}  // namespace supplynet::testing
