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

// A column's place in the template: the tax ID first, then the supplier's fields, then Notify.
using ImportColumn = size_t;
inline constexpr size_t kImportColumnCount = 11;
inline constexpr ImportColumn kTaxIdColumn = 0;
inline constexpr ImportColumn kNotifyColumn = kImportColumnCount - 1;

// One template column. `const char*` because Debian's absl::StrCat takes no std::string_view.
struct ImportColumnInfo {
  std::optional<SupplierField> field;  // The supplier field it fills; none for Tax ID, Notify.
  const char* name;          // The template name without "*", also used as RowError::column.
  const char* spanish_name;  // Accepted in the header too.
  bool required;
  size_t max_chars;  // Text limit in code points; 0 when the column has its own rule.
  const char* rule;  // For a human (GetImportTemplate).
};

// The template columns in header order (index == ImportColumn).
inline constexpr std::array<ImportColumnInfo, kImportColumnCount> kImportColumns = {{
    {std::nullopt, "Tax ID", "ID Fiscal", true, 0,
     "Required. The tax ID in the import's country; spaces, dots and dashes are ignored."},
    {SupplierField::kName, "Name", "Nombre", true, kMaxSupplierNameChars,
     "Required. 1 to 200 characters."},
    {SupplierField::kDescription, "Description", "Descripción", false, kMaxSupplierDescriptionChars,
     "At most 1000 characters."},
    {SupplierField::kAddress, "Address", "Dirección", false, kMaxSupplierAddressChars,
     "At most 200 characters."},
    {SupplierField::kCity, "City", "Ciudad", false, kMaxSupplierCityChars,
     "At most 100 characters."},
    {SupplierField::kProvince, "Province", "Provincia", false, kMaxSupplierProvinceChars,
     "At most 100 characters."},
    {SupplierField::kPhone, "Phone", "Teléfono", false, kMaxSupplierPhoneChars,
     "At most 50 characters."},
    {SupplierField::kFax, "Fax", "Fax", false, kMaxSupplierFaxChars, "At most 50 characters."},
    {SupplierField::kEmail, "Email", "Email", true, 254,
     "Required. The primary email, where invitations go."},
    {SupplierField::kGroups, "Groups", "Grupos", false, kMaxSupplierGroupChars,
     "Group names separated by \"|\": at most 20, each at most 64 characters."},
    {std::nullopt, "Notify", "Notificar", true, 0,
     "Required. 1 to invite now, 0 not to (also yes/no, sí/no, true/false)."},
}};

// The request field that header violations name: the file arrives in ImportSuppliers chunks.
inline constexpr std::string_view kImportHeaderField = "chunk";

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
