// Secrets (tokens, keys, passwords) come from libsodium; only their hashes are ever stored.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "domain/concurrency_limit.h"

namespace supplynet {

// Initialises libsodium; safe to call many times. False when the library cannot start.
bool InitSecrets();

// A random token of 256 bits, URL-safe, behind a readable prefix (e.g. "sns_" for sessions).
std::string NewSecretToken(std::string_view prefix);

// The hash under which a high-entropy token or key is stored and looked up (BLAKE2b-256, hex).
// Tokens carry 256 random bits, so a fast hash is enough; passwords use PasswordHasher.
std::string HashToken(std::string_view token);

// Argon2id password hashing (crypto_pwhash_str), memory-hard. The cost is kept inside each
// stored hash, so changing it affects new hashes only. Each hash or check takes its cost's
// memory (64 MiB at kInteractive) for its whole run, so `limit`, when given, bounds how many
// run at once: without it a burst of logins would take 64 MiB each.
class PasswordHasher {
 public:
  enum class Cost {
    kInteractive,  // libsodium's interactive limits (64 MiB): production default.
    kModerate,     // libsodium's moderate limits (256 MiB): for high-value accounts.
    kMinimum,      // The smallest limits libsodium allows: for tests only.
  };
  explicit PasswordHasher(Cost cost = Cost::kInteractive,
                          std::shared_ptr<ConcurrencyLimit> limit = nullptr)
      : cost_(cost), limit_(std::move(limit)) {}

  // "interactive", "moderate" or "minimum".
  static std::optional<Cost> CostFromName(std::string_view name);

  // DEADLINE_EXCEEDED, with nothing computed, when `deadline` (real time: the caller's, who has
  // given up by then) passes before a slot of the limit is free.
  absl::StatusOr<std::string> Hash(std::string_view password,
                                   absl::Time deadline = absl::InfiniteFuture()) const;
  // Whether `password` matches `hash`, in constant time with respect to the password; the same
  // DEADLINE_EXCEEDED as Hash.
  absl::StatusOr<bool> Verify(std::string_view hash, std::string_view password,
                              absl::Time deadline = absl::InfiniteFuture()) const;

 private:
  Cost cost_;
  std::shared_ptr<ConcurrencyLimit> limit_;
};

}  // namespace supplynet
