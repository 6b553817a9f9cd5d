#include "domain/csv_writer.h"

#include <algorithm>

namespace supplynet {
namespace {

bool NeedsQuotes(std::string_view field) {
  // One pass over the field; find_first_of searched the four characters for every byte.
  return std::any_of(field.begin(), field.end(),
                     [](char c) { return c == ',' || c == '"' || c == '\r' || c == '\n'; });
}

void AppendCsvField(std::string_view field, std::string* out) {
  if (!NeedsQuotes(field)) {
    out->append(field);
    return;
  }
  out->push_back('"');
  for (char c : field) {
    if (c == '"') out->push_back('"');
    out->push_back(c);
  }
  out->push_back('"');
}

template <typename Fields>
void AppendFields(const Fields& fields, std::string* out) {
  bool first = true;
  for (const auto& field : fields) {
    if (!first) out->push_back(',');
    first = false;
    AppendCsvField(field, out);
  }
  out->append("\r\n");
}

}  // namespace

void AppendCsvRecord(const std::vector<std::string>& fields, std::string* out) {
  AppendFields(fields, out);
}

void AppendCsvRecord(std::initializer_list<std::string_view> fields, std::string* out) {
  AppendFields(fields, out);
}

}  // namespace supplynet
