#include "app/idempotency.h"

#include "domain/field_violation.h"
#include "domain/ids.h"

namespace supplynet {

absl::Status CheckRequestId(std::string_view request_id, std::string_view field) {
  if (request_id.empty() || IsUuid(request_id)) return absl::OkStatus();
  return InvalidField(std::string(field), "must be a UUID");
}

absl::Status RequestIdReused(std::string_view field) {
  return InvalidField(std::string(field),
                      "was already used for a different request; a retry must repeat its first "
                      "request exactly, another request needs a new request_id");
}

storage::IdempotencyKey IdempotencyKeyOf(std::string_view company_id, std::string_view operation,
                                         const RequestId& request_id) {
  return {std::string(company_id), std::string(operation), request_id.id, request_id.fingerprint};
}

}  // namespace supplynet
