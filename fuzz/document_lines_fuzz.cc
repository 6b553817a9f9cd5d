// The CLI's JSON-lines document reader (`documents sync`) on any file: no crash; every line
// is either a document (numbered by its line) or reported as bad, never both, and the reader
// stops.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "client-lib/cli/document_lines.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  supplynet::fuzz::FuzzInput input(data, size);
  std::istringstream in{std::string(input.rest())};
  int64_t bad_lines = 0;
  supplynet::client::DocumentSource source =
      supplynet::cli::DocumentLinesSource(in, [&](int64_t, const std::string& error) {
        supplynet::fuzz::Check(!error.empty());
        ++bad_lines;
      });
  int64_t documents = 0;
  supplynet::v1::SyncDocumentsRequest next;
  for (;;) {
    absl::StatusOr<bool> more = source(next);
    if (!more.ok() || !*more) break;
    ++documents;
    supplynet::fuzz::Check(documents + bad_lines <= static_cast<int64_t>(size) + 1);
  }
  return 0;
}
