#include "tests/support/server_process.h"

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <regex>

extern char** environ;

namespace supplynet::testing {
namespace {

std::condition_variable g_log_grew;

}  // namespace

std::string ServerBinary() { return SUPPLYNET_SERVER_BINARY; }

ServerProcess::ServerProcess(const std::vector<std::string>& args) {
  int fds[2];
  if (pipe(fds) != 0) return;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDERR_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  std::vector<std::string> all = {ServerBinary()};
  all.insert(all.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : all) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0) pid_ = -1;
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  reader_ = std::thread([this, fd = fds[0]] { Drain(fd); });

  // Wait for {"event":"serving","port":N,"metrics_port":M} (or the end of the output).
  static const std::regex kServing(
      "\"event\":\"serving\",\"port\":([0-9]+),\"metrics_port\":([0-9]+)");
  std::unique_lock<std::mutex> lock(mu_);
  g_log_grew.wait_for(lock, std::chrono::seconds(60), [&] {
    std::smatch match;
    if (std::regex_search(log_, match, kServing)) {
      port_ = std::stoi(match[1]);
      metrics_port_ = std::stoi(match[2]);
    }
    return port_ > 0 || exited_;
  });
}

void ServerProcess::Drain(int fd) {
  char buffer[4096];
  ssize_t n;
  while ((n = read(fd, buffer, sizeof(buffer))) > 0) {
    std::lock_guard<std::mutex> lock(mu_);
    log_.append(buffer, static_cast<size_t>(n));
    g_log_grew.notify_all();
  }
  close(fd);
  std::lock_guard<std::mutex> lock(mu_);
  exited_ = true;
  g_log_grew.notify_all();
}

ServerProcess::~ServerProcess() {
  if (pid_ > 0) {
    kill(pid_, SIGKILL);
    Wait();
  }
  if (reader_.joinable()) reader_.join();
}

std::string ServerProcess::address() const { return "127.0.0.1:" + std::to_string(port_); }

void ServerProcess::Signal(int signal) const {
  if (pid_ > 0) kill(pid_, signal);
}

int ServerProcess::Wait() {
  if (pid_ <= 0) return exit_status_;
  waitpid(pid_, &exit_status_, 0);
  pid_ = -1;
  return exit_status_;
}

std::string ServerProcess::Log() const {
  std::lock_guard<std::mutex> lock(mu_);
  return log_;
}

}  // namespace supplynet::testing
