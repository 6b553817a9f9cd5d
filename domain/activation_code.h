// Activation codes of invitations (see domain.md, "Invitations and activation codes").
// A code is 12 symbols of Crockford base32 (60 random bits from libsodium), shown grouped as
// XXXX-XXXX-XXXX. People copy it from an email by hand, so parsing forgives case, spaces,
// dashes and the look-alikes O (zero) and I/L (one). Only its hash is ever stored.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"

namespace supplynet {

// Crockford's base32: digits and upper-case letters without I, L, O and U.
inline constexpr std::string_view kActivationCodeAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
inline constexpr std::size_t kActivationCodeLength = 12;
// Longest input accepted before normalisation: room for separators, not for essays.
inline constexpr std::size_t kMaxTypedActivationCodeLength = 64;

// A well-formed activation code in canonical form (12 symbols of the alphabet).
class ActivationCode {
 public:
  // A new random code. InitSecrets() must have succeeded.
  static ActivationCode Generate();
  // Parses what a person typed. Empty input is INVALID_ARGUMENT "is required", anything that
  // is not 12 symbols of the alphabet after normalisation "is not an activation code"; both
  // name `field`.
  static absl::StatusOr<ActivationCode> Parse(std::string_view typed, std::string_view field);

  // The 12 symbols, e.g. "7K3M9QW2XD4F".
  const std::string& canonical() const { return canonical_; }
  // The form shown to people, e.g. "7K3M-9QW2-XD4F".
  std::string Display() const;
  // What is stored and looked up: BLAKE2b-256 (hex) of the canonical form, keyed with a fixed
  // context so that a code hash never equals a token hash of the same text.
  std::string Hash() const;

 private:
  explicit ActivationCode(std::string canonical) : canonical_(std::move(canonical)) {}
  std::string canonical_;
};

// Compares two stored hashes in constant time (for equal lengths), so that a comparison made
// in process leaks nothing about how many leading characters matched.
bool SameActivationCodeHash(std::string_view a, std::string_view b);

}  // namespace supplynet
