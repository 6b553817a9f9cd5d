// A PostgreSQL cluster of a test's own, for tests that stop and restart the database. Driven
// by scripts/pg-cluster (SUPPLYNET_PG_CLUSTER), which runs it as an unprivileged user.
#pragma once

#include <string>

namespace supplynet::testing {

class OwnCluster {
 public:
  OwnCluster();   // Creates a temporary folder; call Start().
  ~OwnCluster();  // Stops the cluster and removes the folder.

  bool Start();
  bool Stop();
  // The superuser URL of the `postgres` database.
  std::string url() const;

 private:
  bool Run(const std::string& command) const;
  std::string dir_;
};

}  // namespace supplynet::testing
