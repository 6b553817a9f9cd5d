// The CSV reader on any bytes, with a separator and a field limit chosen by the input: it must
// not crash, and feeding the file in two chunks split anywhere must give the same records as
// feeding it whole (a chunk may end inside a quote, a UTF-8 sequence or a CRLF).
#include <cstddef>
#include <cstdint>
#include <vector>

#include "domain/csv_reader.h"
#include "fuzz/fuzz_input.h"

namespace {

using supplynet::CsvOptions;
using supplynet::CsvReader;
using supplynet::CsvRecord;

std::vector<CsvRecord> Read(const CsvOptions& options, std::string_view first,
                            std::string_view second) {
  CsvReader reader(options);
  reader.Feed(first);
  reader.Feed(second);
  reader.Finish();
  return reader.TakeRecords();
}

bool Same(const std::vector<CsvRecord>& a, const std::vector<CsvRecord>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].line != b[i].line || a[i].fields != b[i].fields || a[i].error != b[i].error) {
      return false;
    }
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  supplynet::fuzz::FuzzInput input(data, size);
  CsvOptions options;
  const uint8_t choice = input.Byte();
  options.separator = "\0,;\t"[choice % 4];
  options.max_field_bytes = 1 + (choice >> 2) * 4;  // Small limits reach the limit paths.
  options.max_fields = 1 + input.Byte() % 16;
  const std::string_view file = input.rest();
  const size_t split = file.empty() ? 0 : input.Byte() % (file.size() + 1);
  const std::vector<CsvRecord> whole = Read(options, file, {});
  const std::vector<CsvRecord> split_read =
      Read(options, file.substr(0, split), file.substr(split));
  supplynet::fuzz::Check(Same(whole, split_read));
  return 0;
}
