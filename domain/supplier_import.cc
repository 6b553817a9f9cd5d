#include "domain/supplier_import.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "domain/absl_compat.h"
#include "domain/account_rules.h"
#include "domain/field_violation.h"
#include "domain/text.h"

namespace supplynet {
namespace {

constexpr TaxIdType kConcreteTaxIdTypes[] = {TaxIdType::kCoNit,      TaxIdType::kPeRuc,
                                             TaxIdType::kCrPhysical, TaxIdType::kCrLegal,
                                             TaxIdType::kCrDimex,    TaxIdType::kCrNite};

constexpr const char* kNotifyYes[] = {"1", "yes", "si", "true"};
constexpr const char* kNotifyNo[] = {"0", "no", "false"};

// Trimmed, with each line break (CRLF, CR or LF) made one space.
std::string NormaliseCell(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') continue;
    out.push_back(raw[i] == '\r' || raw[i] == '\n' ? ' ' : raw[i]);
  }
  return std::string(AsStd(absl::StripAsciiWhitespace(out)));
}

bool IsBlankRecord(const CsvRecord& record) {
  return std::all_of(record.fields.begin(), record.fields.end(), [](const std::string& field) {
    return absl::StripAsciiWhitespace(field).empty();
  });
}

std::string DescriptionOf(const absl::Status& status) {
  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  return violations.empty() ? std::string(AsStd(status.message())) : violations[0].description;
}

void AddErrors(int64_t line, const absl::Status& status, std::vector<RowError>* errors) {
  if (status.ok()) return;
  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  if (violations.empty()) errors->push_back({line, "", std::string(AsStd(status.message()))});
  for (const FieldViolation& violation : violations) {
    errors->push_back({line, violation.field, violation.description});
  }
}

RejectedRow RowLevelError(int64_t line, std::string message) {
  return RejectedRow{line, {RowError{line, "", std::move(message)}}, ""};
}

std::vector<TaxIdType> TaxIdTypesOf(Country country) {
  // Type names start with the country code ("CR_LEGAL").
  const std::string prefix = absl::StrCat(AsAbsl(CountryCode(country)), "_");
  std::vector<TaxIdType> types;
  for (TaxIdType type : kConcreteTaxIdTypes) {
    if (TaxIdTypeName(type).substr(0, prefix.size()) == prefix) types.push_back(type);
  }
  return types;
}

// Without a type, the one type of the country whose rules the ID passes.
absl::StatusOr<TaxId> InferTaxId(Country country, std::string_view raw) {
  const char* field = kImportColumns[kTaxIdColumn].name;
  const std::vector<TaxIdType> types = TaxIdTypesOf(country);
  if (types.size() == 1) return ParseTaxId(country, types[0], raw, field);
  std::vector<TaxId> matches;
  for (TaxIdType type : types) {
    absl::StatusOr<TaxId> parsed = ParseTaxId(country, type, raw, field);
    if (parsed.ok()) matches.push_back(*std::move(parsed));
  }
  if (matches.size() == 1) return matches[0];
  const auto type_name = [](std::string* out, auto type) {
    absl::StrAppend(out, AsAbsl(TaxIdTypeName(type)));
  };
  if (matches.empty()) {
    return InvalidField(
        field, absl::StrCat("is not valid for any ", AsAbsl(CountryCode(country)), " tax ID type (",
                            absl::StrJoin(types, ", ", type_name), ")"));
  }
  std::vector<TaxIdType> matched;
  for (const TaxId& match : matches) matched.push_back(match.type);
  return InvalidField(
      field, absl::StrCat("fits several tax ID types (", absl::StrJoin(matched, ", ", type_name),
                          "); set the tax ID type of the import"));
}

absl::Status ReadTaxId(const SupplierImportOptions& options, std::string_view cell, TaxId* tax_id) {
  const char* field = kImportColumns[kTaxIdColumn].name;
  if (cell.empty()) return InvalidField(field, "is required");
  absl::StatusOr<TaxId> parsed =
      options.tax_id_type == TaxIdType::kUnspecified
          ? InferTaxId(options.country, cell)
          : ParseTaxId(options.country, options.tax_id_type, cell, field);
  if (!parsed.ok()) return parsed.status();
  *tax_id = *std::move(parsed);
  return absl::OkStatus();
}

absl::Status ReadGroups(const ImportColumnInfo& info, std::string_view cell,
                        std::vector<std::string>* groups) {
  std::vector<std::string> out;
  for (absl::string_view part : absl::StrSplit(AsAbsl(cell), kSupplierGroupSeparator)) {
    const std::string_view group = AsStd(absl::StripAsciiWhitespace(part));
    if (group.empty()) continue;
    const absl::Status status = CheckText(group, info.name, info.max_chars);
    if (!status.ok()) {
      return InvalidField(info.name,
                          absl::StrCat("group ", out.size() + 1, " ", DescriptionOf(status)));
    }
    out.emplace_back(group);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  if (out.size() > kMaxSupplierGroups) {
    return InvalidField(info.name,
                        absl::StrCat("has ", out.size(), " groups; at most ", kMaxSupplierGroups));
  }
  *groups = std::move(out);
  return absl::OkStatus();
}

absl::Status ReadNotify(std::string_view cell, bool* notify) {
  const char* field = kImportColumns[kNotifyColumn].name;
  if (cell.empty()) return InvalidField(field, "is required");
  const std::string word = FoldForMatch(cell);
  const auto matches = [&](const auto& words) {
    return std::find(std::begin(words), std::end(words), word) != std::end(words);
  };
  if (matches(kNotifyYes) || matches(kNotifyNo)) {
    *notify = matches(kNotifyYes);
    return absl::OkStatus();
  }
  return InvalidField(field, "must be 1 or 0 (yes/no, sí/no and true/false are accepted too)");
}

absl::Status CheckTextCell(const ImportColumnInfo& info, std::string_view value) {
  switch (*info.field) {
    case SupplierField::kName:
      return CheckName(value, info.name, info.max_chars);
    case SupplierField::kEmail:
      return CheckEmail(value, info.name);
    default:
      return CheckText(value, info.name, info.max_chars);
  }
}

absl::Status ReadText(const ImportColumnInfo& info, std::string value, std::string* out) {
  absl::Status status = CheckTextCell(info, value);
  if (status.ok()) *out = std::move(value);
  return status;
}

}  // namespace

absl::Status CheckImportTaxIdType(Country country, TaxIdType type, std::string_view field) {
  const std::vector<TaxIdType> types = TaxIdTypesOf(country);
  if (type == TaxIdType::kUnspecified ||
      std::find(types.begin(), types.end(), type) != types.end()) {
    return absl::OkStatus();
  }
  return InvalidField(std::string(field),
                      absl::StrCat(AsAbsl(TaxIdTypeName(type)), " is not a tax ID type of ",
                                   AsAbsl(CountryCode(country))));
}

SupplierImportParser::SupplierImportParser(SupplierImportOptions options)
    : options_(options), reader_(options.csv) {}

void SupplierImportParser::Feed(std::string_view chunk) {
  if (!header_status_.ok()) return;
  reader_.Feed(chunk);
  Drain();
}

void SupplierImportParser::Finish() {
  if (!header_status_.ok()) return;
  reader_.Finish();
  Drain();
  if (!header_read_) {
    header_status_ =
        InvalidField(std::string(kImportHeaderField),
                     absl::StrCat("the file is empty; its first line must be the header ",
                                  ImportTemplateHeader()));
  }
}

std::vector<ImportItem> SupplierImportParser::TakeReady() {
  std::vector<ImportItem> out;
  out.swap(ready_);
  return out;
}

void SupplierImportParser::Drain() {
  for (const CsvRecord& record : reader_.TakeRecords()) {
    if (!header_status_.ok()) return;  // No row of a file with a bad header is reported.
    OnRecord(record);
  }
}

void SupplierImportParser::OnRecord(const CsvRecord& record) {
  if (!header_read_) {
    ReadHeader(record);
    return;
  }
  if (record.ok() && IsBlankRecord(record)) return;
  ++rows_read_;
  ready_.push_back(ReadRow(record));
}

void SupplierImportParser::ReadHeader(const CsvRecord& record) {
  header_read_ = true;
  if (!record.ok()) {
    header_status_ =
        InvalidField(std::string(kImportHeaderField),
                     absl::StrCat("the header (line ", record.line, "): ", record.error));
    return;
  }
  absl::StatusOr<ImportColumnPositions> positions = ResolveImportHeader(record.fields);
  if (!positions.ok()) {
    header_status_ = positions.status();
    return;
  }
  positions_ = *positions;
  header_size_ = record.fields.size();
}

ImportItem SupplierImportParser::ReadRow(const CsvRecord& record) {
  if (!record.ok()) return RowLevelError(record.line, record.error);
  if (record.fields.size() != header_size_) {
    return RowLevelError(record.line, absl::StrCat("the row has ", record.fields.size(),
                                                   " cells; the header has ", header_size_));
  }
  SupplierRow row;
  row.line = record.line;
  std::vector<RowError> errors;
  bool tax_id_ok = false;
  for (ImportColumn column = 0; column < kImportColumns.size(); ++column) {
    const absl::Status status = ReadCell(column, Cell(record, column), &row);
    if (column == kTaxIdColumn) tax_id_ok = status.ok();
    AddErrors(record.line, status, &errors);
  }
  if (errors.empty()) return row;
  return RejectedRow{record.line, std::move(errors), tax_id_ok ? row.tax_id.value : ""};
}

std::string SupplierImportParser::Cell(const CsvRecord& record, ImportColumn column) const {
  const std::optional<size_t>& position = positions_[column];
  return position ? NormaliseCell(record.fields[*position]) : std::string();
}

absl::Status SupplierImportParser::ReadCell(ImportColumn column, std::string value,
                                            SupplierRow* row) const {
  const ImportColumnInfo& info = kImportColumns[column];
  if (!IsValidUtf8(value)) return InvalidField(info.name, "is not valid UTF-8");
  if (column == kTaxIdColumn) return ReadTaxId(options_, value, &row->tax_id);
  if (column == kNotifyColumn) return ReadNotify(value, &row->notify);
  if (*info.field == SupplierField::kGroups) return ReadGroups(info, value, &row->fields.groups);
  return ReadText(info, std::move(value), SupplierTextField(&row->fields, *info.field));
}

}  // namespace supplynet
