// The supplier-import parser (header, row checks, repeats) on any file for any country and
// default tax ID type: it must not crash, and a rejected row lists at least one error, each
// on the row's line and saying what is wrong.
#include <cstddef>
#include <cstdint>
#include <variant>

#include "domain/import_header.h"
#include "domain/supplier_import.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  supplynet::fuzz::FuzzInput input(data, size);
  supplynet::SupplierImportOptions options;
  const uint8_t choice = input.Byte();
  options.country = static_cast<supplynet::Country>(choice % 3);
  options.tax_id_type = static_cast<supplynet::TaxIdType>((choice >> 2) % 7);
  options.csv.max_fields = 32;
  supplynet::SupplierImportParser parser(options);
  const std::string_view file = input.rest();
  // Three chunks, as ImportSuppliers receives them.
  const size_t third = file.size() / 3;
  parser.Feed(file.substr(0, third));
  parser.Feed(file.substr(third, third));
  parser.Feed(file.substr(2 * third));
  parser.Finish();
  for (const supplynet::ImportItem& item : parser.TakeReady()) {
    const auto* rejected = std::get_if<supplynet::RejectedRow>(&item);
    if (rejected == nullptr) continue;
    supplynet::fuzz::Check(!rejected->errors.empty());
    for (const supplynet::RowError& error : rejected->errors) {
      supplynet::fuzz::Check(!error.message.empty() && error.line == rejected->line);
    }
  }
  return 0;
}
