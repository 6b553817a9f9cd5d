#include "domain/ids.h"

#include <string>

#include "absl/strings/ascii.h"
#include "domain/field_violation.h"

namespace supplynet {

bool IsUuid(std::string_view id) {
  if (id.size() != 36) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash_position ? id[i] != '-' : !absl::ascii_isxdigit(id[i])) return false;
  }
  return true;
}

absl::Status CheckId(std::string_view id, std::string_view field) {
  if (id.empty()) return InvalidField(std::string(field), "is required");
  if (!IsUuid(id)) return InvalidField(std::string(field), "is not a valid id (UUID)");
  return absl::OkStatus();
}

}  // namespace supplynet
