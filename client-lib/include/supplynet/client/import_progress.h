// Progress of a bulk import while its file streams to the server.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

namespace supplynet::client {

inline constexpr size_t kDefaultImportChunkBytes = 256 * 1024;

struct ImportProgress {
  int64_t bytes_sent = 0;
  int64_t total_bytes = -1;  // -1 when the size is not known in advance.
  // Line breaks sent so far, the header's included.
  int64_t lines_sent = 0;
  // Data rows sent so far: the lines after the header (and, once done, an unterminated last
  // line), give or take line breaks inside quoted cells.
  int64_t rows_sent = 0;
  bool done = false;  // The last call: everything is sent, the report is on its way.
};

using ImportProgressCallback = std::function<void(const ImportProgress&)>;

}  // namespace supplynet::client
