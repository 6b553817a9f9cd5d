// The header of the bulk supplier import file (domain.md "Bulk CSV"): the template's columns,
// their English and Spanish names, and where each one is in a file's header line. Names match
// ignoring case, accents, surrounding spaces and a trailing "*"; unknown columns are ignored.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/supplier.h"

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
    {ImportColumn::kName, "Name", "Nombre", true, kMaxSupplierNameChars,
     "Required. 1 to 200 characters."},
    {ImportColumn::kDescription, "Description", "Descripción", false, kMaxSupplierDescriptionChars,
     "At most 1000 characters."},
    {ImportColumn::kAddress, "Address", "Dirección", false, kMaxSupplierAddressChars,
     "At most 200 characters."},
    {ImportColumn::kCity, "City", "Ciudad", false, kMaxSupplierCityChars,
     "At most 100 characters."},
    {ImportColumn::kProvince, "Province", "Provincia", false, kMaxSupplierProvinceChars,
     "At most 100 characters."},
    {ImportColumn::kPhone, "Phone", "Teléfono", false, kMaxSupplierPhoneChars,
     "At most 50 characters."},
    {ImportColumn::kFax, "Fax", "Fax", false, kMaxSupplierFaxChars, "At most 50 characters."},
    {ImportColumn::kEmail, "Email", "Email", true, 254,
     "Required. The primary email, where invitations go."},
    {ImportColumn::kGroups, "Groups", "Grupos", false, kMaxSupplierGroupChars,
     "Group names separated by \"|\": at most 20, each at most 64 characters."},
    {ImportColumn::kNotify, "Notify", "Notificar", true, 0,
     "Required. 1 to invite now, 0 not to (also yes/no, sí/no, true/false)."},
}};

// The request field that header violations name: the file arrives in ImportSuppliers chunks.
inline constexpr std::string_view kImportHeaderField = "chunk";

constexpr size_t ImportColumnIndex(ImportColumn column) { return static_cast<size_t>(column); }
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

}  // namespace supplynet
