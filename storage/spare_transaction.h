// A second transaction beside the one a caller is in, for scratch work (temporary tables of
// its own) that PostgreSQL can do on another core meanwhile. It is always rolled back: nothing
// it writes outlives it.
#pragma once

#include <exception>
#include <memory>
#include <optional>
#include <utility>

#include "pqxx/transaction"
#include "storage/connection_pool.h"
#include "storage/database.h"

namespace supplynet::storage {

class SpareTransaction {
 public:
  // One on a connection that is free now, or null when the pool has none free at once: a
  // caller holding a connection must not wait for a second (ConnectionPool::TryAcquire), and
  // does the work in its own transaction instead.
  static std::unique_ptr<SpareTransaction> TryBegin(ConnectionPool& pool);

  SpareTransaction(const SpareTransaction&) = delete;
  SpareTransaction& operator=(const SpareTransaction&) = delete;

  // Runs fn(Tx&) in it. A database error becomes the result's status, as Database::Write's
  // does, and a lost connection is dropped when the spare ends. One thread at a time.
  template <typename Fn>
  TxResult<Fn> Run(Fn&& fn) {
    try {
      Tx tx(*work_, lease_.pooled());
      return fn(tx);
    } catch (const std::exception& e) {
      return TxResult<Fn>(lease_.Failed(e));
    }
  }

 private:
  explicit SpareTransaction(ConnectionLease lease) : lease_(std::move(lease)) {}

  ConnectionLease lease_;
  // Begun by TryBegin. Declared after lease_: rolled back before the connection goes back.
  std::optional<pqxx::work> work_;
};

}  // namespace supplynet::storage
