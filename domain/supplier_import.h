// The bulk supplier import file (ImportSuppliers, domain.md "Bulk CSV"): header resolution and
// row validation on top of CsvReader. Pure: no gRPC, no SQL, no I/O. The caller pushes the
// file in chunks and drains the parsed rows after each chunk, so memory is bounded by a chunk,
// except for the set of tax IDs seen (see SupplierImportParser).
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
#include <unordered_map>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "domain/csv_reader.h"
#include "domain/tax_id.h"

namespace supplynet {

enum class ImportColumn {
  kTaxId,
  kName,
  kDescription,
  kAddress,
  kCity,
  kProvince,
  kPhone,
  kFax,
  kEmail,
  kGroups,
  kNotify,
};
inline constexpr size_t kImportColumnCount = 11;

// One template column. `const char*` because Debian's absl::StrCat takes no std::string_view.
struct ImportColumnInfo {
  ImportColumn column;
  const char* name;          // The template name without "*", also used as RowError::column.
  const char* spanish_name;  // Accepted in the header too.
  bool required;
  size_t max_chars;  // Text limit in code points; 0 when the column has its own rule.
  const char* rule;  // For a human (GetImportTemplate).
};

// The template columns in header order (index == static_cast<size_t>(column)).
inline constexpr std::array<ImportColumnInfo, kImportColumnCount> kImportColumns = {{
    {ImportColumn::kTaxId, "Tax ID", "ID Fiscal", true, 0,
     "Required. The tax ID in the import's country; spaces, dots and dashes are ignored."},
    {ImportColumn::kName, "Name", "Nombre", true, 200, "Required. 1 to 200 characters."},
    {ImportColumn::kDescription, "Description", "Descripción", false, 1000,
     "At most 1000 characters."},
    {ImportColumn::kAddress, "Address", "Dirección", false, 200, "At most 200 characters."},
    {ImportColumn::kCity, "City", "Ciudad", false, 100, "At most 100 characters."},
    {ImportColumn::kProvince, "Province", "Provincia", false, 100, "At most 100 characters."},
    {ImportColumn::kPhone, "Phone", "Teléfono", false, 50, "At most 50 characters."},
    {ImportColumn::kFax, "Fax", "Fax", false, 50, "At most 50 characters."},
    {ImportColumn::kEmail, "Email", "Email", true, 254,
     "Required. The primary email, where invitations go."},
    {ImportColumn::kGroups, "Groups", "Grupos", false, 64,
     "Group names separated by \"|\": at most 20, each at most 64 characters."},
    {ImportColumn::kNotify, "Notify", "Notificar", true, 0,
     "Required. 1 to invite now, 0 not to (also yes/no, sí/no, true/false)."},
}};

inline constexpr std::string_view kImportGroupsSeparator = "|";
inline constexpr size_t kMaxImportGroups = 20;
// The request field that header violations name: the file arrives in ImportSuppliers chunks.
inline constexpr std::string_view kImportHeaderField = "chunk";

const ImportColumnInfo& ImportColumnInfoOf(ImportColumn column);

// "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*".
std::string ImportTemplateHeader();

// The column a header cell names, English or Spanish; nullopt for an unknown name.
std::optional<ImportColumn> ImportColumnFromHeader(std::string_view cell);

// Where each template column is in the file: index of the CSV field, or nullopt if absent.
using ImportColumnPositions = std::array<std::optional<size_t>, kImportColumnCount>;

// Resolves a header record. INVALID_ARGUMENT on kImportHeaderField when a column appears twice
// or mandatory columns are missing (all of them listed in one violation).
absl::StatusOr<ImportColumnPositions> ResolveImportHeader(const std::vector<std::string>& cells);

// A valid data row. Empty optional text means the cell was empty.
struct SupplierRow {
  int64_t line = 0;  // Where the row starts in the file (the header is line 1).
  TaxId tax_id{};
  std::string name;
  std::string description;
  std::string address;
  std::string city;
  std::string province;
  std::string phone;
  std::string fax;
  std::string email;
  std::vector<std::string> groups;  // Trimmed, without empties or duplicates, sorted.
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
// Tax IDs repeated in the file are detected here: the parser remembers each distinct tax ID
// of the file (its digits and first line: some 60 to 90 bytes per distinct row), the one part
// of its memory that grows with the file. A repeated tax ID rejects the later row even when
// the earlier row was rejected for another reason, so the verdict on a row does not depend on
// the validity of other rows.
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
  absl::Status ReadCell(const ImportColumnInfo& info, std::string value, SupplierRow* row) const;
  void CheckRepeated(const SupplierRow& row, std::vector<RowError>* errors);

  SupplierImportOptions options_;
  CsvReader reader_;
  bool header_read_ = false;
  absl::Status header_status_;
  ImportColumnPositions positions_{};
  size_t header_size_ = 0;
  int64_t rows_read_ = 0;
  std::unordered_map<std::string, int64_t> first_line_of_tax_id_;
  std::vector<ImportItem> ready_;
};

}  // namespace supplynet
