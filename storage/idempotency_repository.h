// Request-id keys of retry-safe mutations: (company, operation, request_id) -> the encoded
// result of the first call and the fingerprint of its request. The response is an opaque blob; its
// format belongs to the caller.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "storage/database.h"

namespace supplynet::storage {

struct IdempotencyKey {
  std::string company_id;
  std::string operation;    // E.g. "SupplierNetworkService/AddSupplier".
  std::string request_id;   // A UUID.
  std::string fingerprint;  // Of the rest of the request; empty: none.
};

// What the first call with a key left.
struct StoredResponse {
  std::string response;
  std::string fingerprint;  // Empty when that call had none.
};

class IdempotencyRepository {
 public:
  // Claims `key` (with its fingerprint) for this transaction. nullopt: newly claimed, the
  // caller goes on and saves its response before committing. A value: an earlier call
  // committed it. A concurrent transaction holding the same key makes this call wait for its
  // outcome.
  static absl::StatusOr<std::optional<StoredResponse>> Claim(Tx& tx, const IdempotencyKey& key,
                                                             absl::Time now);
  // Stores the response of a key claimed in this transaction.
  static absl::Status SaveResponse(Tx& tx, const IdempotencyKey& key, const std::string& response);
  // Deletes up to `limit` keys claimed at or before `cutoff`, oldest first, skipping keys another
  // transaction holds; how many went.
  static absl::StatusOr<int64_t> DeleteClaimedBefore(Tx& tx, absl::Time cutoff, int limit);
};

}  // namespace supplynet::storage
