// One CLI command and one run of it: the words and flags given, the resolved settings, the
// client. Each *_commands.cc file adds its commands to the table in cli.cc.
#pragma once

#include <istream>
#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "client-lib/cli/args.h"
#include "client-lib/cli/config.h"
#include "client-lib/cli/output.h"
#include "supplynet/client/client.h"

namespace supplynet::cli {

class Invocation;
using Run = int (*)(Invocation&);

// Command::words of a command taking a list, e.g. `invitations send SUPPLIER_ID...`.
inline constexpr size_t kOneOrMoreWords = static_cast<size_t>(-1);

struct Command {
  std::string path;                // The words naming it, e.g. "users list".
  std::string arguments;           // Its usage after the path.
  std::string summary;             // One line for --help.
  std::vector<std::string> flags;  // Its own flags; "name=" takes a value, "name" is a switch.
  size_t words;                    // How many words follow the path, or kOneOrMoreWords.
  bool needs_token;                // Refuse early (exit 3) when no token is configured.
  Run run;
};

// "users delete USER_ID": the path and its arguments.
std::string Synopsis(const Command& command);
size_t PathLength(const Command& command);
// True when `count` words after the path suit the command.
bool TakesWords(const Command& command, size_t count);
// Prints `message` and the command's usage; returns kExitUsage.
int UsageError(std::ostream& err, const Command& command, const std::string& message);

class Invocation {
 public:
  Invocation(const Command& command, Args args, Settings settings, ConfigFile config,
             std::istream& in, std::ostream& out, std::ostream& err)
      : in(in),
        out(out),
        err(err),
        command_(command),
        args_(std::move(args)),
        settings_(std::move(settings)),
        config_(std::move(config)) {}

  // The words after the command's own, e.g. the id of `users delete ID`.
  const std::string& Word(size_t i) const;
  // All the words after the command's own.
  std::vector<std::string> Words() const;
  // The flag's value ("" when absent; "true" for a given switch).
  std::string Flag(const std::string& name) const;
  // Every value of a flag given more than once, in order.
  std::vector<std::string> Flags(const std::string& name) const;
  bool Has(const std::string& name) const { return args_.flags.count(name) > 0; }
  bool json() const { return settings_.json; }
  const Settings& settings() const { return settings_; }
  ConfigFile& config() { return config_; }
  client::Client& client();

  // Prints a failed call and returns its exit code.
  int Fail(const absl::Status& status) { return PrintError(err, status, json()); }
  // Prints a command-line mistake with the command's usage and returns kExitUsage.
  int Usage(const std::string& message) { return UsageError(err, command_, message); }

  std::istream& in;
  std::ostream& out;
  std::ostream& err;

 private:
  const Command& command_;
  Args args_;
  Settings settings_;
  ConfigFile config_;
  std::unique_ptr<client::Client> client_;
};

// The commands of each area, in --help order.
std::vector<Command> AccountCommands();
std::vector<Command> SupplierCommands();
std::vector<Command> DocumentCommands();
std::vector<Command> WorkflowCommands();
std::vector<Command> InvitationCommands();

}  // namespace supplynet::cli
