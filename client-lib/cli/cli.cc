#include "client-lib/cli/cli.h"

#include <optional>
#include <set>
#include <sstream>

#include "client-lib/cli/command.h"

namespace supplynet::cli {
namespace {

// Flags every command accepts.
const std::set<std::string> kGlobalValueFlags = {"addr",    "token",   "tls-ca",        "tls-cert",
                                                 "tls-key", "timeout", "stream-timeout"};
const std::set<std::string> kGlobalSwitches = {"tls", "json", "help"};

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = [] {
    std::vector<Command> all = AccountCommands();
    for (Command& command : SupplierCommands()) all.push_back(std::move(command));
    for (Command& command : DocumentCommands()) all.push_back(std::move(command));
    for (Command& command : WorkflowCommands()) all.push_back(std::move(command));
    for (Command& command : InvitationCommands()) all.push_back(std::move(command));
    return all;
  }();
  return kCommands;
}

std::string HelpText() {
  std::ostringstream text;
  text << "usage: supplynet [--addr HOST:PORT] [--token TOKEN] [--tls] [--tls-ca PEM] "
          "[--tls-cert PEM --tls-key PEM] [--timeout SECONDS] [--stream-timeout SECONDS] "
          "[--json] COMMAND ...\n\ncommands:\n";
  for (const Command& command : Commands()) {
    text << "  " << Synopsis(command) << "\n      " << command.summary << "\n";
  }
  text << "\nsettings: flags, else SUPPLYNET_ADDR / SUPPLYNET_TOKEN / SUPPLYNET_TLS / "
          "SUPPLYNET_TLS_CA / SUPPLYNET_TLS_CERT / SUPPLYNET_TLS_KEY /\n  SUPPLYNET_TIMEOUT / "
          "SUPPLYNET_STREAM_TIMEOUT, else the config file "
       << ConfigFile::DefaultPath()
       << "\n\nexit codes: 0 ok, 1 other error, 2 usage, 3 not logged in / not allowed, "
          "4 not found,\n  5 invalid argument, 6 conflict (exists, stale, precondition), "
          "7 unavailable or locked out (try again later), 8 done in part (rows or documents "
          "rejected, "
          "suppliers not invited)\n";
  return text.str();
}

// The command whose path is the longest prefix of `words`.
const Command* FindCommand(const std::vector<std::string>& words) {
  const Command* found = nullptr;
  for (const Command& command : Commands()) {
    const size_t length = PathLength(command);
    if (words.size() < length || (found != nullptr && length <= PathLength(*found))) continue;
    std::string path;
    for (size_t i = 0; i < length; ++i) path += (i > 0 ? " " : "") + words[i];
    if (path == command.path) found = &command;
  }
  return found;
}

std::set<std::string> AllValueFlags() {
  std::set<std::string> flags = kGlobalValueFlags;
  for (const Command& command : Commands()) {
    for (const std::string& flag : command.flags) {
      if (!flag.empty() && flag.back() == '=') flags.insert(flag.substr(0, flag.size() - 1));
    }
  }
  return flags;
}

// The first flag that neither the command nor the globals know ("" when all are known).
std::string UnknownFlag(const Command& command, const Args& args) {
  for (const auto& [name, value] : args.flags) {
    if (kGlobalValueFlags.count(name) > 0 || kGlobalSwitches.count(name) > 0) continue;
    bool known = false;
    for (const std::string& flag : command.flags) {
      known = known || flag == name || flag == name + "=";
    }
    if (!known) return name;
  }
  return "";
}

}  // namespace

int Main(const std::vector<std::string>& argv, std::istream& in, std::ostream& out,
         std::ostream& err) {
  std::string error;
  std::optional<Args> args = ParseArgs(argv, AllValueFlags(), &error);
  if (!args.has_value()) {
    err << "supplynet: " << error << "\n" << HelpText();
    return kExitUsage;
  }
  if (args->flags.count("help") > 0) {
    out << HelpText();
    return kExitOk;
  }
  const Command* command = FindCommand(args->words);
  if (command == nullptr) {
    err << (args->words.empty() ? "" : "supplynet: unknown command\n") << HelpText();
    return kExitUsage;
  }
  const ConfigFile config = ConfigFile::Load(ConfigFile::DefaultPath());
  if (std::string flag = UnknownFlag(*command, *args); !flag.empty()) {
    return UsageError(err, *command, "unknown flag --" + flag);
  }
  if (!TakesWords(*command, args->words.size() - PathLength(*command))) {
    return UsageError(err, *command, "wrong number of arguments");
  }
  Settings settings;
  if (!ResolveSettings(args->flags, config, &settings, &error)) {
    return UsageError(err, *command, error);
  }
  if (command->needs_token && settings.token.empty()) {
    err << "supplynet: not logged in: run `supplynet login`, set SUPPLYNET_TOKEN or pass "
           "--token\n";
    return kExitAuth;
  }
  Invocation run(*command, *std::move(args), settings, config, in, out, err);
  return command->run(run);
}

}  // namespace supplynet::cli
