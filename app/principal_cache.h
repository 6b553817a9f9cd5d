// The principals behind recently seen bearer tokens, so that an authenticated call costs no
// database round trip. Keyed by the token's hash (the token itself is never kept). An entry
// lives at most `ttl` and never past its credential's expiry; any change to a company's
// sessions, users or service accounts drops the company's entries, on every replica, through
// the database's notifications (see storage/migrations/0009_credential_notify.sql). While
// those notifications cannot be received (no listener yet, or its connection lost) the cache
// serves nothing, since changes made meanwhile would go unseen.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "absl/time/time.h"
#include "domain/account.h"

namespace supplynet {

struct PrincipalCacheOptions {
  size_t capacity = 10000;                 // Entries; the oldest goes first when full.
  absl::Duration ttl = absl::Seconds(10);  // Zero turns the cache off.
};

class PrincipalCache {
 public:
  explicit PrincipalCache(PrincipalCacheOptions options);

  // Taken before reading a principal from the database and handed back to Store, so that a
  // read that raced with an invalidation is not stored.
  uint64_t generation() const;

  std::optional<Principal> Find(const std::string& token_hash, absl::Time now);
  void Store(const std::string& token_hash, const Principal& principal, uint64_t generation,
             absl::Time now);

  void InvalidateCompany(const std::string& company_id);
  // Drops everything; with `live` false, also serves and stores nothing until SetLive(true).
  void InvalidateAll(bool live);

  size_t size() const;

 private:
  struct Entry {
    Principal principal;
    absl::Time expire_time;
    std::list<std::string>::iterator age;  // Its place in oldest_first_.
  };

  void EraseLocked(std::unordered_map<std::string, Entry>::iterator it);

  const PrincipalCacheOptions options_;
  mutable std::mutex mu_;
  bool live_ = false;
  uint64_t generation_ = 0;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> oldest_first_;
};

}  // namespace supplynet
