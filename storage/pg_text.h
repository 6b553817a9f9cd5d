// Compound values across the libpqxx boundary: text arrays as parameters, and the hex-encoded
// tuples and maps that the sn_hex / sn_map_text SQL functions produce (hex keeps every
// separator out of the encoded values).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace supplynet::storage {

// A PostgreSQL text[] literal ("{"a","b\"c"}") for a parameter cast to text[].
std::string TextArray(const std::vector<std::string>& values);

// The same literal written one element at a time, for arrays built column by column.
class TextArrayWriter {
 public:
  void Add(std::string_view value);
  // The literal; the writer is empty again afterwards.
  std::string Finish();

 private:
  std::string out_ = "{";
};

// "hex:hex,hex:hex" -> rows of decoded parts (malformed parts decode to "").
std::vector<std::vector<std::string>> DecodeHexTuples(const std::string& encoded);

// "hexkey:hexvalue,..." as made by sn_map_text -> the map.
std::map<std::string, std::string> DecodeHexMap(const std::string& encoded);
// A JSON object of the map's strings, for a parameter cast to jsonb (PostgreSQL parses it in C;
// the sn_text_map SQL function that decoded a hex map cost an SQL function call per row).
std::string JsonObjectText(const std::map<std::string, std::string>& map);

}  // namespace supplynet::storage
