// Writes CSV records (RFC 4180): fields quoted when they hold a comma, a quote or a line
// break, quotes doubled, CRLF line ends.
#pragma once

#include <string>
#include <vector>

namespace supplynet {

void AppendCsvRecord(const std::vector<std::string>& fields, std::string* out);

}  // namespace supplynet
