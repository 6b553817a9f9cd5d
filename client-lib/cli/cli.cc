#include "client-lib/cli/cli.h"

#include <google/protobuf/util/time_util.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <memory>
#include <optional>
#include <set>
#include <sstream>

#include "client-lib/cli/args.h"
#include "client-lib/cli/config.h"
#include "client-lib/cli/output.h"
#include "supplynet/client/client.h"

namespace supplynet::cli {
namespace {

// Flags every command accepts.
const std::set<std::string> kGlobalValueFlags = {"addr", "token", "timeout"};
const std::set<std::string> kGlobalSwitches = {"tls", "json", "help"};

struct Command;

// One run of one command: its words and flags, the resolved settings, and the client.
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
  std::string Flag(const std::string& name) const {
    auto it = args_.flags.find(name);
    return it == args_.flags.end() ? "" : it->second;
  }
  bool json() const { return settings_.json; }
  const Settings& settings() const { return settings_; }
  ConfigFile& config() { return config_; }
  client::Client& client();

  // Prints a failed call and returns its exit code.
  int Fail(const absl::Status& status) { return PrintError(err, status, json()); }
  // Prints a command-line mistake with the command's usage and returns kExitUsage.
  int Usage(const std::string& message);

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

using Run = int (*)(Invocation&);

// One entry per command: adding a command is one entry here plus its function.
struct Command {
  std::string path;                // The words naming it, e.g. "users list".
  std::string arguments;           // Its usage after the path.
  std::string summary;             // One line for --help.
  std::vector<std::string> flags;  // Its own flags; "name=" takes a value, "name" is a switch.
  size_t words;                    // How many words follow the path.
  bool needs_token;                // Refuse early (exit 3) when no token is configured.
  Run run;
};

// "users delete USER_ID": the path and its arguments.
std::string Synopsis(const Command& command) {
  return command.arguments.empty() ? command.path : command.path + " " + command.arguments;
}

size_t PathLength(const Command& command) {
  return static_cast<size_t>(std::count(command.path.begin(), command.path.end(), ' ')) + 1;
}

const std::string& Invocation::Word(size_t i) const {
  return args_.words.at(PathLength(command_) + i);
}

client::Client& Invocation::client() {
  if (client_ == nullptr) {
    client::ClientOptions options;
    options.target = settings_.addr;
    options.tls = settings_.tls;
    options.credentials = client::Credentials::BearerToken(settings_.token);
    options.default_deadline = std::chrono::seconds(settings_.timeout_seconds);
    client_ = std::make_unique<client::Client>(options);
  }
  return *client_;
}

int UsageError(std::ostream& err, const Command& command, const std::string& message) {
  err << "supplynet: " << message << "\nusage: supplynet " << Synopsis(command) << "\n";
  return kExitUsage;
}

int Invocation::Usage(const std::string& message) { return UsageError(err, command_, message); }

// --- formatting ---

std::string TimeText(const google::protobuf::Timestamp& time) {
  if (time.seconds() == 0 && time.nanos() == 0) return "-";
  return google::protobuf::util::TimeUtil::ToString(time);
}

std::string RoleText(v1::Role role) {
  switch (role) {
    case v1::ROLE_ADMIN:
      return "admin";
    case v1::ROLE_MEMBER:
      return "member";
    default:
      return "-";
  }
}

// "admin" or "member" (or "" for the server's default); nothing for anything else.
std::optional<v1::Role> ParseRole(const std::string& text) {
  if (text.empty()) return v1::ROLE_UNSPECIFIED;
  if (text == "admin") return v1::ROLE_ADMIN;
  if (text == "member") return v1::ROLE_MEMBER;
  return std::nullopt;
}

// --password, else one line of stdin (read without echo from a terminal).
std::string ReadPassword(Invocation& run) {
  if (std::string flag = run.Flag("password"); !flag.empty()) return flag;
  const bool terminal = isatty(STDIN_FILENO) == 1;
  termios saved{};
  if (terminal) {
    run.err << "Password: " << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string password;
  std::getline(run.in, password);
  if (terminal) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    run.err << "\n";
  }
  return password;
}

// --- commands ---

int Login(Invocation& run) {
  const std::string username = run.Flag("username");
  if (username.empty()) return run.Usage("--username is required");
  const std::string password = ReadPassword(run);
  if (password.empty()) return run.Usage("no password: pass --password or one line on stdin");
  auto login = run.client().Login(username, password);
  if (!login.ok()) return run.Fail(login.status());
  run.config().Set("addr", run.settings().addr);
  run.config().Set("token", login->access_token());
  if (absl::Status saved = run.config().Save(); !saved.ok()) return run.Fail(saved);
  if (run.json()) {
    run.out << ToJson(*login) << "\n";
  } else {
    run.out << "Logged in as " << login->user().username() << " (" << login->company().legal_name()
            << "). Token saved in " << run.config().path() << "; it expires at "
            << TimeText(login->expire_time()) << ".\n";
  }
  return kExitOk;
}

int Logout(Invocation& run) {
  if (absl::Status status = run.client().Logout(); !status.ok()) return run.Fail(status);
  run.config().Erase("token");
  if (absl::Status saved = run.config().Save(); !saved.ok()) return run.Fail(saved);
  run.out << (run.json() ? "{}" : "Logged out.") << "\n";
  return kExitOk;
}

int WhoAmI(Invocation& run) {
  auto me = run.client().GetCurrentPrincipal();
  if (!me.ok()) return run.Fail(me.status());
  if (run.json()) {
    run.out << ToJson(*me) << "\n";
    return kExitOk;
  }
  Table table({});
  table.AddRow({"company", me->company().legal_name(), me->company().company_id()});
  if (me->has_user()) {
    table.AddRow({"user", me->user().username(), me->user().user_id()});
    table.AddRow({"role", RoleText(me->user().role())});
  } else {
    table.AddRow({"service account", me->service_account().display_name(),
                  me->service_account().service_account_id()});
    table.AddRow({"role", RoleText(me->service_account().role())});
  }
  table.Print(run.out);
  return kExitOk;
}

int UsersList(Invocation& run) {
  auto users = run.client().ListAllUsers();
  if (!users.ok()) return run.Fail(users.status());
  if (run.json()) {
    run.out << ToJsonArray(*users) << "\n";
    return kExitOk;
  }
  Table table({"USER_ID", "USERNAME", "EMAIL", "ROLE", "CREATED"});
  for (const v1::User& user : *users) {
    table.AddRow({user.user_id(), user.username(), user.email(), RoleText(user.role()),
                  TimeText(user.create_time())});
  }
  table.Print(run.out);
  return kExitOk;
}

int UsersCreate(Invocation& run) {
  const std::optional<v1::Role> role = ParseRole(run.Flag("role"));
  if (!role.has_value()) return run.Usage("--role is admin or member");
  v1::User user;
  user.set_username(run.Flag("username"));
  user.set_email(run.Flag("email"));
  user.set_role(*role);
  // The server checks username, email and password and reports every bad one at once.
  auto created = run.client().CreateUser(user, ReadPassword(run));
  if (!created.ok()) return run.Fail(created.status());
  if (run.json()) {
    run.out << ToJson(*created) << "\n";
  } else {
    run.out << "Created user " << created->username() << " (" << created->user_id() << ").\n";
  }
  return kExitOk;
}

int UsersDelete(Invocation& run) {
  if (absl::Status status = run.client().DeleteUser(run.Word(0)); !status.ok()) {
    return run.Fail(status);
  }
  run.out << (run.json() ? "{}" : "Deleted user " + run.Word(0) + ".") << "\n";
  return kExitOk;
}

int ServiceAccountsCreate(Invocation& run) {
  const std::optional<v1::Role> role = ParseRole(run.Flag("role"));
  if (!role.has_value()) return run.Usage("--role is admin or member");
  v1::ServiceAccount account;
  account.set_display_name(run.Flag("name"));
  account.set_role(*role);
  auto created = run.client().CreateServiceAccount(account);
  if (!created.ok()) return run.Fail(created.status());
  if (run.json()) {
    run.out << ToJson(*created) << "\n";
  } else {
    run.out << "Created service account " << created->service_account().display_name() << " ("
            << created->service_account().service_account_id() << ").\nIts key, shown only now:\n"
            << created->key() << "\n";
  }
  return kExitOk;
}

int ServiceAccountsList(Invocation& run) {
  auto accounts = run.client().ListAllServiceAccounts();
  if (!accounts.ok()) return run.Fail(accounts.status());
  if (run.json()) {
    run.out << ToJsonArray(*accounts) << "\n";
    return kExitOk;
  }
  Table table({"SERVICE_ACCOUNT_ID", "NAME", "ROLE", "CREATED", "EXPIRES"});
  for (const v1::ServiceAccount& account : *accounts) {
    table.AddRow({account.service_account_id(), account.display_name(), RoleText(account.role()),
                  TimeText(account.create_time()), TimeText(account.expire_time())});
  }
  table.Print(run.out);
  return kExitOk;
}

const std::vector<Command>& Commands() {
  static const std::vector<Command> kCommands = {
      {"login",
       "--username NAME [--password PASSWORD]",
       "log in and keep the token in the config file (password from stdin when not given)",
       {"username=", "password="},
       0,
       false,
       Login},
      {"logout", "", "revoke the token and remove it from the config file", {}, 0, true, Logout},
      {"whoami", "", "show the caller's company and user", {}, 0, true, WhoAmI},
      {"users list", "", "list the company's users", {}, 0, true, UsersList},
      {"users create",
       "--username NAME --email EMAIL [--role admin|member] [--password P]",
       "add a user (password from stdin when not given)",
       {"username=", "email=", "role=", "password="},
       0,
       true,
       UsersCreate},
      {"users delete", "USER_ID", "remove a user", {}, 1, true, UsersDelete},
      {"service-accounts create",
       "--name NAME [--role admin|member]",
       "create a service account and print its key (shown once)",
       {"name=", "role="},
       0,
       true,
       ServiceAccountsCreate},
      {"service-accounts list",
       "",
       "list the company's service accounts",
       {},
       0,
       true,
       ServiceAccountsList},
  };
  return kCommands;
}

std::string HelpText() {
  std::ostringstream text;
  text << "usage: supplynet [--addr HOST:PORT] [--token TOKEN] [--tls] [--timeout SECONDS] "
          "[--json] COMMAND ...\n\ncommands:\n";
  for (const Command& command : Commands()) {
    text << "  " << Synopsis(command) << "\n      " << command.summary << "\n";
  }
  text << "\nsettings: flags, else SUPPLYNET_ADDR / SUPPLYNET_TOKEN, else the config file "
       << ConfigFile::DefaultPath()
       << "\n\nexit codes: 0 ok, 1 other error, 2 usage, 3 not logged in / not allowed, "
          "4 not found,\n  5 invalid argument, 6 conflict (exists, stale, precondition), "
          "7 unavailable (try again)\n";
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
  if (args->words.size() != PathLength(*command) + command->words) {
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
