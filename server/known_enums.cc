#include "server/known_enums.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/field_violation.h"
#include "google/protobuf/descriptor.h"

namespace supplynet::server {
namespace {

namespace pb = ::google::protobuf;

void Check(const pb::Message& message, const std::string& prefix, FieldViolations& violations) {
  const pb::Reflection& reflection = *message.GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);  // Only the fields that are set.
  for (const pb::FieldDescriptor* field : fields) {
    const std::string path = absl::StrCat(prefix, field->name());
    const int count = field->is_repeated() ? reflection.FieldSize(message, field) : 1;
    for (int i = 0; i < count; ++i) {
      const std::string at = field->is_repeated() ? absl::StrCat(path, "[", i, "]") : path;
      if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_ENUM) {
        const int value = field->is_repeated() ? reflection.GetRepeatedEnumValue(message, field, i)
                                               : reflection.GetEnumValue(message, field);
        if (field->enum_type()->FindValueByNumber(value) == nullptr) {
          violations.Add(at, absl::StrCat("is not a known ", field->enum_type()->name(), " value"));
        }
      } else if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE && !field->is_map()) {
        const pb::Message& sub = field->is_repeated()
                                     ? reflection.GetRepeatedMessage(message, field, i)
                                     : reflection.GetMessage(message, field);
        Check(sub, at + ".", violations);
      }
    }
  }
}

}  // namespace

absl::Status CheckKnownEnums(const google::protobuf::Message& request) {
  FieldViolations violations;
  Check(request, "", violations);
  return violations.ToStatus();
}

}  // namespace supplynet::server
