// Where the CLI finds its server and token: flags, then the environment (SUPPLYNET_ADDR,
// SUPPLYNET_TOKEN), then the config file ($XDG_CONFIG_HOME/supplynet/config, else
// ~/.config/supplynet/config), then defaults.
#pragma once

#include <map>
#include <string>

#include "absl/status/status.h"

namespace supplynet::cli {

// The config file: `key = value` lines; `#` starts a comment line.
class ConfigFile {
 public:
  // The file's path in the user's config directory ("" when neither XDG_CONFIG_HOME nor HOME
  // is set).
  static std::string DefaultPath();
  // Reads `path`; a missing file is empty.
  static ConfigFile Load(const std::string& path);

  std::string Get(const std::string& key) const;
  void Set(const std::string& key, const std::string& value);
  void Erase(const std::string& key);
  // Writes the file readable by its owner only (0600; it may hold a token), atomically.
  absl::Status Save() const;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  std::map<std::string, std::string> values_;
};

struct Settings {
  std::string addr = "127.0.0.1:50051";
  std::string token;
  bool tls = false;
  // PEM contents of --tls-ca (roots; empty: the system's), --tls-cert and --tls-key (the
  // client's own certificate, for a server that requires mutual TLS). Any of them means TLS.
  std::string tls_root_certs;
  std::string tls_cert_chain;
  std::string tls_private_key;
  int timeout_seconds = 30;
  // Of a streaming call (import, sync, report); 0: none. A watch has none in any case.
  int stream_timeout_seconds = 3600;
  bool json = false;
};

// Resolves the settings from `flags` (addr, token, tls, tls-ca, tls-cert, tls-key, timeout,
// stream-timeout, json), the
// environment and `file`. Sets `error` and returns false on a bad value.
bool ResolveSettings(const std::map<std::string, std::string>& flags, const ConfigFile& file,
                     Settings* settings, std::string* error);

}  // namespace supplynet::cli
