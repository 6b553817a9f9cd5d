#include "tests/support/pg_cluster.h"

#include <gtest/gtest.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

namespace supplynet::testing {
namespace {

std::string Script() {
  const char* script = std::getenv("SUPPLYNET_PG_CLUSTER");
  return script == nullptr ? "" : script;
}

}  // namespace

OwnCluster::OwnCluster(bool durable) : durable_(durable) {
  char pattern[] = "/tmp/supplynet-pg-XXXXXX";
  if (mkdtemp(pattern) != nullptr) dir_ = pattern;
  chmod(dir_.c_str(), 0755);  // The cluster runs as `postgres` when the tests run as root.
}

OwnCluster::~OwnCluster() {
  Stop();
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

bool OwnCluster::Run(const std::string& command, const std::string& arg) const {
  if (Script().empty()) {
    ADD_FAILURE() << "SUPPLYNET_PG_CLUSTER is not set: run the tests through scripts/test";
    return false;
  }
  std::string line = Prefix() + command + " '" + dir_ + "/pg'";
  if (!arg.empty()) line += " '" + arg + "'";
  return std::system(line.c_str()) == 0;
}

std::string OwnCluster::Prefix() const {
  return std::string(durable_ ? "PG_FAST=0 '" : "PG_FAST=1 '") + Script() + "' ";
}

bool OwnCluster::Start() { return Run("start"); }

bool OwnCluster::StartStandbyOf(const OwnCluster& primary) {
  return Run("standby", primary.dir_ + "/pg");
}

bool OwnCluster::Promote() { return Run("promote"); }

bool OwnCluster::Stop(const std::string& mode) { return Run("stop", mode); }

std::string OwnCluster::url() const {
  if (Script().empty()) return "";
  const std::string line = "'" + Script() + "' url '" + dir_ + "/pg'";
  FILE* pipe = popen(line.c_str(), "r");
  if (pipe == nullptr) return "";
  char buffer[512] = {0};
  std::string out;
  while (fgets(buffer, sizeof(buffer), pipe) != nullptr) out += buffer;
  pclose(pipe);
  while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
  return out;
}

std::string OwnCluster::host_port() const {
  const std::string u = url();
  const size_t at = u.find('@');
  const size_t slash = u.find('/', at == std::string::npos ? 0 : at);
  if (at == std::string::npos || slash == std::string::npos) return "";
  return u.substr(at + 1, slash - at - 1);
}

}  // namespace supplynet::testing
