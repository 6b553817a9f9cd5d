#include "domain/import_header.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/field_violation.h"
#include "domain/text.h"

namespace supplynet {
namespace {

static_assert(!kImportColumns[kTaxIdColumn].field && !kImportColumns[kNotifyColumn].field,
              "the Tax ID and Notify columns fill no supplier field");

// A header cell for matching: folded, without the template's "*" mark.
std::string FoldHeaderCell(std::string_view cell) {
  std::string folded = FoldForMatch(cell);
  while (!folded.empty() && (folded.back() == '*' || folded.back() == ' ')) folded.pop_back();
  return folded;
}

}  // namespace

std::string ImportTemplateHeader() {
  return absl::StrJoin(kImportColumns, ",", [](std::string* out, const ImportColumnInfo& info) {
    absl::StrAppend(out, info.name, info.required ? "*" : "");
  });
}

std::optional<ImportColumn> ImportColumnFromHeader(std::string_view cell) {
  const std::string folded = FoldHeaderCell(cell);
  for (ImportColumn column = 0; column < kImportColumns.size(); ++column) {
    const ImportColumnInfo& info = kImportColumns[column];
    if (folded == FoldForMatch(info.name) || folded == FoldForMatch(info.spanish_name)) {
      return column;
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
    std::optional<size_t>& position = positions[*column];
    if (position) {
      violations.Add(field,
                     absl::StrCat("the header names the column ", kImportColumns[*column].name,
                                  " twice (columns ", *position + 1, " and ", i + 1, ")"));
    } else {
      position = i;
    }
  }
  std::vector<const char*> missing;
  for (ImportColumn column = 0; column < kImportColumns.size(); ++column) {
    const ImportColumnInfo& info = kImportColumns[column];
    if (info.required && !positions[column]) missing.push_back(info.name);
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
