#include "client-lib/cli/command.h"

#include <algorithm>

namespace supplynet::cli {

std::string Synopsis(const Command& command) {
  return command.arguments.empty() ? command.path : command.path + " " + command.arguments;
}

size_t PathLength(const Command& command) {
  return static_cast<size_t>(std::count(command.path.begin(), command.path.end(), ' ')) + 1;
}

bool TakesWords(const Command& command, size_t count) {
  return command.words == kOneOrMoreWords ? count >= 1 : count == command.words;
}

int UsageError(std::ostream& err, const Command& command, const std::string& message) {
  err << "supplynet: " << message << "\nusage: supplynet " << Synopsis(command) << "\n";
  return kExitUsage;
}

const std::string& Invocation::Word(size_t i) const {
  return args_.words.at(PathLength(command_) + i);
}

std::vector<std::string> Invocation::Words() const {
  return std::vector<std::string>(
      args_.words.begin() + static_cast<std::ptrdiff_t>(PathLength(command_)), args_.words.end());
}

std::string Invocation::Flag(const std::string& name) const {
  auto it = args_.flags.find(name);
  return it == args_.flags.end() ? "" : it->second;
}

std::vector<std::string> Invocation::Flags(const std::string& name) const {
  std::vector<std::string> values;
  const auto [first, last] = args_.all_flags.equal_range(name);
  for (auto it = first; it != last; ++it) values.push_back(it->second);
  return values;
}

client::Client& Invocation::client() {
  if (client_ == nullptr) {
    client::ClientOptions options;
    options.target = settings_.addr;
    options.tls = settings_.tls;
    options.tls_root_certs = settings_.tls_root_certs;
    options.tls_cert_chain = settings_.tls_cert_chain;
    options.tls_private_key = settings_.tls_private_key;
    options.credentials = client::Credentials::BearerToken(settings_.token);
    options.default_deadline = std::chrono::seconds(settings_.timeout_seconds);
    options.stream_deadline = std::chrono::seconds(settings_.stream_timeout_seconds);
    client_ = std::make_unique<client::Client>(options);
  }
  return *client_;
}

}  // namespace supplynet::cli
