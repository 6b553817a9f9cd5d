// A PostgreSQL cluster of a test's own, for tests that stop and restart the database. Driven
// by scripts/pg-cluster (SUPPLYNET_PG_CLUSTER), which runs it as an unprivileged user.
#pragma once

#include <string>

namespace supplynet::testing {

class OwnCluster {
 public:
  // Creates a temporary folder; call Start(). Durable: fsync and synchronous commits on, as in
  // production, for tests that crash the database and count what survived (the default
  // cluster trades durability for speed, like the suite's shared one).
  explicit OwnCluster(bool durable = false);
  ~OwnCluster();  // Stops the cluster and removes the folder.

  bool Start();
  // Makes this (new) cluster a streaming hot standby of the running `primary`
  // (pg_basebackup -R) and starts it.
  bool StartStandbyOf(const OwnCluster& primary);
  // pg_ctl promote: the standby takes writes.
  bool Promote();
  // pg_ctl stop -m `mode` ("fast", or "immediate": a crash, recovered by the next Start()).
  bool Stop(const std::string& mode = "fast");
  // The superuser URL of the `postgres` database.
  std::string url() const;
  // "127.0.0.1:PORT", for multi-host URLs.
  std::string host_port() const;

 private:
  bool Run(const std::string& command, const std::string& arg = "") const;
  std::string Prefix() const;

  std::string dir_;
  bool durable_;
};

}  // namespace supplynet::testing
