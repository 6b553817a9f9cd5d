#include "storage/pg_text.h"

#include <string_view>
#include <utility>

#include "absl/strings/escaping.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/json_text.h"

namespace supplynet::storage {

std::string TextArray(const std::vector<std::string>& values) {
  TextArrayWriter array;
  for (const std::string& value : values) array.Add(value);
  return array.Finish();
}

void TextArrayWriter::Add(std::string_view value) {
  if (out_.size() > 1) out_ += ',';
  out_ += '"';
  // Runs without a quote or backslash are appended whole.
  size_t run = 0;
  for (size_t i = 0; i < value.size(); ++i) {
    if (value[i] != '"' && value[i] != '\\') continue;
    out_.append(value.substr(run, i - run)).append(1, '\\');
    run = i;
  }
  out_.append(value.substr(run));
  out_ += '"';
}

std::string TextArrayWriter::Finish() {
  out_ += '}';
  return std::exchange(out_, "{");
}

std::vector<std::vector<std::string>> DecodeHexTuples(const std::string& encoded) {
  std::vector<std::vector<std::string>> rows;
  if (encoded.empty()) return rows;
  for (absl::string_view tuple : absl::StrSplit(encoded, ',')) {
    std::vector<std::string> parts;
    for (absl::string_view hex : absl::StrSplit(tuple, ':')) {
      parts.push_back(absl::HexStringToBytes(hex));
    }
    rows.push_back(std::move(parts));
  }
  return rows;
}

std::map<std::string, std::string> DecodeHexMap(const std::string& encoded) {
  std::map<std::string, std::string> map;
  for (std::vector<std::string>& pair : DecodeHexTuples(encoded)) {
    if (pair.size() == 2) map[pair[0]] = pair[1];
  }
  return map;
}

std::string JsonObjectText(const std::map<std::string, std::string>& map) {
  std::string out = "{";
  for (const auto& [key, value] : map) {
    if (out.size() > 1) out.push_back(',');
    AppendJsonString(key, &out);
    out.push_back(':');
    AppendJsonString(value, &out);
  }
  out.push_back('}');
  return out;
}

}  // namespace supplynet::storage
