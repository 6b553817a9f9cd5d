#include "app/supplier_lookup_batcher.h"

#include <algorithm>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"

namespace supplynet {

SupplierLookupBatcher::SupplierLookupBatcher(storage::Database& db, int threads, size_t max_batch)
    : db_(db), max_batch_(max_batch) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Run(); });
}

SupplierLookupBatcher::~SupplierLookupBatcher() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  queued_.notify_all();
  for (std::thread& thread : threads_) thread.join();
}

void SupplierLookupBatcher::Lookup(Resolve resolve, Done done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back({std::move(resolve), std::move(done)});
  }
  queued_.notify_one();
}

int64_t SupplierLookupBatcher::statements() const { return statements_.load(); }

void SupplierLookupBatcher::Run() {
  for (std::vector<Pending> batch = TakeBatch(); !batch.empty(); batch = TakeBatch()) {
    Answer(batch);
  }
}

std::vector<SupplierLookupBatcher::Pending> SupplierLookupBatcher::TakeBatch() {
  std::unique_lock<std::mutex> lock(mu_);
  queued_.wait(lock, [this] { return !queue_.empty() || stopping_; });
  std::vector<Pending> batch;
  const size_t take = std::min(queue_.size(), max_batch_);
  batch.reserve(take);
  for (size_t i = 0; i < take; ++i) {
    batch.push_back(std::move(queue_.front()));
    queue_.pop_front();
  }
  return batch;
}

void SupplierLookupBatcher::Answer(std::vector<Pending>& batch) {
  // The reads that resolve to a key, and those keys; the others are refused at once.
  std::vector<Pending*> reads;
  std::vector<storage::SupplierKey> keys;
  for (Pending& pending : batch) {
    absl::StatusOr<storage::SupplierKey> key = pending.resolve();
    if (!key.ok()) {
      pending.done(key.status());
      continue;
    }
    reads.push_back(&pending);
    keys.push_back(*std::move(key));
  }
  if (keys.empty()) return;
  absl::StatusOr<std::vector<Supplier>> found = Read(keys);
  if (!found.ok()) {
    for (Pending* read : reads) read->done(found.status());
    return;
  }
  // Company and id: the same id in two networks is two entries.
  absl::flat_hash_map<std::pair<std::string, std::string>, size_t> by_key;
  for (size_t e = 0; e < found->size(); ++e) {
    by_key[{(*found)[e].client_company_id, (*found)[e].supplier_id}] = e;
  }
  // Each read's entry (kNone: not found), and how many reads each entry still has: the last
  // read of an entry gets the entry itself, any earlier one (the same entry asked for twice in
  // one batch) a copy.
  constexpr size_t kNone = ~size_t{0};
  std::vector<size_t> entry_of(reads.size(), kNone);
  std::vector<int> reads_left(found->size(), 0);
  for (size_t i = 0; i < reads.size(); ++i) {
    auto it = by_key.find({keys[i].client_company_id, keys[i].supplier_id});
    if (it == by_key.end()) continue;
    entry_of[i] = it->second;
    ++reads_left[it->second];
  }
  for (size_t i = 0; i < reads.size(); ++i) {
    const size_t e = entry_of[i];
    if (e == kNone) {
      reads[i]->done(storage::SupplierRepository::NotFound());
    } else if (--reads_left[e] == 0) {
      reads[i]->done(std::move((*found)[e]));
    } else {
      reads[i]->done((*found)[e]);
    }
  }
}

absl::StatusOr<std::vector<Supplier>> SupplierLookupBatcher::Read(
    const std::vector<storage::SupplierKey>& keys) {
  ++statements_;
  return db_.ReadStatement([&](storage::Tx& tx) -> absl::StatusOr<std::vector<Supplier>> {
    return storage::SupplierRepository::FindByIds(tx, keys);
  });
}

}  // namespace supplynet
