// Answers concurrent GetSupplier reads with one statement for many of them. A read that finds
// a thread idle goes at once, so a lone call waits for nobody; reads that arrive while every
// thread is busy queue, and the next free thread takes all of them (up to max_batch) in one
// statement. That statement starts after each of its reads was queued, so a read still sees
// every write committed before the call arrived, as with one statement per call.
//
// Each read names its entry through a function that the batcher's thread runs (it may block:
// authenticating a token that no cache holds reads the database), so that the caller's thread,
// one of gRPC's, never waits on PostgreSQL.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/supplier.h"
#include "storage/database.h"
#include "storage/supplier_repository.h"

namespace supplynet {

class SupplierLookupBatcher {
 public:
  // Called once per lookup, on one of the batcher's threads (or the caller's, when stopping).
  using Done = std::function<void(absl::StatusOr<Supplier>)>;

  SupplierLookupBatcher(storage::Database& db, int threads, size_t max_batch);
  SupplierLookupBatcher(const SupplierLookupBatcher&) = delete;
  SupplierLookupBatcher& operator=(const SupplierLookupBatcher&) = delete;
  // Answers every lookup still queued, then joins the threads.
  ~SupplierLookupBatcher();

  // Which entry to read (each part a valid UUID), or why the read is refused.
  using Resolve = std::function<absl::StatusOr<storage::SupplierKey>()>;

  // The entry that `resolve` names, NOT_FOUND, or resolve's error, passed to `done`.
  void Lookup(Resolve resolve, Done done);
  // Statements run so far: how many reads shared one shows in the ratio to the reads.
  int64_t statements() const;

 private:
  struct Pending {
    Resolve resolve;
    Done done;
  };

  void Run();
  // Waits for lookups; empty once stopping and nothing is left.
  std::vector<Pending> TakeBatch();
  void Answer(std::vector<Pending>& batch);
  absl::StatusOr<std::vector<Supplier>> Read(const std::vector<storage::SupplierKey>& keys);

  storage::Database& db_;
  const size_t max_batch_;
  // std::mutex rather than absl::Mutex: Debian's Abseil is not built for ThreadSanitizer, which
  // then cannot see an absl::Condition evaluated by the unlocking thread.
  std::mutex mu_;
  std::condition_variable queued_;
  std::deque<Pending> queue_;  // Guarded by mu_.
  bool stopping_ = false;      // Guarded by mu_.
  std::atomic<int64_t> statements_{0};
  std::vector<std::thread> threads_;
};

}  // namespace supplynet
