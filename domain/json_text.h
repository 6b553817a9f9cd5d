// Text as a JSON string literal (RFC 8259), for the JSON that the server writes itself: the
// request log's lines and the jsonb parameters of the document repository.
#pragma once

#include <string>
#include <string_view>

namespace supplynet {

// Appends `text` to `out` quoted, with quotes, backslashes and control characters escaped;
// UTF-8 as is.
void AppendJsonString(std::string_view text, std::string* out);

}  // namespace supplynet
