// Protobuf enum values as command-line words and back: DOCUMENT_STATUS_PAYMENT_SCHEDULED is
// "payment-scheduled" (the value name without the enum's common prefix, lower case, dashes).
#pragma once

#include <google/protobuf/generated_enum_reflection.h>

#include <optional>
#include <string>

namespace supplynet::cli {

// "payment-scheduled"; "-" for the UNSPECIFIED value or an unknown number.
std::string EnumWord(const google::protobuf::EnumDescriptor& type, int value);
// The value named by `word` (either case, dashes or underscores); nothing when none is, or
// when `word` names the UNSPECIFIED value.
std::optional<int> ParseEnumWord(const google::protobuf::EnumDescriptor& type,
                                 const std::string& word);
// "accepted, rejected or paid": the words of every value but UNSPECIFIED.
std::string EnumWords(const google::protobuf::EnumDescriptor& type);

template <typename Enum>
std::string EnumWord(Enum value) {
  return EnumWord(*google::protobuf::GetEnumDescriptor<Enum>(), static_cast<int>(value));
}

template <typename Enum>
std::optional<Enum> ParseEnumWord(const std::string& word) {
  const std::optional<int> value =
      ParseEnumWord(*google::protobuf::GetEnumDescriptor<Enum>(), word);
  if (!value.has_value()) return std::nullopt;
  return static_cast<Enum>(*value);
}

template <typename Enum>
std::string EnumWords() {
  return EnumWords(*google::protobuf::GetEnumDescriptor<Enum>());
}

}  // namespace supplynet::cli
