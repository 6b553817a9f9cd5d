#include "tests/support/smtp_sink.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

#include "absl/time/clock.h"
#include "tests/support/eventually.h"

extern char** environ;

namespace supplynet::testing {

int FreePort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  int port = 0;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
    port = ntohs(address.sin_port);
  }
  close(fd);
  return port;
}

SmtpSink::SmtpSink(int port, std::string reject_rcpt, std::string hold_rcpt)
    : port_(port), reject_rcpt_(std::move(reject_rcpt)), hold_rcpt_(std::move(hold_rcpt)) {
  char pattern[] = "/tmp/supplynet-smtp-XXXXXX";
  if (mkdtemp(pattern) != nullptr) dir_ = pattern;
}

SmtpSink::~SmtpSink() {
  Stop();
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

bool SmtpSink::Start() {
  if (pid_ > 0) return true;
  // Debian's interpreter, which sees python3-aiosmtpd (a python3 earlier on PATH may not).
  std::vector<std::string> args = {"/usr/bin/python3",
                                   SUPPLYNET_SMTP_SINK_SCRIPT,
                                   "--port",
                                   std::to_string(port_),
                                   "--dir",
                                   dir_,
                                   "--reject-rcpt",
                                   reject_rcpt_,
                                   "--hold-rcpt",
                                   hold_rcpt_,
                                   "--tls",
                                   tls_ == SmtpTls::kStartTls   ? "starttls"
                                   : tls_ == SmtpTls::kImplicit ? "implicit"
                                                                : "none"};
  if (store_before_hold_) args.emplace_back("--store-before-hold");
  std::vector<char*> argv;
  argv.reserve(args.size() + 1);
  for (std::string& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  if (posix_spawn(&pid_, argv[0], nullptr, nullptr, argv.data(), environ) != 0) pid_ = -1;
  // The script creates .ready once it listens, or exits when it cannot.
  const std::filesystem::path ready = std::filesystem::path(dir_) / ".ready";
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (pid_ > 0 && !std::filesystem::exists(ready) && absl::Now() < give_up) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) pid_ = -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  if (pid_ <= 0 || !std::filesystem::exists(ready)) {
    ADD_FAILURE() << "the SMTP sink did not start on port " << port_;
    Stop();
    return false;
  }
  return true;
}

void SmtpSink::Stop() {
  if (pid_ <= 0) return;
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string SmtpSink::url() const {
  return (tls_ == SmtpTls::kImplicit ? "smtps://127.0.0.1:" : "smtp://127.0.0.1:") +
         std::to_string(port_);
}

std::vector<std::string> SmtpSink::Texts() const {
  std::vector<std::string> names;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, error)) {
    if (entry.path().extension() == ".eml") names.push_back(entry.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> texts;
  for (const std::string& name : names) {
    std::ifstream in(dir_ + "/" + name + ".txt");
    std::stringstream text;
    text << in.rdbuf();
    texts.push_back(text.str());
  }
  return texts;
}

std::vector<std::string> SmtpSink::MessageIds() const {
  static const std::regex kMessageId("\r?\nMessage-ID: *(<[^>\r\n]*>)", std::regex::icase);
  std::vector<std::string> ids;
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(dir_, error)) {
    if (entry.path().extension() != ".eml") continue;
    std::ifstream in(entry.path());
    std::stringstream raw;
    raw << in.rdbuf();
    const std::string message = "\n" + raw.str();
    std::smatch match;
    ids.push_back(std::regex_search(message, match, kMessageId) ? match[1].str() : "");
  }
  return ids;
}

std::vector<std::string> SmtpSink::WaitFor(size_t count, absl::Duration patience) const {
  const absl::Time give_up = absl::Now() + patience;
  std::vector<std::string> texts = Texts();
  // Mail arrives from another process: look again until it is there or patience runs out.
  while (texts.size() < count && absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    texts = Texts();
  }
  return texts;
}

bool SmtpSink::WaitUntilHolding() const {
  const std::filesystem::path holding = std::filesystem::path(dir_) / ".holding";
  return Eventually([&] { return std::filesystem::exists(holding); });
}

void SmtpSink::Release() const { std::ofstream(std::filesystem::path(dir_) / ".release"); }

std::string SmtpSink::LatestTo(const std::string& address, size_t count) const {
  std::vector<std::string> found;
  Eventually([&] {
    found.clear();
    for (const std::string& text : Texts()) {
      if (text.find(address) != std::string::npos) found.push_back(text);
    }
    return found.size() >= count;
  });
  return found.size() >= count ? found.back() : "";
}

std::string ActivationCodeIn(const std::string& text) {
  static const std::regex kCode("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}");
  std::smatch match;
  if (!std::regex_search(text, match, kCode)) return "";
  return match[0];
}

}  // namespace supplynet::testing
