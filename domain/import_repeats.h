// The rule "each supplier may appear once in the import file", applied one batch at a time so
// that no memory grows with the file: the caller keeps the first line of every tax ID of the
// file outside its memory (in the import's transaction, storage/supplier_import_seen_repository.h)
// and hands each batch here with the first lines that earlier batches recorded for the batch's
// tax IDs. Rows are keyed by the normalised tax ID only: the country is the same for the whole
// file and the network is unique by country + value, whatever the type. Pure: no I/O.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/supplier_import.h"

namespace supplynet {

// Tax ID (TaxId::value) -> the line of its first row in the file.
using TaxIdFirstLines = std::unordered_map<std::string, int64_t>;

struct TaxIdFirstLine {
  std::string tax_id;
  int64_t line = 0;
};

// The tax IDs of `batch` (items in file order), each once, with the line of its first row in
// the batch, in file order. A rejected row counts when its Tax ID cell was valid, so that the
// verdict on a row does not depend on the validity of other rows.
std::vector<TaxIdFirstLine> FirstTaxIdLines(const std::vector<ImportItem>& batch);

// Rejects every row of `batch` (items in file order) whose tax ID appeared on an earlier line:
// in an earlier batch (`earlier`: the first line of each such tax ID; others may be absent) or
// earlier in this batch. A valid row becomes a rejected row with the repeat error; a rejected
// row gets the repeat error after its own.
void RejectRepeatedTaxIds(const TaxIdFirstLines& earlier, std::vector<ImportItem>* batch);

}  // namespace supplynet
