#include "client-lib/cli/enum_text.h"

#include <google/protobuf/descriptor.h>

#include <cctype>

namespace supplynet::cli {
namespace {

constexpr char kUnspecified[] = "UNSPECIFIED";

// "DOCUMENT_STATUS_": the name of the zero value without UNSPECIFIED.
std::string Prefix(const google::protobuf::EnumDescriptor& type) {
  const google::protobuf::EnumValueDescriptor* zero = type.FindValueByNumber(0);
  if (zero == nullptr) return "";
  const std::string& name = zero->name();
  const size_t at = name.rfind(kUnspecified);
  return at == std::string::npos ? "" : name.substr(0, at);
}

}  // namespace

std::string EnumWord(const google::protobuf::EnumDescriptor& type, int value) {
  const google::protobuf::EnumValueDescriptor* found = type.FindValueByNumber(value);
  if (found == nullptr || value == 0) return "-";
  std::string word = found->name().substr(Prefix(type).size());
  for (char& c : word) {
    c = c == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return word;
}

std::optional<int> ParseEnumWord(const google::protobuf::EnumDescriptor& type,
                                 const std::string& word) {
  std::string name = Prefix(type);
  for (char c : word) {
    name += c == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  const google::protobuf::EnumValueDescriptor* found = type.FindValueByName(name);
  if (found == nullptr || found->number() == 0) return std::nullopt;
  return found->number();
}

std::string EnumWords(const google::protobuf::EnumDescriptor& type) {
  std::string words;
  int listed = 0;
  const int count = type.value_count() - 1;  // Every value but UNSPECIFIED.
  for (int i = 0; i < type.value_count(); ++i) {
    const int number = type.value(i)->number();
    if (number == 0) continue;
    ++listed;
    if (listed > 1) words += listed == count ? " or " : ", ";
    words += EnumWord(type, number);
  }
  return words;
}

}  // namespace supplynet::cli
