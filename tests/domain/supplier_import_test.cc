#include "domain/supplier_import.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "domain/absl_compat.h"
#include "domain/field_violation.h"
#include "domain/import_repeats.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplynet {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

constexpr char kMandatoryHeader[] = "Tax ID*,Name*,Email*,Notify*";

struct ImportResult {
  absl::Status status;
  int64_t rows_read = 0;
  std::vector<ImportItem> items;
};

SupplierImportOptions ColombiaOptions() { return SupplierImportOptions{}; }

SupplierImportOptions OptionsFor(Country country, TaxIdType type = TaxIdType::kUnspecified) {
  SupplierImportOptions options;
  options.country = country;
  options.tax_id_type = type;
  return options;
}

// Feeds `file` cut at the given ascending offsets, draining after every chunk as a server does.
// The rows of each chunk are one batch for the repeat rule (domain/import_repeats.h), with the
// first lines of earlier batches kept in `seen` as the server keeps them in its transaction.
ImportResult ImportCut(std::string_view file, const std::vector<size_t>& cuts,
                       SupplierImportOptions options = ColombiaOptions()) {
  SupplierImportParser parser(options);
  ImportResult result;
  TaxIdFirstLines seen;
  const auto drain = [&] {
    std::vector<ImportItem> batch = parser.TakeReady();
    TaxIdFirstLines earlier;
    for (const TaxIdFirstLine& first : FirstTaxIdLines(batch)) {
      const auto [it, inserted] = seen.emplace(first.tax_id, first.line);
      if (!inserted) earlier.insert(*it);
    }
    RejectRepeatedTaxIds(earlier, &batch);
    for (ImportItem& item : batch) result.items.push_back(std::move(item));
  };
  size_t begin = 0;
  for (size_t cut : cuts) {
    parser.Feed(file.substr(begin, cut - begin));
    drain();
    begin = cut;
  }
  parser.Feed(file.substr(begin));
  drain();
  parser.Finish();
  drain();
  result.status = parser.header_status();
  result.rows_read = parser.rows_read();
  return result;
}

ImportResult Import(std::string_view file, SupplierImportOptions options = ColombiaOptions()) {
  return ImportCut(file, {}, options);
}

// Lines joined with "\n", with a final line break.
std::string Csv(const std::vector<std::string>& lines) {
  return absl::StrCat(absl::StrJoin(lines, "\n"), "\n");
}

// An RFC 4180 quoted field.
std::string Quote(std::string_view text) {
  return absl::StrCat("\"", absl::StrReplaceAll(AsAbsl(text), {{"\"", "\"\""}}), "\"");
}

std::string Repeat(std::string_view text, size_t times) {
  std::string out;
  for (size_t i = 0; i < times; ++i) absl::StrAppend(&out, AsAbsl(text));
  return out;
}

// A file with one row whose cell in `column` holds `value`; the other cells are valid.
std::string FileWithColumn(const std::string& column, std::string_view value) {
  std::vector<std::string> header = {"Tax ID", "Name", "Email", "Notify"};
  std::vector<std::string> row = {"10000001", "Acme", "ventas@acme.co", "1"};
  const auto it = std::find(header.begin(), header.end(), column);
  if (it == header.end()) {
    header.push_back(column);
    row.push_back(Quote(value));
  } else {
    row[it - header.begin()] = Quote(value);
  }
  return Csv({absl::StrJoin(header, ","), absl::StrJoin(row, ",")});
}

std::string Dump(const TaxId& tax_id) {
  return absl::StrCat(AsAbsl(TaxIdTypeName(tax_id.type)), " ", tax_id.value,
                      tax_id.verification_digit.empty() ? "" : "-", tax_id.verification_digit);
}

// One line per item, every field included, for whole-result comparisons.
std::string Dump(const ImportItem& item) {
  if (const auto* row = std::get_if<SupplierRow>(&item)) {
    return absl::StrCat(row->line, " ok ", Dump(row->tax_id), " [", row->fields.name, "][",
                        row->fields.description, "][", row->fields.address, "][", row->fields.city,
                        "][", row->fields.province, "][", row->fields.phone, "][", row->fields.fax,
                        "][", row->fields.email, "][", absl::StrJoin(row->fields.groups, "|"),
                        "] notify=", row->notify);
  }
  const auto& rejected = std::get<RejectedRow>(item);
  std::vector<std::string> errors;
  for (const RowError& error : rejected.errors) {
    EXPECT_EQ(error.line, rejected.line);
    errors.push_back(absl::StrCat("(", error.column, ") ", error.message));
  }
  return absl::StrCat(rejected.line, " rejected ", absl::StrJoin(errors, "; "));
}

std::vector<std::string> Dump(const ImportResult& result) {
  std::vector<std::string> out;
  for (const ImportItem& item : result.items) out.push_back(Dump(item));
  return out;
}

// The only item, which must be a valid row.
SupplierRow OnlyRow(const ImportResult& result) {
  EXPECT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.items.size(), 1u);
  if (result.items.size() != 1 || !std::holds_alternative<SupplierRow>(result.items[0])) {
    ADD_FAILURE() << "not a single valid row: " << absl::StrJoin(Dump(result), "\n");
    return SupplierRow{};
  }
  return std::get<SupplierRow>(result.items[0]);
}

// The errors of the only item, which must be a rejected row.
std::vector<RowError> OnlyErrors(const ImportResult& result) {
  EXPECT_TRUE(result.status.ok()) << result.status;
  if (result.items.size() != 1 || !std::holds_alternative<RejectedRow>(result.items[0])) {
    ADD_FAILURE() << "not a single rejected row: " << absl::StrJoin(Dump(result), "\n");
    return {};
  }
  return std::get<RejectedRow>(result.items[0]).errors;
}

RowError Error(int64_t line, std::string column, std::string message) {
  return RowError{line, std::move(column), std::move(message)};
}

std::vector<std::string> ViolationTexts(const absl::Status& status) {
  std::vector<std::string> out;
  for (const FieldViolation& violation : FieldViolationsOf(status)) {
    out.push_back(absl::StrCat(violation.field, ": ", violation.description));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Template and header

TEST(ImportTemplateTest, HeaderLineIsTheTemplate) {
  EXPECT_EQ(ImportTemplateHeader(),
            "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*");
  EXPECT_EQ(kSupplierGroupSeparator, '|');
}

TEST(ImportTemplateTest, ColumnInfoFollowsTheTemplate) {
  EXPECT_STREQ(kImportColumns[kTaxIdColumn].name, "Tax ID");
  EXPECT_FALSE(kImportColumns[kTaxIdColumn].field.has_value());
  EXPECT_STREQ(kImportColumns[6].spanish_name, "Teléfono");
  EXPECT_EQ(kImportColumns[6].field, SupplierField::kPhone);
  EXPECT_TRUE(kImportColumns[kNotifyColumn].required);
  EXPECT_FALSE(kImportColumns[kNotifyColumn].field.has_value());
  EXPECT_FALSE(kImportColumns[9].required);
  EXPECT_EQ(kImportColumns[9].field, SupplierField::kGroups);
}

// The English template name of the column a header cell names; "" when it names none.
std::string ColumnNamedBy(std::string_view cell) {
  const std::optional<ImportColumn> column = ImportColumnFromHeader(cell);
  return column ? kImportColumns[*column].name : "";
}

TEST(ImportHeaderTest, MatchesEnglishAndSpanishNames) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"Tax ID", "Tax ID"},   {"ID Fiscal", "Tax ID"},        {"Name", "Name"},
      {"Nombre", "Name"},     {"Description", "Description"}, {"Descripción", "Description"},
      {"Address", "Address"}, {"Dirección", "Address"},       {"City", "City"},
      {"Ciudad", "City"},     {"Province", "Province"},       {"Provincia", "Province"},
      {"Phone", "Phone"},     {"Teléfono", "Phone"},          {"Fax", "Fax"},
      {"Email", "Email"},     {"Groups", "Groups"},           {"Grupos", "Groups"},
      {"Notify", "Notify"},   {"Notificar", "Notify"},
  };
  for (const auto& [cell, name] : cases) EXPECT_EQ(ColumnNamedBy(cell), name) << cell;
}

TEST(ImportHeaderTest, IgnoresCaseAccentsSpacesAndTheStar) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"tax id", "Tax ID"},     {"  TAX   ID*  ", "Tax ID"},    {"Tax ID *", "Tax ID"},
      {"id\tfiscal", "Tax ID"}, {"DESCRIPCIÓN", "Description"}, {"descripcion", "Description"},
      {"TELEFONO", "Phone"},    {"télèfônö", "Phone"},          {"DIRECCIÓN*", "Address"},
      {"email*", "Email"},
  };
  for (const auto& [cell, name] : cases) EXPECT_EQ(ColumnNamedBy(cell), name) << cell;
}

TEST(ImportHeaderTest, UnknownNamesMatchNothing) {
  for (std::string_view cell :
       {"", "*", "Tax", "TaxID", "E-mail", "Correo", "Nombre\xFF", "Telef\xC3", "Notify 1"}) {
    EXPECT_EQ(ImportColumnFromHeader(cell), std::nullopt) << cell;
  }
}

TEST(ImportHeaderTest, ResolvesColumnsInAnyOrderIgnoringExtras) {
  const absl::StatusOr<ImportColumnPositions> positions =
      ResolveImportHeader({"Notify", "Comments", "email", "Nombre", "", "ID Fiscal", "Grupos"});
  ASSERT_TRUE(positions.ok()) << positions.status();
  const auto position_of = [&](std::string_view name) {
    const ImportColumn column = *ImportColumnFromHeader(name);
    return (*positions)[column];
  };
  EXPECT_EQ(position_of("Notify"), 0u);
  EXPECT_EQ(position_of("Email"), 2u);
  EXPECT_EQ(position_of("Name"), 3u);
  EXPECT_EQ(position_of("Tax ID"), 5u);
  EXPECT_EQ(position_of("Groups"), 6u);
  EXPECT_EQ(position_of("City"), std::nullopt);
}

TEST(ImportHeaderTest, ListsEveryMissingMandatoryColumn) {
  const absl::StatusOr<ImportColumnPositions> positions =
      ResolveImportHeader({"Name", "Description"});
  EXPECT_EQ(positions.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationTexts(positions.status()),
              ElementsAre(absl::StrCat("chunk: the header lacks the mandatory columns Tax ID, "
                                       "Email, Notify; expected ",
                                       ImportTemplateHeader())));
}

TEST(ImportHeaderTest, OneMissingColumnIsSingular) {
  EXPECT_THAT(ViolationTexts(ResolveImportHeader({"Tax ID", "Name", "Email"}).status()),
              ElementsAre(HasSubstr("lacks the mandatory column Notify;")));
}

TEST(ImportHeaderTest, AColumnNamedTwiceIsAnError) {
  EXPECT_THAT(ViolationTexts(ResolveImportHeader(
                                 {"Tax ID", "Name", "Email", "Notify", "ID Fiscal", "CITY", "city"})
                                 .status()),
              ElementsAre("chunk: the header names the column Tax ID twice (columns 1 and 5)",
                          "chunk: the header names the column City twice (columns 6 and 7)"));
}

// ---------------------------------------------------------------------------------------------
// Whole-file header failures

TEST(SupplierImportTest, AMissingMandatoryColumnFailsTheWholeImport) {
  const ImportResult result = Import(Csv({"Tax ID,Name,Notify", "10000001,Acme,1"}));
  EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationTexts(result.status), ElementsAre(HasSubstr("mandatory column Email;")));
  EXPECT_THAT(result.items, IsEmpty());
  EXPECT_EQ(result.rows_read, 0);
}

TEST(SupplierImportTest, NoRowOfAFileWithABadHeaderIsReportedWhateverTheChunks) {
  const std::string file = Csv({"Tax ID,Name,Notify", "10000001,Acme,1", "x,y,z"});
  for (size_t cut = 0; cut <= file.size(); ++cut) {
    const ImportResult result = ImportCut(file, {cut});
    EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument) << cut;
    EXPECT_THAT(result.items, IsEmpty()) << cut;
  }
}

TEST(SupplierImportTest, AnEmptyFileFails) {
  for (std::string_view file : {"", "\xEF\xBB\xBF", "\r\n\n"}) {
    const ImportResult result = Import(file);
    EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(ViolationTexts(result.status),
                ElementsAre(HasSubstr("chunk: the file is empty; its first line must be the header "
                                      "Tax ID*,Name*")));
  }
}

TEST(SupplierImportTest, AHeaderOnlyFileIsFineWithNoRows) {
  const ImportResult result = Import(ImportTemplateHeader());
  EXPECT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(result.items, IsEmpty());
  EXPECT_EQ(result.rows_read, 0);
}

TEST(SupplierImportTest, AnUnreadableHeaderFails) {
  const ImportResult result = Import("Tax ID,\"Name\nEmail,Notify\n");
  EXPECT_EQ(result.status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ViolationTexts(result.status),
              ElementsAre("chunk: the header (line 1): the quoted field opened on line 1 is never "
                          "closed"));
}

TEST(SupplierImportTest, TheStatusIsOkUntilTheHeaderIsKnown) {
  SupplierImportParser parser(ColombiaOptions());
  parser.Feed("Tax ID,Na");
  EXPECT_TRUE(parser.header_status().ok());
  parser.Feed("me\n");
  EXPECT_EQ(parser.header_status().code(), absl::StatusCode::kInvalidArgument);
  parser.Feed("Email,Notify\n");  // Ignored: the import has failed.
  parser.Finish();
  EXPECT_THAT(ViolationTexts(parser.header_status()),
              ElementsAre(HasSubstr("columns Email, Notify;")));
}

// ---------------------------------------------------------------------------------------------
// A good row

TEST(SupplierImportTest, ReadsEveryColumnOfTheTemplate) {
  const SupplierRow row = OnlyRow(Import(Csv({
      ImportTemplateHeader(),
      "890.321.567-0,ACME S.A.S.,Wholesale,Calle 1 # 2-3,Bogotá,Cundinamarca,+57 1 234,"
      "+57 1 235,ventas@acme.co,Grupo B|Grupo A,1",
  })));
  EXPECT_EQ(row.line, 2);
  EXPECT_EQ(row.tax_id.country, Country::kColombia);
  EXPECT_EQ(row.tax_id.type, TaxIdType::kCoNit);
  EXPECT_EQ(row.tax_id.value, "890321567");
  EXPECT_EQ(row.tax_id.verification_digit, "0");
  EXPECT_EQ(row.fields.name, "ACME S.A.S.");
  EXPECT_EQ(row.fields.description, "Wholesale");
  EXPECT_EQ(row.fields.address, "Calle 1 # 2-3");
  EXPECT_EQ(row.fields.city, "Bogotá");
  EXPECT_EQ(row.fields.province, "Cundinamarca");
  EXPECT_EQ(row.fields.phone, "+57 1 234");
  EXPECT_EQ(row.fields.fax, "+57 1 235");
  EXPECT_EQ(row.fields.email, "ventas@acme.co");
  EXPECT_THAT(row.fields.groups, ElementsAre("Grupo A", "Grupo B"));
  EXPECT_TRUE(row.notify);
}

TEST(SupplierImportTest, ReadsSpanishHeadersSemicolonsAndAnyColumnOrder) {
  const SupplierRow row =
      OnlyRow(Import("\xEF\xBB\xBFNotificar;Correo;Email;Ciudad;Nombre*;ID Fiscal*\r\n"
                     "0;ignored;compras@sur.pe;Medellín;\"Sur; Norte\";800191045-1\r\n"));
  EXPECT_EQ(row.tax_id.value, "800191045");
  EXPECT_EQ(row.tax_id.verification_digit, "1");
  EXPECT_EQ(row.fields.name, "Sur; Norte");
  EXPECT_EQ(row.fields.city, "Medellín");
  EXPECT_EQ(row.fields.email, "compras@sur.pe");
  EXPECT_FALSE(row.notify);
}

TEST(SupplierImportTest, AbsentOptionalColumnsGiveEmptyValues) {
  const SupplierRow row = OnlyRow(Import(Csv({kMandatoryHeader, "10000001,Acme,a@b.co,0"})));
  EXPECT_EQ(row.fields.description, "");
  EXPECT_EQ(row.fields.address, "");
  EXPECT_EQ(row.fields.fax, "");
  EXPECT_THAT(row.fields.groups, IsEmpty());
}

TEST(SupplierImportTest, UnknownColumnsAreNotChecked) {
  const ImportResult result =
      Import(Csv({absl::StrCat(kMandatoryHeader, ",Notes"), "10000001,Acme,a@b.co,0,\xFF\x01"}));
  EXPECT_EQ(OnlyRow(result).fields.name, "Acme");
}

TEST(SupplierImportTest, CellsAreTrimmedAndLineBreaksBecomeSpaces) {
  const SupplierRow row = OnlyRow(Import(Csv({
      "Tax ID,Name,Email,Notify,Address",
      "  10000001 ,\" Acme\r\nLtd \", a@b.co\t, 1 ,\"Calle 1\nPiso 2\rOf. 3\"",
  })));
  EXPECT_EQ(row.tax_id.value, "10000001");
  EXPECT_EQ(row.fields.name, "Acme Ltd");
  EXPECT_EQ(row.fields.email, "a@b.co");
  EXPECT_EQ(row.fields.address, "Calle 1 Piso 2 Of. 3");
  EXPECT_TRUE(row.notify);
}

// ---------------------------------------------------------------------------------------------
// Row shape

TEST(SupplierImportTest, AWrongNumberOfCellsRejectsTheRow) {
  const ImportResult result =
      Import(Csv({kMandatoryHeader, "10000001,Acme,a@b.co", "10000002,Acme,a@b.co,1,extra",
                  "10000003,Acme,a@b.co,1"}));
  EXPECT_THAT(Dump(result),
              ElementsAre("2 rejected () the row has 3 cells; the header has 4",
                          "3 rejected () the row has 5 cells; the header has 4",
                          "4 ok CO_NIT 10000003-9 [Acme][][][][][][][a@b.co][] notify=1"));
  EXPECT_EQ(result.rows_read, 3);
}

TEST(SupplierImportTest, AMalformedRecordRejectsTheRow) {
  SupplierImportOptions options;
  options.csv.max_field_bytes = 40;
  const ImportResult result =
      Import(Csv({kMandatoryHeader, absl::StrCat("10000001,", Repeat("x", 41), ",a@b.co,1"),
                  "10000002,\"Acme", "Ltd\",a@b.co,1", "10000003,\"unclosed,a@b.co,1"}),
             options);
  EXPECT_THAT(Dump(result),
              ElementsAre("2 rejected () field 2 is longer than 40 bytes",
                          "3 ok CO_NIT 10000002-1 [Acme Ltd][][][][][][][a@b.co][] notify=1",
                          "5 rejected () the quoted field opened on line 5 is never closed"));
}

TEST(SupplierImportTest, BlankRowsAreSkippedAndNotCounted) {
  const ImportResult result = Import(
      Csv({kMandatoryHeader, ",,,", "", " , ,\t,", ",,", "10000001,Acme,a@b.co,1", "\"\"", ""}));
  EXPECT_THAT(Dump(result),
              ElementsAre("6 ok CO_NIT 10000001-4 [Acme][][][][][][][a@b.co][] notify=1"));
  EXPECT_EQ(result.rows_read, 1);
}

TEST(SupplierImportTest, InvalidUtf8IsReportedForEachColumn) {
  EXPECT_THAT(
      OnlyErrors(Import(Csv({"Tax ID,Name,Email,Notify,City,Groups",
                             "1000\xC3,Caf\xE9,a\xFF@b.co,1\xC0,Bogot\xC3\xA1,a|\xED\xA0\x80"}))),
      ElementsAre(Error(2, "Tax ID", "is not valid UTF-8"), Error(2, "Name", "is not valid UTF-8"),
                  Error(2, "Email", "is not valid UTF-8"), Error(2, "Groups", "is not valid UTF-8"),
                  Error(2, "Notify", "is not valid UTF-8")));
}

TEST(SupplierImportTest, EveryProblemOfARowIsReportedInTemplateOrder) {
  EXPECT_THAT(
      OnlyErrors(Import(Csv({"Notify,Email,Name,Tax ID,Phone", "maybe,no-at,  ,123,"}))),
      ElementsAre(
          Error(2, "Tax ID",
                "a Colombian NIT without its verification digit has "
                "8 to 15 digits, got 3"),
          Error(2, "Name", "is required"), Error(2, "Email", "is not a valid email address"),
          Error(2, "Notify", "must be 1 or 0 (yes/no, sí/no and true/false are accepted too)")));
}

// ---------------------------------------------------------------------------------------------
// Tax ID

RowError TaxIdError(std::string message) { return Error(2, "Tax ID", std::move(message)); }

ImportResult ImportTaxId(std::string_view tax_id,
                         SupplierImportOptions options = ColombiaOptions()) {
  return Import(Csv({kMandatoryHeader, absl::StrCat(Quote(tax_id), ",Acme,a@b.co,1")}), options);
}

TEST(SupplierImportTaxIdTest, IsRequired) {
  EXPECT_THAT(OnlyErrors(ImportTaxId(" ")), ElementsAre(TaxIdError("is required")));
  EXPECT_THAT(OnlyErrors(ImportTaxId("", OptionsFor(Country::kCostaRica))),
              ElementsAre(TaxIdError("is required")));
}

TEST(SupplierImportTaxIdTest, IsValidatedByTheCountryRules) {
  EXPECT_THAT(
      OnlyErrors(ImportTaxId("890321567-1")),
      ElementsAre(TaxIdError("verification digit does not match, expected 0; check the NIT and its "
                             "verification digit for typos")));
  EXPECT_THAT(OnlyErrors(ImportTaxId("12AB5678")),
              ElementsAre(TaxIdError(
                  "may contain only digits, with spaces, dots or dashes as separators")));
  EXPECT_THAT(OnlyErrors(ImportTaxId("1234567")),
              ElementsAre(TaxIdError("a Colombian NIT without its verification digit has 8 to 15 "
                                     "digits, got 7")));
}

TEST(SupplierImportTaxIdTest, UsesTheCountryOfTheOptions) {
  EXPECT_EQ(Dump(OnlyRow(ImportTaxId("20100047218", OptionsFor(Country::kPeru))).tax_id),
            "PE_RUC 20100047218");
  EXPECT_EQ(Dump(OnlyRow(ImportTaxId("20100047218")).tax_id), "CO_NIT 20100047218-9");
  EXPECT_THAT(OnlyErrors(ImportTaxId("20100047219", OptionsFor(Country::kPeru))),
              ElementsAre(::testing::Field(&RowError::message, HasSubstr("check digit"))));
}

TEST(SupplierImportTaxIdTest, UsesTheTypeOfTheOptions) {
  EXPECT_EQ(
      Dump(OnlyRow(ImportTaxId("3-101-012009", OptionsFor(Country::kCostaRica, TaxIdType::kCrNite)))
               .tax_id),
      "CR_NITE 3101012009");
  const std::vector<RowError> errors =
      OnlyErrors(ImportTaxId("890321567", OptionsFor(Country::kColombia, TaxIdType::kPeRuc)));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_THAT(errors[0].message, HasSubstr("does not apply to a Colombian tax ID"));
}

TEST(SupplierImportTaxIdTest, InfersTheOnlyCostaRicanTypeThatFits) {
  const SupplierImportOptions costa_rica = OptionsFor(Country::kCostaRica);
  EXPECT_EQ(Dump(OnlyRow(ImportTaxId("1-0234-0567", costa_rica)).tax_id), "CR_PHYSICAL 102340567");
  EXPECT_EQ(Dump(OnlyRow(ImportTaxId("12345678901", costa_rica)).tax_id), "CR_DIMEX 12345678901");
  EXPECT_EQ(Dump(OnlyRow(ImportTaxId("0123456789", costa_rica)).tax_id), "CR_NITE 0123456789");
}

TEST(SupplierImportTaxIdTest, AnAmbiguousOrUnfitCostaRicanIdIsAnError) {
  const SupplierImportOptions costa_rica = OptionsFor(Country::kCostaRica);
  EXPECT_THAT(OnlyErrors(ImportTaxId("3101012009", costa_rica)),
              ElementsAre(TaxIdError("fits several tax ID types (CR_LEGAL, CR_NITE); set the tax "
                                     "ID type of the import")));
  EXPECT_THAT(OnlyErrors(ImportTaxId("12345", costa_rica)),
              ElementsAre(TaxIdError("is not valid for any CR tax ID type (CR_PHYSICAL, CR_LEGAL, "
                                     "CR_DIMEX, CR_NITE)")));
}

// ---------------------------------------------------------------------------------------------
// Tax IDs repeated in the file

TEST(SupplierImportTest, ARepeatedTaxIdRejectsTheLaterRows) {
  const ImportResult result =
      Import(Csv({kMandatoryHeader, "890321567-0,First,a@b.co,1", "10000001,Other,a@b.co,1",
                  "890.321.567,Second,a@b.co,0", "890 321 567-0,Third,a@b.co,1"}));
  EXPECT_THAT(Dump(result),
              ElementsAre("2 ok CO_NIT 890321567-0 [First][][][][][][][a@b.co][] notify=1",
                          "3 ok CO_NIT 10000001-4 [Other][][][][][][][a@b.co][] notify=1",
                          "4 rejected () the Tax ID repeats the one of line 2; each supplier may "
                          "appear once in the file",
                          "5 rejected () the Tax ID repeats the one of line 2; each supplier may "
                          "appear once in the file"));
}

TEST(SupplierImportTest, ARepeatOfARejectedRowIsStillARepeat) {
  const ImportResult result =
      Import(Csv({kMandatoryHeader, "10000001,Acme,bad,1", "10000001,Acme,a@b.co,1"}));
  EXPECT_THAT(Dump(result),
              ElementsAre("2 rejected (Email) is not a valid email address",
                          "3 rejected () the Tax ID repeats the one of line 2; each supplier may "
                          "appear once in the file"));
}

// The parser itself remembers no tax ID: it gives each row its own verdict and keeps the tax
// ID of a rejected row for the repeat rule.
TEST(SupplierImportTest, TheParserJudgesEachRowAloneAndKeepsTheTaxIdOfARejectedRow) {
  SupplierImportParser parser(ColombiaOptions());
  parser.Feed(Csv(
      {kMandatoryHeader, "890321567-0,Acme,bad,1", "890.321.567,Acme,a@b.co,1", "12,Acme,bad,1"}));
  parser.Finish();
  const std::vector<ImportItem> items = parser.TakeReady();
  ASSERT_EQ(items.size(), 3u);
  EXPECT_EQ(std::get<RejectedRow>(items[0]).tax_id, "890321567");
  EXPECT_EQ(std::get<SupplierRow>(items[1]).tax_id.value, "890321567");
  EXPECT_EQ(std::get<RejectedRow>(items[2]).tax_id, "");
}

TEST(SupplierImportTest, InvalidTaxIdsAreNotComparedForRepeats) {
  const ImportResult result =
      Import(Csv({kMandatoryHeader, "12,Acme,a@b.co,1", "12,Acme,a@b.co,1"}));
  ASSERT_EQ(result.items.size(), 2u);
  for (const ImportItem& item : result.items) {
    const auto& errors = std::get<RejectedRow>(item).errors;
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].column, "Tax ID");
  }
}

// ---------------------------------------------------------------------------------------------
// Text columns

TEST(SupplierImportTest, NameIsRequired) {
  EXPECT_THAT(OnlyErrors(Import(Csv({kMandatoryHeader, "10000001,\" \t \",a@b.co,1"}))),
              ElementsAre(Error(2, "Name", "is required")));
}

TEST(SupplierImportTest, EmailIsRequiredAndChecked) {
  EXPECT_THAT(OnlyErrors(Import(Csv({kMandatoryHeader, "10000001,Acme,,1"}))),
              ElementsAre(Error(2, "Email", "is required")));
  EXPECT_THAT(OnlyErrors(Import(Csv({kMandatoryHeader, "10000001,Acme,a@b,1"}))),
              ElementsAre(Error(2, "Email", "is not a valid email address (domain)")));
  EXPECT_THAT(OnlyErrors(Import(Csv({kMandatoryHeader, "10000001,Acme,\"a@b.co; c@d.co\",1"}))),
              ElementsAre(Error(2, "Email", "is not a valid email address")));
}

TEST(SupplierImportTest, TextColumnsHaveTheirLimitsInCharacters) {
  const std::vector<std::pair<std::string, size_t>> limits = {
      {"Name", 200},     {"Description", 1000}, {"Address", 200}, {"City", 100},
      {"Province", 100}, {"Phone", 50},         {"Fax", 50},
  };
  for (const auto& [column, max_chars] : limits) {
    SCOPED_TRACE(column);
    // A two-byte letter shows that the limit counts characters, not bytes.
    EXPECT_TRUE(std::holds_alternative<SupplierRow>(
        Import(FileWithColumn(column, Repeat("é", max_chars))).items.at(0)));
    EXPECT_THAT(
        OnlyErrors(Import(FileWithColumn(column, Repeat("e", max_chars + 1)))),
        ElementsAre(Error(2, column, absl::StrCat("is longer than ", max_chars, " characters"))));
  }
}

TEST(SupplierImportTest, TextColumnsRejectControlCharacters) {
  for (std::string_view column : {"Name", "Description", "City", "Phone"}) {
    EXPECT_THAT(OnlyErrors(Import(FileWithColumn(std::string(column), "a\x01z"))),
                ElementsAre(Error(2, std::string(column), "contains control characters")));
  }
  EXPECT_EQ(OnlyRow(Import(FileWithColumn("Description", "a\tb"))).fields.description, "a\tb");
}

TEST(SupplierImportTest, TheColumnNameOfAnErrorIsTheTemplateNameWhateverTheHeaderSays) {
  EXPECT_THAT(OnlyErrors(Import(Csv({"ID Fiscal*,nombre,EMAIL,Notificar,  ciudad *",
                                     absl::StrCat("10000001,Acme,a@b.co,1,", Repeat("x", 101))}))),
              ElementsAre(Error(2, "City", "is longer than 100 characters")));
}

// ---------------------------------------------------------------------------------------------
// Groups

std::vector<std::string> GroupsOf(std::string_view cell) {
  return OnlyRow(Import(FileWithColumn("Groups", cell))).fields.groups;
}

std::vector<RowError> GroupErrors(std::string_view cell) {
  return OnlyErrors(Import(FileWithColumn("Groups", cell)));
}

std::string NumberedGroups(size_t count) {
  std::vector<std::string> groups;
  for (size_t i = 0; i < count; ++i) groups.push_back(absl::StrCat("g", i));
  return absl::StrJoin(groups, "|");
}

TEST(SupplierImportGroupsTest, AreSplitTrimmedDeduplicatedAndSorted) {
  EXPECT_THAT(GroupsOf(" b | a ||  | a |B| b "), ElementsAre("B", "a", "b"));
  EXPECT_THAT(GroupsOf("Grupo de compras"), ElementsAre("Grupo de compras"));
  EXPECT_THAT(GroupsOf(""), IsEmpty());
  EXPECT_THAT(GroupsOf(" | | "), IsEmpty());
}

TEST(SupplierImportGroupsTest, AtMostTwentyAfterDeduplication) {
  EXPECT_EQ(GroupsOf(NumberedGroups(20)).size(), 20u);
  EXPECT_EQ(GroupsOf(absl::StrCat(NumberedGroups(20), "|g0|g19")).size(), 20u);
  EXPECT_THAT(GroupErrors(NumberedGroups(21)),
              ElementsAre(Error(2, "Groups", "has 21 groups; at most 20")));
}

TEST(SupplierImportGroupsTest, EachIsAtMostSixtyFourCharacters) {
  EXPECT_THAT(GroupsOf(Repeat("ñ", 64)), ElementsAre(Repeat("ñ", 64)));
  EXPECT_THAT(GroupErrors(absl::StrCat("ok||", Repeat("x", 65))),
              ElementsAre(Error(2, "Groups", "group 2 is longer than 64 characters")));
  EXPECT_THAT(GroupErrors("a|b\x02"),
              ElementsAre(Error(2, "Groups", "group 2 contains control characters")));
}

// ---------------------------------------------------------------------------------------------
// Notify

ImportResult ImportNotify(std::string_view cell) {
  return Import(Csv({kMandatoryHeader, absl::StrCat("10000001,Acme,a@b.co,", Quote(cell))}));
}

TEST(SupplierImportNotifyTest, AcceptsOneZeroAndWordsInAnyCase) {
  for (std::string_view yes : {"1", " 1 ", "yes", "YES", "si", "Sí", "SÍ", "true", "True"}) {
    EXPECT_TRUE(OnlyRow(ImportNotify(yes)).notify) << yes;
  }
  for (std::string_view no : {"0", "no", "NO", "No", "false", "FALSE"}) {
    EXPECT_FALSE(OnlyRow(ImportNotify(no)).notify) << no;
  }
}

TEST(SupplierImportNotifyTest, IsRequired) {
  EXPECT_THAT(OnlyErrors(ImportNotify(" ")), ElementsAre(Error(2, "Notify", "is required")));
}

TEST(SupplierImportNotifyTest, RejectsAnythingElse) {
  for (std::string_view bad : {"2", "-1", "01", "y", "n", "x", "si no", "verdadero", "1.0"}) {
    EXPECT_THAT(OnlyErrors(ImportNotify(bad)),
                ElementsAre(Error(2, "Notify",
                                  "must be 1 or 0 (yes/no, sí/no and true/false are accepted "
                                  "too)")))
        << bad;
  }
}

// ---------------------------------------------------------------------------------------------
// Streaming and the nasty corpus

TEST(SupplierImportTest, RowsAreReadyAsSoonAsTheirChunkEnds) {
  SupplierImportParser parser(ColombiaOptions());
  parser.Feed(absl::StrCat(kMandatoryHeader, "\n10000001,Acme,a@b.co,1\n10000002,Ac"));
  EXPECT_EQ(parser.TakeReady().size(), 1u);
  EXPECT_THAT(parser.TakeReady(), IsEmpty());  // Taken rows are forgotten.
  parser.Feed("me,a@b.co,0");
  EXPECT_THAT(parser.TakeReady(), IsEmpty());  // The row may go on.
  parser.Finish();
  const std::vector<ImportItem> last = parser.TakeReady();
  ASSERT_EQ(last.size(), 1u);
  EXPECT_EQ(std::get<SupplierRow>(last[0]).fields.name, "Acme");
  EXPECT_EQ(parser.rows_read(), 2);
}

// BOM, `;`, CRLF, quoted separators and quotes, an embedded line break, a blank line, a wrong
// cell count, an invalid tax ID, a repeated tax ID, non-UTF-8 bytes, trailing empty lines.
const std::string& NastyFile() {
  static const auto* file = new std::string(
      "\xEF\xBB\xBF"
      "ID Fiscal*;Nombre*;Descripción;Email*;Grupos;Notificar*\r\n"
      "890321567-0;\"Acme; \"\"the\"\" best\";\"two\r\nlines\";a@b.co;x|y;1\r\n"
      "\r\n"
      "800191045-1;Beta;;b@b.co\r\n"
      "800191045-2;Gamma;;c@b.co;;0\r\n"
      "890.321.567-0;Delta;;d@b.co;;si\r\n"
      "41261533-2;Caf\xE9;d\xC3\xA9j\xC3\xA0 vu;e@b.co;;no\r\n"
      "900123456;\"Épsilon\";\xF0\x9F\x98\x80;e@b.co;Ω;1\r\n"
      "\r\n\r\n");
  return *file;
}

const std::vector<std::string>& NastyFileExpected() {
  static const auto* expected = new std::vector<std::string>{
      "2 ok CO_NIT 890321567-0 [Acme; \"the\" best][two lines][][][][][][a@b.co][x|y] notify=1",
      "5 rejected () the row has 4 cells; the header has 6",
      "6 rejected (Tax ID) verification digit does not match, expected 1; check the NIT and its "
      "verification digit for typos",
      "7 rejected () the Tax ID repeats the one of line 2; each supplier may appear once in the "
      "file",
      "8 rejected (Name) is not valid UTF-8",
      "9 ok CO_NIT 900123456-8 [Épsilon][\xF0\x9F\x98\x80][][][][][][e@b.co][Ω] notify=1",
  };
  return *expected;
}

TEST(SupplierImportTest, ReadsTheNastyFile) {
  const ImportResult result = Import(NastyFile());
  EXPECT_TRUE(result.status.ok()) << result.status;
  EXPECT_THAT(Dump(result), ::testing::ElementsAreArray(NastyFileExpected()));
  EXPECT_EQ(result.rows_read, 6);
}

TEST(SupplierImportTest, EverySplitOfTheNastyFileGivesTheSameResult) {
  const std::string& file = NastyFile();
  for (size_t cut = 0; cut <= file.size(); ++cut) {
    const ImportResult result = ImportCut(file, {cut});
    ASSERT_EQ(Dump(result), NastyFileExpected()) << "cut at " << cut;
    ASSERT_EQ(result.rows_read, 6) << "cut at " << cut;
  }
}

TEST(SupplierImportTest, OneByteChunksOfTheNastyFileGiveTheSameResult) {
  const std::string& file = NastyFile();
  std::vector<size_t> every_byte;
  for (size_t i = 1; i < file.size(); ++i) every_byte.push_back(i);
  const ImportResult result = ImportCut(file, every_byte);
  EXPECT_THAT(Dump(result), ::testing::ElementsAreArray(NastyFileExpected()));
  EXPECT_EQ(result.rows_read, 6);
}

}  // namespace
}  // namespace supplynet
