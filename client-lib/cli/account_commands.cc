// The account commands: login, logout, whoami, users, service accounts.
#include <termios.h>
#include <unistd.h>

#include <optional>

#include "client-lib/cli/command.h"

namespace supplynet::cli {
namespace {

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

int Login(Invocation& run) {
  const std::string username = run.Flag("username");
  if (username.empty()) return run.Usage("--username is required");
  const std::string password = ReadPassword(run);
  if (password.empty()) return run.Usage("no password: pass --password or one line on stdin");
  auto login = run.client().Login(username, password);
  if (!login.ok()) return run.Fail(login.status());
  // The token goes with how the server was reached: a later call must not send it in clear
  // to a server that was logged in to over TLS.
  run.config().Set("addr", run.settings().addr);
  run.config().Set("tls", run.settings().tls ? "true" : "false");
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

}  // namespace

std::vector<Command> AccountCommands() {
  return {
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
}

}  // namespace supplynet::cli
