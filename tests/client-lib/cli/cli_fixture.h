// The fixture of the CLI tests: one server for the suite, a fresh config directory per test,
// and the built supplynet binary run against them.
#pragma once

#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "tests/client-lib/command.h"
#include "tests/support/accounts.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {

class CliTest : public SharedServerTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    ASSERT_FALSE(home_.path().empty());
    accounts_ = server_->Accounts();
  }

  // Runs the CLI with its config directory in a fresh temporary folder and the server's
  // address in SUPPLYNET_ADDR; `env` adds or overrides variables.
  CommandResult Cli(std::vector<std::string> args, const std::string& input = "",
                    std::map<std::string, std::string> env = {}) {
    args.insert(args.begin(), SUPPLYNET_CLI_BINARY);
    env.emplace("XDG_CONFIG_HOME", home_.path());
    env.emplace("SUPPLYNET_ADDR", server_->address());
    env.emplace("SUPPLYNET_TOKEN", "");
    return RunCommand(args, env, input);
  }
  std::string ConfigPath() const { return home_.path() + "/supplynet/config"; }

  // Registers a company and logs its administrator in through the CLI.
  Tenant LoggedInTenant(const std::string& username) {
    Tenant tenant = RegisterTenant(*accounts_, NextNit(), username);
    const CommandResult login = Cli({"login", "--username", username}, std::string(kPassword));
    EXPECT_EQ(login.exit_code, 0) << login.err;
    return tenant;
  }

  static std::string NextNit() { return std::to_string(920000000 + next_++); }

  static int next_;
  TempDir home_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
};

}  // namespace supplynet::testing
