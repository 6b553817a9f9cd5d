#include "storage/idempotency_repository.h"

#include "pqxx/binarystring"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

const Statement kClaim{
    "idempotency_claim",
    "INSERT INTO idempotency_keys (company_id, operation, request_id, create_time, "
    "request_fingerprint) VALUES ($1::uuid, $2, $3::uuid, sn_from_micros($4), $5) "
    "ON CONFLICT DO NOTHING"};

const Statement kFindResponse{
    "idempotency_find_response",
    "SELECT response, request_fingerprint FROM idempotency_keys "
    "WHERE company_id = $1::uuid AND operation = $2 AND request_id = $3::uuid"};

const Statement kSaveResponse{
    "idempotency_save_response",
    "UPDATE idempotency_keys SET response = $4 "
    "WHERE company_id = $1::uuid AND operation = $2 AND request_id = $3::uuid"};

const Statement kDeleteClaimedBefore{
    "idempotency_delete_claimed_before",
    "DELETE FROM idempotency_keys WHERE ctid = ANY(ARRAY(SELECT ctid FROM idempotency_keys "
    "WHERE create_time <= sn_from_micros($1) ORDER BY create_time LIMIT $2::int "
    "FOR UPDATE SKIP LOCKED))"};

}  // namespace

absl::StatusOr<std::optional<StoredResponse>> IdempotencyRepository::Claim(
    Tx& tx, const IdempotencyKey& key, absl::Time now) {
  // ON CONFLICT waits for a concurrent claimer to commit or roll back, so at most one call
  // runs the mutation and the others see its committed response. The retention sweep may
  // delete a key past its retention between the two statements: the call then claims it anew.
  for (int attempt = 0; attempt < 2; ++attempt) {
    if (tx.Exec(kClaim, key.company_id, key.operation, key.request_id, Micros(now), key.fingerprint)
            .affected_rows() == 1) {
      return std::optional<StoredResponse>();
    }
    pqxx::result rows = tx.Exec(kFindResponse, key.company_id, key.operation, key.request_id);
    if (rows.empty()) continue;
    if (rows[0][0].is_null()) {
      return absl::InternalError("a request id was claimed without a stored response");
    }
    return std::optional<StoredResponse>(
        StoredResponse{pqxx::binarystring(rows[0][0]).str(), Text(rows[0], "request_fingerprint")});
  }
  return absl::AbortedError("a request id was deleted twice while being claimed");
}

absl::Status IdempotencyRepository::SaveResponse(Tx& tx, const IdempotencyKey& key,
                                                 const std::string& response) {
  if (tx.Exec(kSaveResponse, key.company_id, key.operation, key.request_id,
              pqxx::binarystring(response))
          .affected_rows() != 1) {
    return absl::InternalError("saving a response for a request id that was not claimed");
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> IdempotencyRepository::DeleteClaimedBefore(Tx& tx, absl::Time cutoff,
                                                                   int limit) {
  return static_cast<int64_t>(tx.Exec(kDeleteClaimedBefore, Micros(cutoff), limit).affected_rows());
}

}  // namespace supplynet::storage
