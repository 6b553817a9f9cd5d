// Writes CSV records (RFC 4180): fields quoted when they hold a comma, a quote or a line
// break, quotes doubled, CRLF line ends.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace supplynet {

void AppendCsvRecord(const std::vector<std::string>& fields, std::string* out);
// The same, for fields that are views (a report's row: no copy of each value).
void AppendCsvRecord(std::initializer_list<std::string_view> fields, std::string* out);

}  // namespace supplynet
