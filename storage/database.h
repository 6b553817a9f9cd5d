// The entry point of storage: runs a function inside one transaction on a pooled connection,
// commits when it returns OK, rolls back otherwise, and maps database failures to statuses.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "pqxx/transaction"
#include "storage/connection_pool.h"
#include "storage/database_error.h"
#include "storage/statement.h"

namespace supplynet::storage {

// A transaction in progress. Repositories run their named statements through it.
class Tx {
 public:
  Tx(pqxx::dbtransaction& work, PooledConnection& conn) : work_(work), conn_(conn) {}

  template <typename... Args>
  pqxx::result Exec(const Statement& statement, Args&&... args) {
    Prepare(statement);
    return work_.exec_prepared(statement.name, std::forward<Args>(args)...);
  }

  pqxx::dbtransaction& work() { return work_; }

 private:
  void Prepare(const Statement& statement);

  pqxx::dbtransaction& work_;
  PooledConnection& conn_;
};

// A status-returning function of one transaction: fn(Tx&) -> absl::Status or StatusOr<T>.
template <typename Fn>
using TxResult = std::invoke_result_t<Fn, Tx&>;

class Database {
 public:
  explicit Database(PoolOptions options) : pool_(std::move(options)) {}

  // Runs fn in a read-write transaction; commits when fn returns OK.
  template <typename Fn>
  TxResult<Fn> Write(Fn&& fn) {
    return Run(std::forward<Fn>(fn), /*read_only=*/false, /*commit=*/true);
  }

  // Runs fn in a read-write transaction that is always rolled back: a dry run sees its own
  // writes (and so answers exactly what the real run would) and leaves nothing behind.
  template <typename Fn>
  TxResult<Fn> WriteAndRollBack(Fn&& fn) {
    return Run(std::forward<Fn>(fn), /*read_only=*/false, /*commit=*/false);
  }

  // Runs fn in a read-only transaction.
  template <typename Fn>
  TxResult<Fn> Read(Fn&& fn) {
    return Run(std::forward<Fn>(fn), /*read_only=*/true, /*commit=*/true);
  }

  // OK when the database answers a trivial query.
  absl::Status Ping();

  ConnectionPool& pool() { return pool_; }

 private:
  template <typename Fn>
  TxResult<Fn> Run(Fn&& fn, bool read_only, bool commit) {
    using Result = TxResult<Fn>;
    absl::StatusOr<ConnectionLease> lease = pool_.Acquire();
    if (!lease.ok()) return Result(lease.status());
    try {
      // A read-only transaction starts with one "BEGIN READ ONLY"-like round trip, not two.
      if (read_only) {
        pqxx::read_transaction work(lease->connection());
        return RunIn<Result>(work, *lease, fn, commit);
      }
      pqxx::work work(lease->connection());
      return RunIn<Result>(work, *lease, fn, commit);
    } catch (const std::exception& e) {
      if (IsConnectionLost(e)) lease->MarkBroken();
      return Result(StatusFromDatabaseError(e));
    }
  }

  template <typename Result, typename Fn>
  static Result RunIn(pqxx::dbtransaction& work, ConnectionLease& lease, Fn& fn, bool commit) {
    Tx tx(work, lease.pooled());
    Result result = fn(tx);
    if (result.ok() && commit) work.commit();
    return result;
  }

  ConnectionPool pool_;
};

}  // namespace supplynet::storage
