#include "domain/import_repeats.h"

#include <optional>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"

namespace supplynet {
namespace {

// The item's tax ID; empty for a row without a valid one.
const std::string& TaxIdOf(const ImportItem& item) {
  if (const auto* row = std::get_if<SupplierRow>(&item)) return row->tax_id.value;
  return std::get<RejectedRow>(item).tax_id;
}

int64_t LineOf(const ImportItem& item) {
  return std::visit([](const auto& row) { return row.line; }, item);
}

RowError RepeatError(int64_t line, int64_t first_line) {
  return {line, "",
          absl::StrCat("the Tax ID repeats the one of line ", first_line,
                       "; each supplier may appear once in the file")};
}

}  // namespace

std::vector<TaxIdFirstLine> FirstTaxIdLines(const std::vector<ImportItem>& batch) {
  TaxIdFirstLines seen;
  std::vector<TaxIdFirstLine> out;
  for (const ImportItem& item : batch) {
    const std::string& tax_id = TaxIdOf(item);
    if (tax_id.empty()) continue;
    const int64_t line = LineOf(item);
    if (seen.emplace(tax_id, line).second) out.push_back({tax_id, line});
  }
  return out;
}

void RejectRepeatedTaxIds(const TaxIdFirstLines& earlier, std::vector<ImportItem>* batch) {
  TaxIdFirstLines in_batch;
  for (ImportItem& item : *batch) {
    const std::string& tax_id = TaxIdOf(item);
    if (tax_id.empty()) continue;
    const int64_t line = LineOf(item);
    std::optional<int64_t> first_line;
    if (const auto before = earlier.find(tax_id); before != earlier.end()) {
      first_line = before->second;
    } else if (const auto [it, inserted] = in_batch.emplace(tax_id, line); !inserted) {
      first_line = it->second;
    }
    if (!first_line.has_value()) continue;
    if (auto* rejected = std::get_if<RejectedRow>(&item)) {
      rejected->errors.push_back(RepeatError(line, *first_line));
    } else {
      std::string repeated = std::move(std::get<SupplierRow>(item).tax_id.value);
      item = RejectedRow{line, {RepeatError(line, *first_line)}, std::move(repeated)};
    }
  }
}

}  // namespace supplynet
