#include "domain/secrets.h"

#include <sodium.h>

#include <array>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"

namespace supplynet {
namespace {

absl::Status GaveUp() {
  return absl::DeadlineExceededError(
      "the call's deadline passed while it waited for a free password hash slot");
}

}  // namespace

bool InitSecrets() { return sodium_init() >= 0; }

std::string NewSecretToken(std::string_view prefix) {
  std::array<unsigned char, 32> bytes;
  randombytes_buf(bytes.data(), bytes.size());
  constexpr int kVariant = sodium_base64_VARIANT_URLSAFE_NO_PADDING;
  std::string encoded(sodium_base64_ENCODED_LEN(bytes.size(), kVariant), '\0');
  sodium_bin2base64(encoded.data(), encoded.size(), bytes.data(), bytes.size(), kVariant);
  encoded.resize(encoded.find('\0'));
  sodium_memzero(bytes.data(), bytes.size());
  return absl::StrCat(AsAbsl(prefix), encoded);
}

std::string HashToken(std::string_view token) {
  std::array<unsigned char, crypto_generichash_BYTES> digest;
  crypto_generichash(digest.data(), digest.size(),
                     reinterpret_cast<const unsigned char*>(token.data()), token.size(), nullptr,
                     0);
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();
  return hex;
}

std::optional<PasswordHasher::Cost> PasswordHasher::CostFromName(std::string_view name) {
  if (name == "interactive") return Cost::kInteractive;
  if (name == "moderate") return Cost::kModerate;
  if (name == "minimum") return Cost::kMinimum;
  return std::nullopt;
}

absl::StatusOr<std::string> PasswordHasher::Hash(std::string_view password,
                                                 absl::Time deadline) const {
  uint64_t ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
  size_t mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
  if (cost_ == Cost::kModerate) {
    ops = crypto_pwhash_OPSLIMIT_MODERATE;
    mem = crypto_pwhash_MEMLIMIT_MODERATE;
  } else if (cost_ == Cost::kMinimum) {
    ops = crypto_pwhash_OPSLIMIT_MIN;
    mem = crypto_pwhash_MEMLIMIT_MIN;
  }
  char out[crypto_pwhash_STRBYTES];
  const ConcurrencyLimit::Slot slot(limit_.get(), deadline);
  if (!slot.held()) return GaveUp();
  if (crypto_pwhash_str(out, password.data(), password.size(), ops, mem) != 0) {
    return absl::ResourceExhaustedError("out of memory while hashing the password");
  }
  return std::string(out);
}

absl::StatusOr<bool> PasswordHasher::Verify(std::string_view hash, std::string_view password,
                                            absl::Time deadline) const {
  const std::string stored(hash);  // crypto_pwhash_str_verify wants a NUL-terminated string.
  const ConcurrencyLimit::Slot slot(limit_.get(), deadline);
  if (!slot.held()) return GaveUp();
  return crypto_pwhash_str_verify(stored.c_str(), password.data(), password.size()) == 0;
}

}  // namespace supplynet
