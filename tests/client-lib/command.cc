#include "tests/client-lib/command.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <thread>

extern char** environ;

namespace supplynet::testing {
namespace {

std::vector<std::string> MergedEnvironment(const std::map<std::string, std::string>& env) {
  std::vector<std::string> out;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string line = *entry;
    if (env.count(line.substr(0, line.find('='))) == 0) out.push_back(line);
  }
  for (const auto& [name, value] : env) out.push_back(name + "=" + value);
  return out;
}

std::vector<char*> Pointers(std::vector<std::string>& strings) {
  std::vector<char*> out;
  for (std::string& s : strings) out.push_back(s.data());
  out.push_back(nullptr);
  return out;
}

void ReadAll(int fd, std::string* out) {
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) out->append(buffer, static_cast<size_t>(n));
  close(fd);
}

// Starts argv[0] with its stdin, stdout and stderr on pipes whose other ends are returned
// (-1 each and pid -1 when it could not start).
struct Spawned {
  pid_t pid = -1;
  int in = -1;
  int out = -1;
  int err = -1;
};

Spawned Spawn(const std::vector<std::string>& argv, const std::map<std::string, std::string>& env) {
  // A program that exits without reading its stdin must not kill the test with SIGPIPE.
  signal(SIGPIPE, SIG_IGN);
  Spawned spawned;
  int in[2], out[2], err[2];
  if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0 || pipe2(err, O_CLOEXEC) != 0) {
    return spawned;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err[1], STDERR_FILENO);
  std::vector<std::string> args = argv;
  std::vector<std::string> environment = MergedEnvironment(env);
  pid_t pid = -1;
  const int started = posix_spawnp(&pid, args[0].c_str(), &actions, nullptr, Pointers(args).data(),
                                   Pointers(environment).data());
  posix_spawn_file_actions_destroy(&actions);
  close(in[0]);
  close(out[1]);
  close(err[1]);
  spawned.pid = started == 0 ? pid : -1;
  spawned.in = in[1];
  spawned.out = out[0];
  spawned.err = err[0];
  return spawned;
}

int ExitCodeOf(pid_t pid) {
  int status = 0;
  if (pid <= 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env, const std::string& input) {
  CommandResult result;
  const Spawned spawned = Spawn(argv, env);
  if (spawned.out < 0) return result;
  // Readers first, so that a program writing a lot never blocks on a full pipe.
  std::thread out_reader(ReadAll, spawned.out, &result.out);
  std::thread err_reader(ReadAll, spawned.err, &result.err);
  if (spawned.pid > 0 && !input.empty()) {
    [[maybe_unused]] const ssize_t written = write(spawned.in, input.data(), input.size());
  }
  close(spawned.in);
  out_reader.join();
  err_reader.join();
  result.exit_code = ExitCodeOf(spawned.pid);
  return result;
}

BackgroundCommand::BackgroundCommand(const std::vector<std::string>& argv,
                                     const std::map<std::string, std::string>& env) {
  const Spawned spawned = Spawn(argv, env);
  if (spawned.out < 0) return;
  close(spawned.in);
  pid_ = spawned.pid;
  err_fd_ = spawned.err;
  out_reader_ = std::thread(ReadAll, spawned.out, &result_.out);
}

BackgroundCommand::~BackgroundCommand() {
  if (!waited_ && pid_ > 0) kill(pid_, SIGKILL);
  if (!waited_) Wait();
}

bool BackgroundCommand::WaitForErr(const std::string& text) {
  char buffer[4096];
  while (result_.err.find(text) == std::string::npos) {
    const ssize_t n = err_fd_ < 0 ? 0 : read(err_fd_, buffer, sizeof(buffer));
    if (n <= 0) return false;
    result_.err.append(buffer, static_cast<size_t>(n));
  }
  return true;
}

void BackgroundCommand::Signal(int signal) {
  if (pid_ > 0) kill(pid_, signal);
}

CommandResult BackgroundCommand::Wait() {
  if (waited_) return result_;
  waited_ = true;
  if (err_fd_ >= 0) ReadAll(err_fd_, &result_.err);
  if (out_reader_.joinable()) out_reader_.join();
  result_.exit_code = ExitCodeOf(pid_);
  return result_;
}

TempDir::TempDir() {
  const char* base = std::getenv("TMPDIR");
  std::string pattern = std::string(base != nullptr ? base : "/tmp") + "/supplynet-XXXXXX";
  if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  if (!path_.empty()) std::filesystem::remove_all(path_, ignored);
}

}  // namespace supplynet::testing
