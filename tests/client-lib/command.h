// Runs a program to its end and captures what it wrote, for tests of binaries (the CLI, the
// installed-package consumer and its build).
#pragma once

#include <map>
#include <string>
#include <thread>
#include <vector>

namespace supplynet::testing {

struct CommandResult {
  int exit_code = -1;  // -1 when the program could not start or died of a signal.
  std::string out;
  std::string err;
};

// Runs argv[0] (searched in PATH) with the environment of the test plus `env` (a value
// replaces the inherited one), feeding `input` to its stdin.
CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::map<std::string, std::string>& env = {},
                         const std::string& input = "");

// A program started in the background, for commands that run until something happens (e.g.
// `documents watch`). Destroying it kills the program if it still runs.
class BackgroundCommand {
 public:
  BackgroundCommand(const std::vector<std::string>& argv,
                    const std::map<std::string, std::string>& env = {});
  ~BackgroundCommand();
  BackgroundCommand(const BackgroundCommand&) = delete;
  BackgroundCommand& operator=(const BackgroundCommand&) = delete;

  bool started() const { return pid_ > 0; }
  // Reads the program's stderr until it contains `text`; false when it ended without.
  bool WaitForErr(const std::string& text);
  void Signal(int signal);
  // Waits for the program to end and returns everything it wrote.
  CommandResult Wait();

 private:
  int pid_ = -1;
  int err_fd_ = -1;
  std::thread out_reader_;
  CommandResult result_;
  bool waited_ = false;
};

// A fresh directory under $TMPDIR (or /tmp), removed with its content when destroyed.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace supplynet::testing
