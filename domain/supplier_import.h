// The bulk supplier import file (ImportSuppliers, domain.md "Bulk CSV"): header resolution and
// row validation on top of CsvReader. Pure: no gRPC, no SQL, no I/O. The caller pushes the
// file in chunks and drains the parsed rows after each chunk, so memory is bounded by a chunk.
// A tax ID repeated in the file is not found here: that needs every tax ID of the file, which
// the caller keeps outside its memory (domain/import_repeats.h applies the rule to a batch).
//
// File rules: UTF-8 with or without BOM; ',' or ';' separators (detected from the header);
// RFC 4180 quoting; the header line first, its names in English or Spanish ("Tax ID" or
// "ID Fiscal", ...) in any order, matched ignoring case, accents, surrounding spaces and a
// trailing "*"; unknown columns are ignored. Cells are trimmed and a line break inside a cell
// becomes a space (stored fields are single-line). An empty optional cell means "no value"
// (the storage layer keeps what it has). Rows whose cells are all blank are skipped, as
// spreadsheets export them.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/csv_reader.h"
#include "domain/import_header.h"
#include "domain/supplier.h"
#include "domain/tax_id.h"

namespace supplynet {

// A valid data row. An empty optional text field means the cell was empty.
struct SupplierRow {
  int64_t line = 0;  // Where the row starts in the file (the header is line 1).
  TaxId tax_id{};
  SupplierFields fields;  // Normalised as NormaliseSupplierFields does.
  bool notify = false;
};

struct RowError {
  int64_t line = 0;
  std::string column;  // A template name ("Tax ID"); empty for a whole-row problem.
  std::string message;

  bool operator==(const RowError& other) const {
    return line == other.line && column == other.column && message == other.message;
  }
};

// A data row with at least one error; every problem of the row is listed.
struct RejectedRow {
  int64_t line = 0;
  std::vector<RowError> errors;
  // The row's normalised tax ID (TaxId::value) when its Tax ID cell was valid, else empty: a
  // rejected row still takes its tax ID, so that a later row repeating it is rejected too.
  std::string tax_id;
};

using ImportItem = std::variant<SupplierRow, RejectedRow>;

struct SupplierImportOptions {
  Country country = Country::kColombia;
  // kUnspecified: inferred from the country and the ID's format; an ID valid for several types
  // of the country (e.g. a Costa Rican 10-digit ID) is then a row error.
  TaxIdType tax_id_type = TaxIdType::kUnspecified;
  CsvOptions csv;  // Separator detection and limits.
};

// OK when `type` is kUnspecified or a tax ID type of `country`; else INVALID_ARGUMENT on `field`.
absl::Status CheckImportTaxIdType(Country country, TaxIdType type, std::string_view field);

// Parses an import file pushed in chunks. Usage:
//   for each chunk: parser.Feed(chunk); for (auto& item : parser.TakeReady()) ...;
//   parser.Finish(); drain TakeReady() once more; then check header_status().
// Each row is judged on its own: the parser remembers nothing of earlier rows, so its memory
// does not grow with the file. Repeats across rows are RejectRepeatedTaxIds' job
// (domain/import_repeats.h), on the items the parser produces.
class SupplierImportParser {
 public:
  explicit SupplierImportParser(SupplierImportOptions options);

  // Ignored after a header error or after Finish().
  void Feed(std::string_view chunk);
  void Finish();
  // The rows parsed so far, in file order; the parser forgets them.
  std::vector<ImportItem> TakeReady();

  // OK, or INVALID_ARGUMENT when the header is unusable or (after Finish) the file is empty:
  // the whole import fails and no row is produced.
  const absl::Status& header_status() const { return header_status_; }
  // Data rows read, valid or not (blank rows are not counted).
  int64_t rows_read() const { return rows_read_; }

 private:
  void Drain();
  void OnRecord(const CsvRecord& record);
  void ReadHeader(const CsvRecord& record);
  ImportItem ReadRow(const CsvRecord& record);
  std::string Cell(const CsvRecord& record, ImportColumn column) const;
  absl::Status ReadCell(ImportColumn column, std::string value, SupplierRow* row) const;

  SupplierImportOptions options_;
  CsvReader reader_;
  bool header_read_ = false;
  absl::Status header_status_;
  ImportColumnPositions positions_{};
  size_t header_size_ = 0;
  int64_t rows_read_ = 0;
  std::vector<ImportItem> ready_;
};

}  // namespace supplynet
