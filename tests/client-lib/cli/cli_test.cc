// The built supplynet binary against the real server: outputs, --json, the config file and
// the exit codes scripts rely on.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "tests/client-lib/cli/cli_fixture.h"

namespace supplynet::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST_F(CliTest, LoginStoresTheTokenPrivatelyAndLaterCommandsUseIt) {
  RegisterTenant(*accounts_, NextNit(), "cli-ana");
  const CommandResult login = Cli({"login", "--username=cli-ana"}, std::string(kPassword) + "\n");
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_THAT(login.out, StartsWith("Logged in as cli-ana"));

  struct stat info {};
  ASSERT_EQ(stat(ConfigPath().c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  std::stringstream config;
  config << std::ifstream(ConfigPath()).rdbuf();
  EXPECT_THAT(config.str(), HasSubstr("token = "));
  EXPECT_THAT(config.str(), HasSubstr("addr = " + server_->address()));
  EXPECT_THAT(config.str(), HasSubstr("tls = false"));

  const CommandResult whoami = Cli({"whoami"});
  ASSERT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_THAT(whoami.out, HasSubstr("cli-ana"));
  EXPECT_THAT(whoami.out, HasSubstr("admin"));

  const CommandResult json = Cli({"whoami", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, StartsWith("{"));
  EXPECT_THAT(json.out, HasSubstr(R"("username":"cli-ana")"));
  EXPECT_THAT(json.out, HasSubstr(R"("role":"ROLE_ADMIN")"));

  // Logout revokes the token and forgets it.
  ASSERT_EQ(Cli({"logout"}).exit_code, 0);
  EXPECT_EQ(Cli({"whoami"}).exit_code, 3);
}

TEST_F(CliTest, TheConfigFileFollowsXdgAndAnUnwritableOneExitsWithOne) {
  RegisterTenant(*accounts_, NextNit(), "cli-xdg");
  // A relative XDG_CONFIG_HOME is ignored, as the XDG specification says: ~/.config it is.
  const CommandResult relative =
      Cli({"login", "--username", "cli-xdg"}, std::string(kPassword) + "\n",
          {{"XDG_CONFIG_HOME", "relative/config"}, {"HOME", home_.path()}});
  ASSERT_EQ(relative.exit_code, 0) << relative.err;
  EXPECT_THAT(relative.out, HasSubstr(home_.path() + "/.config/supplynet/config"));

  // A config directory that is a file: a local error (1), not "try again later" (7).
  const std::string file = home_.path() + "/not-a-directory";
  std::ofstream(file) << "x";
  const CommandResult unwritable = Cli({"login", "--username", "cli-xdg"},
                                       std::string(kPassword) + "\n", {{"XDG_CONFIG_HOME", file}});
  EXPECT_EQ(unwritable.exit_code, 1) << unwritable.err;
  EXPECT_THAT(unwritable.err, HasSubstr("not-a-directory"));
}

TEST_F(CliTest, LoginJsonPrintsTheTokenForScripts) {
  RegisterTenant(*accounts_, NextNit(), "cli-script");
  const CommandResult login =
      Cli({"login", "--json", "--username", "cli-script", "--password", kPassword});
  ASSERT_EQ(login.exit_code, 0) << login.err;
  EXPECT_THAT(login.out, HasSubstr(R"("accessToken":")"));
}

TEST_F(CliTest, AuthFailuresExitWithThree) {
  RegisterTenant(*accounts_, NextNit(), "cli-wrongpw");
  const CommandResult wrong = Cli({"login", "--username", "cli-wrongpw"}, "not the password\n");
  EXPECT_EQ(wrong.exit_code, 3);
  EXPECT_THAT(wrong.err, HasSubstr("UNAUTHENTICATED"));

  const CommandResult none = Cli({"users", "list"});
  EXPECT_EQ(none.exit_code, 3);
  EXPECT_THAT(none.err, HasSubstr("not logged in"));

  EXPECT_EQ(Cli({"whoami"}, "", {{"SUPPLYNET_TOKEN", "garbage"}}).exit_code, 3);
}

TEST_F(CliTest, FlagsBeatTheEnvironmentWhichBeatsTheConfigFile) {
  const Tenant tenant = LoggedInTenant("cli-precedence");
  // The config file holds a good token: a bad one in the environment wins over it...
  EXPECT_EQ(Cli({"whoami"}, "", {{"SUPPLYNET_TOKEN", "garbage"}}).exit_code, 3);
  // ...and a good one on the command line wins over the environment.
  EXPECT_EQ(Cli({"whoami", "--token", tenant.admin_token}, "", {{"SUPPLYNET_TOKEN", "garbage"}})
                .exit_code,
            0);
  // An address nobody listens on: unavailable, worth retrying later.
  const CommandResult down = Cli({"whoami", "--addr", "127.0.0.1:1", "--timeout", "5"});
  EXPECT_EQ(down.exit_code, 7);
  EXPECT_THAT(down.err, HasSubstr("UNAVAILABLE"));
}

TEST_F(CliTest, UsersCreateListAndDelete) {
  LoggedInTenant("cli-admin");
  const CommandResult created = Cli({"users", "create", "--username", "cli-bob", "--email",
                                     "bob@example.com", "--password", kPassword, "--json"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  const std::string key = R"("userId":")";
  const size_t at = created.out.find(key);
  ASSERT_NE(at, std::string::npos) << created.out;
  const std::string user_id =
      created.out.substr(at + key.size(), created.out.find('"', at + key.size()) - at - key.size());

  const CommandResult table = Cli({"users", "list"});
  ASSERT_EQ(table.exit_code, 0) << table.err;
  EXPECT_THAT(table.out, StartsWith("USER_ID"));
  EXPECT_THAT(table.out, HasSubstr("cli-admin"));
  EXPECT_THAT(table.out, HasSubstr("cli-bob"));
  EXPECT_THAT(table.out, HasSubstr("member"));

  const CommandResult json = Cli({"users", "list", "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  EXPECT_THAT(json.out, StartsWith("[{"));
  EXPECT_THAT(json.out, HasSubstr(R"("username":"cli-bob")"));

  EXPECT_EQ(Cli({"users", "delete", user_id}).exit_code, 0);
  EXPECT_THAT(Cli({"users", "list"}).out, Not(HasSubstr("cli-bob")));
  const CommandResult again = Cli({"users", "delete", user_id});
  EXPECT_EQ(again.exit_code, 4);
  EXPECT_THAT(again.err, HasSubstr("NOT_FOUND"));
}

TEST_F(CliTest, InvalidInputSpellsOutTheFieldViolations) {
  LoggedInTenant("cli-invalid");
  const CommandResult human =
      Cli({"users", "create", "--username", "a b", "--email", "nope", "--password", "123"});
  EXPECT_EQ(human.exit_code, 5);
  EXPECT_THAT(human.err, HasSubstr("INVALID_ARGUMENT"));
  EXPECT_THAT(human.err, HasSubstr("\n  user.username: "));
  EXPECT_THAT(human.err, HasSubstr("\n  user.email: "));
  EXPECT_THAT(human.err, HasSubstr("\n  password: "));
  EXPECT_EQ(human.out, "");

  const CommandResult json = Cli(
      {"users", "create", "--json", "--username", "a b", "--email", "nope", "--password", "123"});
  EXPECT_EQ(json.exit_code, 5);
  EXPECT_THAT(json.err, HasSubstr(R"("code":"INVALID_ARGUMENT")"));
  EXPECT_THAT(json.err, HasSubstr(R"("field":"user.email")"));

  // Taken usernames are a conflict.
  EXPECT_EQ(Cli({"users", "create", "--username", "cli-invalid", "--email", "x@example.com",
                 "--password", kPassword})
                .exit_code,
            6);
}

TEST_F(CliTest, ServiceAccountsCreateListAndAuthenticate) {
  LoggedInTenant("cli-robots");
  const CommandResult created = Cli({"service-accounts", "create", "--name", "nightly import"});
  ASSERT_EQ(created.exit_code, 0) << created.err;
  EXPECT_THAT(created.out, HasSubstr("shown only now"));
  // The key is the last line of the human output.
  std::string key = created.out.substr(0, created.out.size() - 1);
  key = key.substr(key.rfind('\n') + 1);

  const CommandResult listed = Cli({"service-accounts", "list"});
  ASSERT_EQ(listed.exit_code, 0) << listed.err;
  EXPECT_THAT(listed.out, StartsWith("SERVICE_ACCOUNT_ID"));
  EXPECT_THAT(listed.out, HasSubstr("nightly import"));

  const CommandResult robot = Cli({"whoami", "--token", key});
  ASSERT_EQ(robot.exit_code, 0) << robot.err;
  EXPECT_THAT(robot.out, HasSubstr("service account"));
  EXPECT_THAT(robot.out, HasSubstr("nightly import"));
}

TEST_F(CliTest, UsageErrorsExitWithTwo) {
  EXPECT_EQ(Cli({}).exit_code, 2);
  EXPECT_EQ(Cli({"suppliers", "frobnicate"}).exit_code, 2);
  const CommandResult missing = Cli({"users", "delete"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("usage: supplynet users delete USER_ID"));
  EXPECT_EQ(Cli({"users", "list", "--frobnicate"}).exit_code, 2);
  EXPECT_EQ(Cli({"users", "create", "--role", "owner", "--token", "t"}).exit_code, 2);
  EXPECT_EQ(Cli({"login"}).exit_code, 2);
  EXPECT_EQ(Cli({"whoami", "--timeout", "soon"}).exit_code, 2);
  const CommandResult stream = Cli({"whoami", "--stream-timeout", "-1"});
  EXPECT_EQ(stream.exit_code, 2);
  EXPECT_THAT(stream.err, HasSubstr("stream-timeout must be a number of seconds (0 to 86400)"));
  EXPECT_EQ(Cli({"whoami"}, "", {{"SUPPLYNET_STREAM_TIMEOUT", "forever"}}).exit_code, 2);

  const CommandResult help = Cli({"--help"});
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_THAT(help.out, HasSubstr("exit codes"));
  EXPECT_THAT(help.out, HasSubstr("service-accounts create"));
}

}  // namespace
}  // namespace supplynet::testing
