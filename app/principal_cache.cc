#include "app/principal_cache.h"

#include <algorithm>

namespace supplynet {

PrincipalCache::PrincipalCache(PrincipalCacheOptions options) : options_(options) {}

uint64_t PrincipalCache::generation() const {
  std::lock_guard<std::mutex> lock(mu_);
  return generation_;
}

std::optional<Principal> PrincipalCache::Find(const std::string& token_hash, absl::Time now) {
  std::lock_guard<std::mutex> lock(mu_);
  if (!live_) return std::nullopt;
  const auto it = entries_.find(token_hash);
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expire_time <= now) {
    EraseLocked(it);
    return std::nullopt;
  }
  return it->second.principal;
}

void PrincipalCache::Store(const std::string& token_hash, const Principal& principal,
                           uint64_t generation, absl::Time now) {
  if (options_.ttl <= absl::ZeroDuration() || options_.capacity == 0) return;
  const absl::Time expire_time = std::min(now + options_.ttl, principal.credential_expire_time);
  if (expire_time <= now) return;
  std::lock_guard<std::mutex> lock(mu_);
  if (!live_ || generation != generation_) return;
  if (const auto it = entries_.find(token_hash); it != entries_.end()) EraseLocked(it);
  while (entries_.size() >= options_.capacity) EraseLocked(entries_.find(oldest_first_.front()));
  oldest_first_.push_back(token_hash);
  entries_.emplace(token_hash, Entry{principal, expire_time, std::prev(oldest_first_.end())});
}

void PrincipalCache::InvalidateCompany(const std::string& company_id) {
  std::lock_guard<std::mutex> lock(mu_);
  ++generation_;
  for (auto it = entries_.begin(); it != entries_.end();) {
    const auto next = std::next(it);
    if (it->second.principal.company_id == company_id) EraseLocked(it);
    it = next;
  }
}

void PrincipalCache::InvalidateAll(bool live) {
  std::lock_guard<std::mutex> lock(mu_);
  ++generation_;
  live_ = live;
  entries_.clear();
  oldest_first_.clear();
}

size_t PrincipalCache::size() const {
  std::lock_guard<std::mutex> lock(mu_);
  return entries_.size();
}

void PrincipalCache::EraseLocked(std::unordered_map<std::string, Entry>::iterator it) {
  oldest_first_.erase(it->second.age);
  entries_.erase(it);
}

}  // namespace supplynet
