// Request-id idempotency for mutations that batch jobs retry: a retry with the same request id
// (same company, same operation) returns the first call's result and changes nothing more.
//
// Usage inside the mutation's own write transaction:
//   return db.Write([&](Tx& tx) {
//     return RunOnce<Supplier>(tx, {company_id, "Service/Method", request_id}, now, codec,
//                              [&]() -> absl::StatusOr<Supplier> { ...mutate... });
//   });
// The key is claimed first, in the same transaction, so concurrent retries serialise on it;
// a failed mutation rolls its claim back, so its retry runs again. The codec turns a result
// into bytes and back; the server supplies one whose bytes are the RPC's response message, so
// app and storage never see gRPC types.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
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

template <typename T>
struct ResultCodec {
  std::function<std::string(const T&)> encode;
  std::function<absl::StatusOr<T>(const std::string&)> decode;
};

// OK for an empty request id (the call is not retry-safe) or a UUID; else INVALID_ARGUMENT on
// `field`.
absl::Status CheckRequestId(std::string_view request_id, std::string_view field = "request_id");

// INVALID_ARGUMENT on `field`: the request id came with another request than the first time.
absl::Status RequestIdReused(std::string_view field);

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
    return codec.decode(stored->response);
  }
  absl::StatusOr<T> result = mutate();
  if (!result.ok()) return result;
  RETURN_IF_ERROR(storage::IdempotencyRepository::SaveResponse(tx, key, codec.encode(*result)));
  return result;
}

}  // namespace supplynet
