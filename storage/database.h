// The entry point of storage: runs a function inside one transaction on a pooled connection,
// commits when it returns OK, rolls back otherwise, and maps database failures to statuses.
#pragma once

#include <string>
#include <type_traits>
#include <utility>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "pqxx/nontransaction"
#include "pqxx/transaction"
#include "storage/connection_pool.h"
#include "storage/statement.h"

namespace supplynet::storage {

// A transaction in progress. Repositories run their named statements through it.
class Tx {
 public:
  Tx(pqxx::transaction_base& work, PooledConnection& conn) : work_(work), conn_(conn) {}

  template <typename... Args>
  pqxx::result Exec(const Statement& statement, Args&&... args) {
    Prepare(statement);
    return work_.exec_prepared(statement.name, std::forward<Args>(args)...);
  }

  pqxx::transaction_base& work() { return work_; }

 private:
  void Prepare(const Statement& statement);

  pqxx::transaction_base& work_;
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
  // Runs fn in a read-only REPEATABLE READ transaction: all its statements see one snapshot,
  // also when it reads page after page (on a hot standby too).
  template <typename Fn>
  TxResult<Fn> ReadSnapshot(Fn&& fn) {
    return Run(std::forward<Fn>(fn), Mode::kSnapshot);
  }
  // Runs fn, which reads with ONE statement, outside any transaction block: one round trip
  // instead of three (BEGIN, the statement, COMMIT), and one statement sees one snapshot anyway.
  template <typename Fn>
  TxResult<Fn> ReadStatement(Fn&& fn) {
    return Run(std::forward<Fn>(fn), Mode::kSingleStatement);
  }

  // OK when the database answers a trivial query.
  absl::Status Ping();

  ConnectionPool& pool() { return pool_; }

 private:
  enum class Mode { kReadWrite, kReadOnly, kSnapshot, kSingleStatement };

  template <typename Fn>
  TxResult<Fn> Run(Fn&& fn, bool read_only, bool commit) {
    return Run(std::forward<Fn>(fn), read_only ? Mode::kReadOnly : Mode::kReadWrite, commit);
  }

  template <typename Fn>
  TxResult<Fn> Run(Fn&& fn, Mode mode, bool commit = true) {
    using Result = TxResult<Fn>;
    absl::StatusOr<ConnectionLease> lease = pool_.Acquire();
    if (!lease.ok()) return Result(lease.status());
    try {
      switch (mode) {
        case Mode::kSingleStatement: {
          pqxx::nontransaction work(lease->connection());
          return RunIn<Result>(work, *lease, fn, commit);
        }
        case Mode::kReadOnly: {
          // A read-only transaction starts with one "BEGIN READ ONLY"-like round trip, not two.
          pqxx::read_transaction work(lease->connection());
          return RunIn<Result>(work, *lease, fn, commit);
        }
        case Mode::kSnapshot: {
          pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> work(lease->connection());
          return RunIn<Result>(work, *lease, fn, commit);
        }
        case Mode::kReadWrite:
          break;
      }
      pqxx::work work(lease->connection());
      return RunIn<Result>(work, *lease, fn, commit);
    } catch (const std::exception& e) {
      return Result(lease->Failed(e));
    }
  }

  template <typename Result, typename Fn>
  static Result RunIn(pqxx::transaction_base& work, ConnectionLease& lease, Fn& fn, bool commit) {
    Tx tx(work, lease.pooled());
    Result result = fn(tx);
    if (result.ok() && commit) work.commit();
    return result;
  }

  ConnectionPool pool_;
};

}  // namespace supplynet::storage
