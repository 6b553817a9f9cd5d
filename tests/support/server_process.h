// The real supplynet-server binary as a child process, for tests of signals and restarts.
#pragma once

#include <sys/types.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace supplynet::testing {

class ServerProcess {
 public:
  // Starts the binary with `args`; waits until it says it serves (port() > 0) or exits.
  explicit ServerProcess(const std::vector<std::string>& args);
  ~ServerProcess();  // SIGKILLs the process if it still runs.

  int port() const { return port_; }
  int metrics_port() const { return metrics_port_; }  // 0 with --metrics_listen= (empty).
  std::string address() const;
  void Signal(int signal) const;
  // Waits for the process to end; returns its exit status as from waitpid.
  int Wait();
  // Everything the process wrote to stderr so far.
  std::string Log() const;

 private:
  void Drain(int fd);

  pid_t pid_ = -1;
  int port_ = 0;
  int metrics_port_ = 0;
  bool exited_ = false;
  int exit_status_ = 0;
  mutable std::mutex mu_;
  std::string log_;
  std::thread reader_;
};

// The path of the built server binary.
std::string ServerBinary();

}  // namespace supplynet::testing
