#include "storage/connection_pool.h"

#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "storage/database_error.h"

namespace supplynet::storage {

ConnectionLease::ConnectionLease(ConnectionLease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), slot_(other.slot_), conn_(other.conn_) {}

absl::Status ConnectionLease::Failed(const std::exception& error) {
  if (ShouldReconnect(error)) MarkBroken();
  return StatusFromDatabaseError(error);
}

ConnectionLease::~ConnectionLease() {
  if (pool_ != nullptr) pool_->Release(slot_);
}

ConnectionPool::ConnectionPool(PoolOptions options)
    : options_(std::move(options)),
      slots_(static_cast<size_t>(options_.size < 1 ? 1 : options_.size)),
      in_use_(slots_.size(), false),
      open_(slots_.size(), false) {}

absl::StatusOr<ConnectionLease> ConnectionPool::Acquire() { return Lend(/*wait=*/true); }

absl::StatusOr<ConnectionLease> ConnectionPool::TryAcquire() { return Lend(/*wait=*/false); }

absl::StatusOr<ConnectionLease> ConnectionPool::Lend(bool wait) {
  int slot = -1;
  {
    std::unique_lock<std::mutex> lock(mu_);
    auto free_slot = [&] {
      for (size_t i = 0; i < in_use_.size(); ++i) {
        if (!in_use_[i]) return static_cast<int>(i);
      }
      return -1;
    };
    slot = free_slot();
    if (slot < 0 && !closed_ && wait) {
      ++waits_total_;
      ++waiting_;
      freed_.wait_for(lock, absl::ToChronoNanoseconds(options_.acquire_timeout),
                      [&] { return closed_ || (slot = free_slot()) >= 0; });
      --waiting_;
    }
    if (closed_) return absl::UnavailableError("the database pool is closed");
    if (slot < 0 && !wait) {
      return absl::UnavailableError("no database connection is free now");
    }
    if (slot < 0) {
      ++timeouts_total_;
      return absl::UnavailableError("no database connection became free in time");
    }
    in_use_[slot] = true;
  }
  // Connecting happens outside the lock so that one slow connect does not stall the others.
  // Only this caller touches the slot until Release; Stats() counts it through open_.
  PooledConnection& conn = slots_[slot];
  if (conn.connection == nullptr || !conn.connection->is_open()) {
    conn = PooledConnection{};
    try {
      conn.connection = std::make_unique<pqxx::connection>(options_.database_url);
    } catch (const std::exception& e) {
      Release(slot);
      return absl::UnavailableError("the database is unreachable");
    }
    std::lock_guard<std::mutex> lock(mu_);
    open_[slot] = true;
  }
  return ConnectionLease(this, slot, &conn);
}

void ConnectionPool::Release(int slot) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    PooledConnection& conn = slots_[slot];
    if (conn.broken || closed_) conn = PooledConnection{};
    open_[slot] = conn.connection != nullptr;
    in_use_[slot] = false;
  }
  freed_.notify_one();
}

PoolStats ConnectionPool::Stats() const {
  std::lock_guard<std::mutex> lock(mu_);
  PoolStats stats;
  stats.size = static_cast<int>(slots_.size());
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (in_use_[i]) ++stats.in_use;
    if (open_[i]) ++stats.open;
  }
  stats.waiting = waiting_;
  stats.waits_total = waits_total_;
  stats.timeouts_total = timeouts_total_;
  return stats;
}

void ConnectionPool::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  for (size_t i = 0; i < slots_.size(); ++i) {
    if (!in_use_[i]) {
      slots_[i] = PooledConnection{};
      open_[i] = false;
    }
  }
  freed_.notify_all();
}

}  // namespace supplynet::storage
