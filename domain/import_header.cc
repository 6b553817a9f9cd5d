#include "domain/import_header.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/field_violation.h"
#include "domain/text.h"

namespace supplynet {
namespace {

constexpr bool ColumnsInEnumOrder() {
  for (size_t i = 0; i < kImportColumns.size(); ++i) {
    if (static_cast<size_t>(kImportColumns[i].column) != i) return false;
  }
  return true;
}
static_assert(ColumnsInEnumOrder(), "kImportColumns must follow the order of ImportColumn");

// A header cell for matching: folded, without the template's "*" mark.
std::string FoldHeaderCell(std::string_view cell) {
  std::string folded = FoldForMatch(cell);
  while (!folded.empty() && (folded.back() == '*' || folded.back() == ' ')) folded.pop_back();
  return folded;
}

}  // namespace

const ImportColumnInfo& ImportColumnInfoOf(ImportColumn column) {
  return kImportColumns[ImportColumnIndex(column)];
}

std::string ImportTemplateHeader() {
  return absl::StrJoin(kImportColumns, ",", [](std::string* out, const ImportColumnInfo& info) {
    absl::StrAppend(out, info.name, info.required ? "*" : "");
  });
}

std::optional<ImportColumn> ImportColumnFromHeader(std::string_view cell) {
  const std::string folded = FoldHeaderCell(cell);
  for (const ImportColumnInfo& info : kImportColumns) {
    if (folded == FoldForMatch(info.name) || folded == FoldForMatch(info.spanish_name)) {
      return info.column;
    }
  }
  return std::nullopt;
}

absl::StatusOr<ImportColumnPositions> ResolveImportHeader(const std::vector<std::string>& cells) {
  const std::string field(kImportHeaderField);
  ImportColumnPositions positions{};
  FieldViolations violations;
  for (size_t i = 0; i < cells.size(); ++i) {
    const std::optional<ImportColumn> column = ImportColumnFromHeader(cells[i]);
    if (!column) continue;  // Extra columns are allowed and ignored.
    std::optional<size_t>& position = positions[ImportColumnIndex(*column)];
    if (position) {
      violations.Add(field,
                     absl::StrCat("the header names the column ", ImportColumnInfoOf(*column).name,
                                  " twice (columns ", *position + 1, " and ", i + 1, ")"));
    } else {
      position = i;
    }
  }
  std::vector<const char*> missing;
  for (const ImportColumnInfo& info : kImportColumns) {
    if (info.required && !positions[ImportColumnIndex(info.column)]) missing.push_back(info.name);
  }
  if (!missing.empty()) {
    violations.Add(
        field,
        absl::StrCat("the header lacks the mandatory column", missing.size() > 1 ? "s " : " ",
                     absl::StrJoin(missing, ", "), "; expected ", ImportTemplateHeader()));
  }
  if (!violations.empty()) return violations.ToStatus();
  return positions;
}

}  // namespace supplynet
