#include "client-lib/cli/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace supplynet::cli {
namespace {

std::string Trim(const std::string& s) {
  const size_t begin = s.find_first_not_of(" \t\r");
  if (begin == std::string::npos) return "";
  return s.substr(begin, s.find_last_not_of(" \t\r") - begin + 1);
}

std::string Env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

// A local file that cannot be written is this machine's problem, not the service's: exit 1,
// not the "try again later" of UNAVAILABLE.
absl::Status ErrnoStatus(const std::string& what) {
  return absl::InternalError(what + ": " + std::strerror(errno));
}

// The first of: flag, environment variable, config file entry; "" when none is set.
std::string FirstSet(const std::map<std::string, std::string>& flags, const std::string& flag,
                     const char* env, const ConfigFile& file) {
  if (auto it = flags.find(flag); it != flags.end()) return it->second;
  if (std::string value = Env(env); !value.empty()) return value;
  return file.Get(flag);
}

bool ParseBool(const std::string& text, bool* out) {
  if (text == "true" || text == "1" || text == "yes") {
    *out = true;
  } else if (text == "false" || text == "0" || text == "no") {
    *out = false;
  } else {
    return false;
  }
  return true;
}

// Reads `text` (unset when empty) as whole seconds from `min` to a day into `out`.
bool ParseSeconds(const std::string& text, const std::string& name, int64_t min, int* out,
                  std::string* error) {
  if (text.empty()) return true;
  constexpr int64_t kMax = 86400;
  char* end = nullptr;
  const int64_t seconds = std::strtoll(text.c_str(), &end, 10);
  if (*end != '\0' || seconds < min || seconds > kMax) {
    *error = name + " must be a number of seconds (" + std::to_string(min) + " to " +
             std::to_string(kMax) + "), not \"" + text + "\"";
    return false;
  }
  *out = static_cast<int>(seconds);
  return true;
}

// Reads the PEM file named by `path` (nothing when empty) into `out`.
bool ReadPemFile(const std::string& path, const std::string& name, std::string* out,
                 std::string* error) {
  if (path.empty()) return true;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  if (in) text << in.rdbuf();
  if (!in || text.str().empty()) {
    *error = name + ": cannot read " + path;
    return false;
  }
  *out = text.str();
  return true;
}

// --tls-ca, --tls-cert and --tls-key; any of them turns TLS on.
bool ResolveTlsFiles(const std::map<std::string, std::string>& flags, const ConfigFile& file,
                     Settings* settings, std::string* error) {
  const std::string ca = FirstSet(flags, "tls-ca", "SUPPLYNET_TLS_CA", file);
  const std::string cert = FirstSet(flags, "tls-cert", "SUPPLYNET_TLS_CERT", file);
  const std::string key = FirstSet(flags, "tls-key", "SUPPLYNET_TLS_KEY", file);
  if (cert.empty() != key.empty()) {
    *error = "tls-cert and tls-key go together";
    return false;
  }
  if (!ReadPemFile(ca, "tls-ca", &settings->tls_root_certs, error) ||
      !ReadPemFile(cert, "tls-cert", &settings->tls_cert_chain, error) ||
      !ReadPemFile(key, "tls-key", &settings->tls_private_key, error)) {
    return false;
  }
  if (!ca.empty() || !cert.empty()) settings->tls = true;
  return true;
}

}  // namespace

std::string ConfigFile::DefaultPath() {
  // The XDG base directory specification ignores a relative XDG_CONFIG_HOME.
  if (std::string xdg = Env("XDG_CONFIG_HOME"); !xdg.empty() && xdg[0] == '/') {
    return xdg + "/supplynet/config";
  }
  if (std::string home = Env("HOME"); !home.empty()) return home + "/.config/supplynet/config";
  return "";
}

ConfigFile ConfigFile::Load(const std::string& path) {
  ConfigFile file;
  file.path_ = path;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    line = Trim(line);
    const size_t equals = line.find('=');
    if (line.empty() || line[0] == '#' || equals == std::string::npos) continue;
    file.values_[Trim(line.substr(0, equals))] = Trim(line.substr(equals + 1));
  }
  return file;
}

std::string ConfigFile::Get(const std::string& key) const {
  auto it = values_.find(key);
  return it == values_.end() ? "" : it->second;
}

void ConfigFile::Set(const std::string& key, const std::string& value) { values_[key] = value; }

void ConfigFile::Erase(const std::string& key) { values_.erase(key); }

absl::Status ConfigFile::Save() const {
  if (path_.empty()) return absl::FailedPreconditionError("no config directory (HOME is unset)");
  const std::filesystem::path path(path_);
  std::error_code error;
  std::filesystem::create_directories(path.parent_path(), error);
  if (error) return absl::InternalError(path.parent_path().string() + ": " + error.message());
  std::string text;
  for (const auto& [key, value] : values_) text.append(key).append(" = ").append(value) += '\n';
  // Written aside with mode 0600 from the start, then renamed over: the token is never
  // readable by others, and a crash leaves the old file whole.
  const std::string temp = path_ + ".tmp";
  const int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoStatus(temp);
  const bool written = fchmod(fd, 0600) == 0 &&
                       write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  if (close(fd) != 0 || !written) return ErrnoStatus(temp);
  if (rename(temp.c_str(), path_.c_str()) != 0) return ErrnoStatus(path_);
  return absl::OkStatus();
}

bool ResolveSettings(const std::map<std::string, std::string>& flags, const ConfigFile& file,
                     Settings* settings, std::string* error) {
  if (std::string addr = FirstSet(flags, "addr", "SUPPLYNET_ADDR", file); !addr.empty()) {
    settings->addr = addr;
  }
  settings->token = FirstSet(flags, "token", "SUPPLYNET_TOKEN", file);
  if (std::string tls = FirstSet(flags, "tls", "SUPPLYNET_TLS", file);
      !tls.empty() && !ParseBool(tls, &settings->tls)) {
    *error = "tls must be true or false, not \"" + tls + "\"";
    return false;
  }
  if (!ResolveTlsFiles(flags, file, settings, error)) return false;
  if (!ParseSeconds(FirstSet(flags, "timeout", "SUPPLYNET_TIMEOUT", file), "timeout", 1,
                    &settings->timeout_seconds, error) ||
      !ParseSeconds(FirstSet(flags, "stream-timeout", "SUPPLYNET_STREAM_TIMEOUT", file),
                    "stream-timeout", 0, &settings->stream_timeout_seconds, error)) {
    return false;
  }
  if (auto it = flags.find("json"); it != flags.end() && !ParseBool(it->second, &settings->json)) {
    *error = "--json takes no value";
    return false;
  }
  return true;
}

}  // namespace supplynet::cli
