#include "domain/etag.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "domain/field_violation.h"

namespace supplynet {

std::string EtagOf(int64_t version) { return absl::StrCat(version); }

absl::StatusOr<std::optional<int64_t>> ParseEtag(std::string_view etag, std::string_view field) {
  if (etag.empty()) return std::optional<int64_t>();
  int64_t version = 0;
  if (!absl::SimpleAtoi(AsAbsl(etag), &version) || version < 1) {
    return InvalidField(std::string(field), "is not an etag returned by this API");
  }
  return std::optional<int64_t>(version);
}

}  // namespace supplynet
