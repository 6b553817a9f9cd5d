// Request-id idempotency for mutations that batch jobs retry: a retry with the same request id
// (same company, same operation) returns the first call's result and changes nothing more.
//
// Usage, the mutation in a write transaction of its own:
//   return WriteOnce<Supplier>(db, IdempotencyKeyOf(company_id, "Service/Method", request_id),
//                              now, codec, [&](Tx& tx) -> absl::StatusOr<Supplier> { ... });
// or RunOnce inside a transaction the caller already has. The key is claimed first, in the
// same transaction, so concurrent retries serialise on it; a failed mutation rolls its claim
// back, so its retry runs again. The codec (app/result_codec.h) turns a result into bytes and
// back.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/result_codec.h"
#include "domain/status_macros.h"
#include "storage/database.h"
#include "storage/idempotency_repository.h"

namespace supplynet {

// The request id of a retry-safe call, and a fingerprint of everything else its request says:
// an id reused for another request is refused instead of answered with the first request's
// result.
struct RequestId {
  std::string id;           // Empty: the call is not retry-safe. Else a UUID.
  std::string fingerprint;  // Empty: not compared.
};

// OK for an empty request id (the call is not retry-safe) or a UUID; else INVALID_ARGUMENT on
// `field`.
absl::Status CheckRequestId(std::string_view request_id, std::string_view field = "request_id");

// INVALID_ARGUMENT on `field`: the request id came with another request than the first time.
absl::Status RequestIdReused(std::string_view field);

// The key of `company_id`'s call of `operation` with `request_id`.
storage::IdempotencyKey IdempotencyKeyOf(std::string_view company_id, std::string_view operation,
                                         const RequestId& request_id);

// Runs `mutate` unless `key` was already used, in which case the stored result is decoded and
// returned instead (or RequestIdReused when the fingerprints differ). An empty
// key.request_id just runs `mutate`.
template <typename T, typename Mutate>
absl::StatusOr<T> RunOnce(storage::Tx& tx, const storage::IdempotencyKey& key, absl::Time now,
                          const ResultCodec<T>& codec, Mutate&& mutate,
                          std::string_view field = "request_id") {
  if (key.request_id.empty()) return mutate();
  ASSIGN_OR_RETURN(std::optional<storage::StoredResponse> stored,
                   storage::IdempotencyRepository::Claim(tx, key, now));
  if (stored.has_value()) {
    if (!stored->fingerprint.empty() && !key.fingerprint.empty() &&
        stored->fingerprint != key.fingerprint) {
      return RequestIdReused(field);
    }
    return codec.Decode(stored->response);
  }
  absl::StatusOr<T> result = mutate();
  if (!result.ok()) return result;
  RETURN_IF_ERROR(storage::IdempotencyRepository::SaveResponse(tx, key, codec.Encode(*result)));
  return result;
}

// RunOnce in a write transaction of its own; `mutate` takes that transaction.
template <typename T, typename Mutate>
absl::StatusOr<T> WriteOnce(storage::Database& db, const storage::IdempotencyKey& key,
                            absl::Time now, const ResultCodec<T>& codec, Mutate&& mutate,
                            std::string_view field = "request_id") {
  return db.Write([&](storage::Tx& tx) {
    return RunOnce<T>(
        tx, key, now, codec, [&] { return mutate(tx); }, field);
  });
}

}  // namespace supplynet
