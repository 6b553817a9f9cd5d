// The supplier-import parser (header, row checks) and the repeat rule (domain/import_repeats.h,
// each chunk's rows one batch, as ImportSuppliers applies it) on any file for any country and
// default tax ID type: it must not crash, a rejected row lists at least one error, each on the
// row's line and saying what is wrong, and no tax ID is in two valid rows.
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <variant>
#include <vector>

#include "domain/import_header.h"
#include "domain/import_repeats.h"
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
  supplynet::TaxIdFirstLines seen;  // What the import's transaction records.
  std::set<std::string> written;
  const auto check_batch = [&] {
    std::vector<supplynet::ImportItem> batch = parser.TakeReady();
    supplynet::TaxIdFirstLines earlier;
    for (const supplynet::TaxIdFirstLine& first : supplynet::FirstTaxIdLines(batch)) {
      const auto [it, inserted] = seen.emplace(first.tax_id, first.line);
      if (!inserted) earlier.insert(*it);
    }
    supplynet::RejectRepeatedTaxIds(earlier, &batch);
    for (const supplynet::ImportItem& item : batch) {
      if (const auto* row = std::get_if<supplynet::SupplierRow>(&item)) {
        supplynet::fuzz::Check(written.insert(row->tax_id.value).second);
        continue;
      }
      const auto& rejected = std::get<supplynet::RejectedRow>(item);
      supplynet::fuzz::Check(!rejected.errors.empty());
      for (const supplynet::RowError& error : rejected.errors) {
        supplynet::fuzz::Check(!error.message.empty() && error.line == rejected.line);
      }
    }
  };
  const std::string_view file = input.rest();
  // Three chunks, as ImportSuppliers receives them.
  const size_t third = file.size() / 3;
  parser.Feed(file.substr(0, third));
  check_batch();
  parser.Feed(file.substr(third, third));
  check_batch();
  parser.Feed(file.substr(2 * third));
  check_batch();
  parser.Finish();
  check_batch();
  return 0;
}
