// A fixed-size pool of libpqxx connections. Connections are opened lazily, dropped when they
// break and reopened by the next caller, so a database restart heals without a server restart.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_set>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "pqxx/connection"
#include "storage/statement.h"

namespace supplynet::storage {

struct PoolOptions {
  std::string database_url;
  int size = 8;
  // How long a caller waits for a free connection before UNAVAILABLE.
  absl::Duration acquire_timeout = absl::Seconds(5);
};

struct PoolStats {
  int size = 0;
  int in_use = 0;
  int open = 0;
  int waiting = 0;          // Callers waiting for a free connection now.
  int64_t waits_total = 0;  // Acquisitions that had to wait for a connection.
  int64_t timeouts_total = 0;
};

// One open connection and the statements already prepared on it.
struct PooledConnection {
  std::unique_ptr<pqxx::connection> connection;
  std::unordered_set<std::string> prepared;
  bool broken = false;
};

class ConnectionPool;

// Exclusive use of one connection; returns it to the pool when destroyed.
class ConnectionLease {
 public:
  ConnectionLease(ConnectionPool* pool, int slot, PooledConnection* conn)
      : pool_(pool), slot_(slot), conn_(conn) {}
  ConnectionLease(ConnectionLease&& other) noexcept;
  ConnectionLease& operator=(ConnectionLease&&) = delete;
  ~ConnectionLease();

  pqxx::connection& connection() { return *conn_->connection; }
  PooledConnection& pooled() { return *conn_; }
  // The connection is dropped on release and reopened by the next user of its slot.
  void MarkBroken() { conn_->broken = true; }
  // The status for an exception thrown while using the connection; the connection is dropped
  // on release when the exception left it unusable.
  absl::Status Failed(const std::exception& error);

 private:
  ConnectionPool* pool_;
  int slot_;
  PooledConnection* conn_;
};

class ConnectionPool {
 public:
  explicit ConnectionPool(PoolOptions options);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // A connection, opened if needed. UNAVAILABLE when none frees up in time or the database
  // cannot be reached.
  absl::StatusOr<ConnectionLease> Acquire();
  // A connection only if one is free now: UNAVAILABLE at once otherwise. For a caller that
  // already holds a connection and would use a second: waiting for it could let callers doing
  // the same hold every connection and wait on each other until their timeouts.
  absl::StatusOr<ConnectionLease> TryAcquire();
  PoolStats Stats() const;
  // Closes idle connections and refuses new acquisitions.
  void Close();

 private:
  friend class ConnectionLease;
  void Release(int slot);
  // A connection; when none is free, waits for one (up to the acquire timeout) if `wait`.
  absl::StatusOr<ConnectionLease> Lend(bool wait);

  const PoolOptions options_;
  mutable std::mutex mu_;
  std::condition_variable freed_;
  // A slot lent out (in_use_) belongs to its lease: only the lease's thread reads or writes
  // it, outside mu_. Everything else here is guarded by mu_, open_ included, which mirrors
  // whether each slot holds a connection so that Stats() never reads a lent-out slot.
  std::vector<PooledConnection> slots_;
  std::vector<bool> in_use_;
  std::vector<bool> open_;
  bool closed_ = false;
  int waiting_ = 0;
  int64_t waits_total_ = 0;
  int64_t timeouts_total_ = 0;
};

}  // namespace supplynet::storage
