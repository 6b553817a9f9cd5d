#include "domain/tax_id.h"

#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "domain/field_violation.h"
#include "gtest/gtest.h"

namespace supplynet {
namespace {

constexpr std::string_view kField = "company.tax_id";

constexpr Country kAllCountries[] = {Country::kColombia, Country::kPeru, Country::kCostaRica};
constexpr TaxIdType kAllTypes[] = {
    TaxIdType::kUnspecified, TaxIdType::kCoNit,   TaxIdType::kPeRuc, TaxIdType::kCrPhysical,
    TaxIdType::kCrLegal,     TaxIdType::kCrDimex, TaxIdType::kCrNite};

absl::StatusOr<TaxId> Parse(Country country, std::string_view raw,
                            TaxIdType type = TaxIdType::kUnspecified) {
  return ParseTaxId(country, type, raw, kField);
}

// Success with exactly the expected normal form.
::testing::AssertionResult IsTaxId(const absl::StatusOr<TaxId>& result, Country country,
                                   TaxIdType type, std::string_view value,
                                   std::string_view verification_digit = "") {
  if (!result.ok()) return ::testing::AssertionFailure() << "failed: " << result.status();
  if (result->country != country || result->type != type || result->value != value ||
      result->verification_digit != verification_digit) {
    return ::testing::AssertionFailure()
           << "got " << CountryCode(result->country) << " " << TaxIdTypeName(result->type) << " '"
           << result->value << "' dv '" << result->verification_digit << "'";
  }
  return ::testing::AssertionSuccess();
}

// INVALID_ARGUMENT with one violation that names `field` and mentions `description_part`.
::testing::AssertionResult IsViolation(const absl::StatusOr<TaxId>& result,
                                       std::string_view description_part,
                                       std::string_view field = kField) {
  if (result.ok()) return ::testing::AssertionFailure() << "accepted: '" << result->value << "'";
  if (result.status().code() != absl::StatusCode::kInvalidArgument) {
    return ::testing::AssertionFailure() << "wrong code: " << result.status();
  }
  const std::vector<FieldViolation> violations = FieldViolationsOf(result.status());
  if (violations.size() != 1) {
    return ::testing::AssertionFailure() << violations.size() << " violations: " << result.status();
  }
  if (violations[0].field != field) {
    return ::testing::AssertionFailure() << "field '" << violations[0].field << "'";
  }
  if (violations[0].description.find(description_part) == std::string::npos) {
    return ::testing::AssertionFailure() << "description '" << violations[0].description << "'";
  }
  return ::testing::AssertionSuccess();
}

// ---------------------------------------------------------------------------------------------
// ColombiaVerificationDigit

TEST(ColombiaVerificationDigitTest, DomainExamples) {
  EXPECT_EQ(ColombiaVerificationDigit("890321567"), "0");  // r = 0.
  EXPECT_EQ(ColombiaVerificationDigit("800191045"), "1");  // r = 10, DV = 11 - r.
  EXPECT_EQ(ColombiaVerificationDigit("41261533"), "2");   // r = 9.
}

TEST(ColombiaVerificationDigitTest, RemainderZeroOrOneIsTheDigitItself) {
  EXPECT_EQ(ColombiaVerificationDigit("890321567"), "0");  // r = 0.
  EXPECT_EQ(ColombiaVerificationDigit("800000001"), "1");  // 1 * 3 + 8 * 41 = 331; r = 1.
}

TEST(ColombiaVerificationDigitTest, UsesAllFifteenWeights) {
  // Only the leftmost digit counts: 71 mod 11 = 5, so DV = 6.
  EXPECT_EQ(ColombiaVerificationDigit("100000000000000"), "6");
  EXPECT_EQ(ColombiaVerificationDigit("123456789012345"), "2");
}

TEST(ColombiaVerificationDigitTest, EmptyForInputItCannotWeigh) {
  EXPECT_EQ(ColombiaVerificationDigit(""), "");
  EXPECT_EQ(ColombiaVerificationDigit("1234567890123456"), "");  // 16 digits: no weight left.
  EXPECT_EQ(ColombiaVerificationDigit("890.321.567"), "");
  EXPECT_EQ(ColombiaVerificationDigit("89032156X"), "");
}

// ---------------------------------------------------------------------------------------------
// Colombia

TEST(ColombiaTaxIdTest, AcceptsDomainExamplesWithVerificationDigit) {
  EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, "890321567-0"), Country::kColombia,
                      TaxIdType::kCoNit, "890321567", "0"));
  EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, "800191045-1"), Country::kColombia,
                      TaxIdType::kCoNit, "800191045", "1"));
  EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, "41261533-2"), Country::kColombia,
                      TaxIdType::kCoNit, "41261533", "2"));
}

TEST(ColombiaTaxIdTest, BareDigitsAreTheNitWithoutVerificationDigit) {
  EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, "890321567"), Country::kColombia, TaxIdType::kCoNit,
                      "890321567", "0"));
  // Not "4126153" with DV 3: a bare string never carries the DV.
  EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, "41261533"), Country::kColombia, TaxIdType::kCoNit,
                      "41261533", "2"));
}

TEST(ColombiaTaxIdTest, IgnoresSeparators) {
  for (std::string_view raw : {"890.321.567-0", "890 321 567 - 0", " 890321567-0 ", "890-321-567-0",
                               "890.321.567", " 890 321 567 "}) {
    SCOPED_TRACE(raw);
    EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, raw), Country::kColombia, TaxIdType::kCoNit,
                        "890321567", "0"));
  }
}

TEST(ColombiaTaxIdTest, RejectsVerificationDigitMismatch) {
  EXPECT_TRUE(IsViolation(Parse(Country::kColombia, "890321567-1"),
                          "verification digit does not match, expected 0"));
  EXPECT_TRUE(IsViolation(Parse(Country::kColombia, "41261533-0"),
                          "verification digit does not match, expected 2"));
}

TEST(ColombiaTaxIdTest, AcceptsEightToFifteenDigits) {
  EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, "12345678"), Country::kColombia, TaxIdType::kCoNit,
                      "12345678", "8"));
  EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, "123456789012345-2"), Country::kColombia,
                      TaxIdType::kCoNit, "123456789012345", "2"));
}

TEST(ColombiaTaxIdTest, RejectsWrongLength) {
  EXPECT_TRUE(IsViolation(Parse(Country::kColombia, "1234567"),
                          "NIT without its verification digit has "
                          "8 to 15 digits, got 7"));
  EXPECT_TRUE(IsViolation(Parse(Country::kColombia, "1234567890123456"), "8 to 15 digits, got 16"));
  // A DV does not count towards the NIT's length.
  EXPECT_TRUE(IsViolation(Parse(Country::kColombia, "1234567-8"), "8 to 15 digits, got 7"));
  EXPECT_TRUE(IsViolation(Parse(Country::kColombia, "-0"), "8 to 15 digits, got 0"));
}

TEST(ColombiaTaxIdTest, RejectsMoreThanOneDigitAfterTheLastDash) {
  EXPECT_TRUE(IsViolation(Parse(Country::kColombia, "890-321-567"),
                          "only the one-digit verification digit may follow the last dash, got 3"));
  EXPECT_TRUE(IsViolation(Parse(Country::kColombia, "890321567-0.5"), "got 2 digits"));
}

TEST(ColombiaTaxIdTest, RejectsDashWithoutVerificationDigit) {
  for (std::string_view raw : {"890321567-", "890321567- ", "890321567-."}) {
    SCOPED_TRACE(raw);
    EXPECT_TRUE(IsViolation(Parse(Country::kColombia, raw),
                            "a verification digit is expected after the dash"));
  }
}

TEST(ColombiaTaxIdTest, AcceptsOnlyTheNitType) {
  EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, "890321567", TaxIdType::kCoNit), Country::kColombia,
                      TaxIdType::kCoNit, "890321567", "0"));
  for (TaxIdType type : {TaxIdType::kPeRuc, TaxIdType::kCrLegal, TaxIdType::kCrNite}) {
    SCOPED_TRACE(TaxIdTypeName(type));
    EXPECT_TRUE(IsViolation(Parse(Country::kColombia, "890321567", type),
                            "type " + std::string(TaxIdTypeName(type)) +
                                " does not apply to a Colombian tax ID; use CO_NIT"));
  }
}

// ---------------------------------------------------------------------------------------------
// Peru

TEST(PeruTaxIdTest, AcceptsDomainExamples) {
  for (std::string_view ruc : {"20100047218", "10441348521", "20554133470"}) {
    SCOPED_TRACE(ruc);
    EXPECT_TRUE(IsTaxId(Parse(Country::kPeru, ruc), Country::kPeru, TaxIdType::kPeRuc, ruc));
  }
}

TEST(PeruTaxIdTest, AcceptsEveryPrefix) {
  for (std::string_view ruc :
       {"10441348521", "15123456782", "16123456789", "17123456785", "20100047218"}) {
    SCOPED_TRACE(ruc);
    EXPECT_TRUE(IsTaxId(Parse(Country::kPeru, ruc), Country::kPeru, TaxIdType::kPeRuc, ruc));
  }
}

TEST(PeruTaxIdTest, MapsRemainderTenToZeroAndElevenToOne) {
  // Weighted sum mod 11 is 1 (r = 10 -> 0), then 0 (r = 11 -> 1).
  EXPECT_TRUE(IsTaxId(Parse(Country::kPeru, "20000000010"), Country::kPeru, TaxIdType::kPeRuc,
                      "20000000010"));
  EXPECT_TRUE(IsTaxId(Parse(Country::kPeru, "20000000061"), Country::kPeru, TaxIdType::kPeRuc,
                      "20000000061"));
  EXPECT_TRUE(IsViolation(Parse(Country::kPeru, "20000000011"), "check digit"));
  EXPECT_TRUE(IsViolation(Parse(Country::kPeru, "20000000060"), "check digit"));
}

TEST(PeruTaxIdTest, RejectsCheckDigitFailure) {
  EXPECT_TRUE(IsViolation(Parse(Country::kPeru, "20100047219"),
                          "the last digit of a Peruvian RUC is a check digit and does not match"));
  EXPECT_TRUE(IsViolation(Parse(Country::kPeru, "20100047281"), "check digit"));  // Transposed.
}

TEST(PeruTaxIdTest, RejectsWrongLength) {
  EXPECT_TRUE(
      IsViolation(Parse(Country::kPeru, "201000472"), "a Peruvian RUC has 11 digits, got 9"));
  EXPECT_TRUE(IsViolation(Parse(Country::kPeru, "201000472180"), "has 11 digits, got 12"));
}

TEST(PeruTaxIdTest, RejectsUnknownPrefix) {
  for (std::string_view ruc : {"30100047218", "11100047218", "21100047218", "00100047218"}) {
    SCOPED_TRACE(ruc);
    EXPECT_TRUE(IsViolation(
        Parse(Country::kPeru, ruc),
        "a Peruvian RUC starts with 10, 15, 16, 17 or 20, got " + std::string(ruc.substr(0, 2))));
  }
}

TEST(PeruTaxIdTest, IgnoresSeparators) {
  for (std::string_view raw : {"20-10004721-8", "201.000.472.18", " 20100047218 "}) {
    SCOPED_TRACE(raw);
    EXPECT_TRUE(
        IsTaxId(Parse(Country::kPeru, raw), Country::kPeru, TaxIdType::kPeRuc, "20100047218"));
  }
}

TEST(PeruTaxIdTest, AcceptsOnlyTheRucType) {
  EXPECT_TRUE(IsTaxId(Parse(Country::kPeru, "20100047218", TaxIdType::kPeRuc), Country::kPeru,
                      TaxIdType::kPeRuc, "20100047218"));
  for (TaxIdType type : {TaxIdType::kCoNit, TaxIdType::kCrDimex}) {
    SCOPED_TRACE(TaxIdTypeName(type));
    EXPECT_TRUE(IsViolation(Parse(Country::kPeru, "20100047218", type),
                            "does not apply to a Peruvian tax ID; use PE_RUC"));
  }
}

// ---------------------------------------------------------------------------------------------
// Costa Rica

TEST(CostaRicaTaxIdTest, PhysicalPersonHasNineDigitsNotStartingWithZero) {
  EXPECT_TRUE(IsTaxId(Parse(Country::kCostaRica, "1-0234-0567", TaxIdType::kCrPhysical),
                      Country::kCostaRica, TaxIdType::kCrPhysical, "102340567"));
  EXPECT_TRUE(IsTaxId(Parse(Country::kCostaRica, "912345678", TaxIdType::kCrPhysical),
                      Country::kCostaRica, TaxIdType::kCrPhysical, "912345678"));
  EXPECT_TRUE(
      IsViolation(Parse(Country::kCostaRica, "012345678", TaxIdType::kCrPhysical),
                  "a Costa Rican physical-person ID starts with a digit from 1 to 9, got 0"));
  EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "12345678", TaxIdType::kCrPhysical),
                          "physical-person ID has 9 digits, got 8"));
  EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "1234567890", TaxIdType::kCrPhysical),
                          "has 9 digits, got 10"));
}

TEST(CostaRicaTaxIdTest, LegalEntityHasTenDigitsStartingTwoToFive) {
  EXPECT_TRUE(IsTaxId(Parse(Country::kCostaRica, "3-101-012009", TaxIdType::kCrLegal),
                      Country::kCostaRica, TaxIdType::kCrLegal, "3101012009"));
  for (std::string_view raw : {"2000000000", "4000000000", "5999999999"}) {
    SCOPED_TRACE(raw);
    EXPECT_TRUE(IsTaxId(Parse(Country::kCostaRica, raw, TaxIdType::kCrLegal), Country::kCostaRica,
                        TaxIdType::kCrLegal, raw));
  }
  for (std::string_view raw : {"1101012009", "6101012009", "0101012009"}) {
    SCOPED_TRACE(raw);
    EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, raw, TaxIdType::kCrLegal),
                            "a Costa Rican legal-entity ID starts with a digit from 2 to 5"));
  }
  EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "310101200", TaxIdType::kCrLegal),
                          "legal-entity ID has 10 digits, got 9"));
}

TEST(CostaRicaTaxIdTest, DimexHasElevenOrTwelveDigitsStartingWithOne) {
  for (std::string_view raw : {"12345678901", "123456789012"}) {
    SCOPED_TRACE(raw);
    EXPECT_TRUE(IsTaxId(Parse(Country::kCostaRica, raw, TaxIdType::kCrDimex), Country::kCostaRica,
                        TaxIdType::kCrDimex, raw));
  }
  EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "1234567890", TaxIdType::kCrDimex),
                          "a Costa Rican DIMEX has 11 or 12 digits, got 10"));
  EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "1234567890123", TaxIdType::kCrDimex),
                          "has 11 or 12 digits, got 13"));
  EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "22345678901", TaxIdType::kCrDimex),
                          "a Costa Rican DIMEX starts with 1, got 2"));
}

TEST(CostaRicaTaxIdTest, NiteHasTenDigits) {
  for (std::string_view raw : {"0123456789", "9876543210"}) {
    SCOPED_TRACE(raw);
    EXPECT_TRUE(IsTaxId(Parse(Country::kCostaRica, raw, TaxIdType::kCrNite), Country::kCostaRica,
                        TaxIdType::kCrNite, raw));
  }
  EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "012345678", TaxIdType::kCrNite),
                          "a Costa Rican NITE has 10 digits, got 9"));
  EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "01234567890", TaxIdType::kCrNite),
                          "has 10 digits, got 11"));
}

TEST(CostaRicaTaxIdTest, KeepsTheTypeOfIdsThatShareALength) {
  EXPECT_TRUE(IsTaxId(Parse(Country::kCostaRica, "3101012009", TaxIdType::kCrLegal),
                      Country::kCostaRica, TaxIdType::kCrLegal, "3101012009"));
  EXPECT_TRUE(IsTaxId(Parse(Country::kCostaRica, "3101012009", TaxIdType::kCrNite),
                      Country::kCostaRica, TaxIdType::kCrNite, "3101012009"));
}

TEST(CostaRicaTaxIdTest, RequiresACostaRicanType) {
  EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "3101012009"),
                          "the type of a Costa Rican tax ID is required; use one of CR_PHYSICAL, "
                          "CR_LEGAL, CR_DIMEX or CR_NITE"));
  for (TaxIdType type : {TaxIdType::kCoNit, TaxIdType::kPeRuc}) {
    SCOPED_TRACE(TaxIdTypeName(type));
    EXPECT_TRUE(IsViolation(Parse(Country::kCostaRica, "3101012009", type),
                            "does not apply to a Costa Rican tax ID; use one of CR_PHYSICAL"));
  }
}

TEST(CostaRicaTaxIdTest, HasNoVerificationDigit) {
  absl::StatusOr<TaxId> id = Parse(Country::kCostaRica, "3-101-012009", TaxIdType::kCrLegal);
  ASSERT_TRUE(id.ok()) << id.status();
  EXPECT_EQ(id->verification_digit, "");
}

// ---------------------------------------------------------------------------------------------
// Rules shared by every country

class AnyCountryTest : public ::testing::TestWithParam<Country> {
 protected:
  // A type the country accepts, so that only the raw input is under test.
  static TaxIdType ValidType(Country country) {
    return country == Country::kCostaRica ? TaxIdType::kCrNite : TaxIdType::kUnspecified;
  }
  static absl::StatusOr<TaxId> ParseRaw(std::string_view raw) {
    return Parse(GetParam(), raw, ValidType(GetParam()));
  }
};

INSTANTIATE_TEST_SUITE_P(Countries, AnyCountryTest, ::testing::ValuesIn(kAllCountries),
                         [](const ::testing::TestParamInfo<Country>& info) {
                           return std::string(CountryCode(info.param));
                         });

TEST_P(AnyCountryTest, EmptyIsRequired) {
  for (std::string_view raw : {"", " ", "-", " . - ", "---"}) {
    SCOPED_TRACE("'" + std::string(raw) + "'");
    EXPECT_TRUE(IsViolation(ParseRaw(raw), "is required"));
  }
}

TEST_P(AnyCountryTest, RejectsAnythingButDigitsAndSeparators) {
  const std::string_view garbage[] = {
      "ABCDEFGHIJK",
      "2010004721X",
      "20100047218a",
      "+20100047218",
      "20100047218/",
      "2010004721_8",
      "20,100,047,218",
      "\t20100047218",
      "20100047218\n",
      std::string_view("2010004\000218", 11),  // Embedded NUL (octal escapes stop at 3 digits).
      "\uFF12\uFF10\uFF11\uFF10",              // Full-width digits "2010" (UTF-8).
      "\u00A020100047218",                     // Leading no-break space.
      "\u0662\u0660",                          // Arabic-Indic digits.
      "\xff\xfe\xfd",                          // Invalid UTF-8.
  };
  for (std::string_view raw : garbage) {
    SCOPED_TRACE(absl::StrCat("size ", raw.size()));
    EXPECT_TRUE(IsViolation(ParseRaw(raw),
                            "may contain only digits, with spaces, dots or dashes as separators"));
  }
}

TEST_P(AnyCountryTest, RejectsInputOverThirtyTwoCharacters) {
  EXPECT_TRUE(
      IsViolation(ParseRaw(std::string(33, '1')), "is too long: at most 32 characters, got 33"));
  EXPECT_TRUE(IsViolation(ParseRaw(std::string(33, ' ')), "is too long"));
  EXPECT_TRUE(IsViolation(ParseRaw(std::string(1 << 20, '\xff')), "got 1048576"));
}

TEST(TaxIdLengthCapTest, AcceptsExactlyThirtyTwoCharacters) {
  const std::string raw = "890321567-0" + std::string(kMaxRawTaxIdLength - 11, ' ');
  ASSERT_EQ(raw.size(), 32U);
  EXPECT_TRUE(IsTaxId(Parse(Country::kColombia, raw), Country::kColombia, TaxIdType::kCoNit,
                      "890321567", "0"));
}

TEST_P(AnyCountryTest, NamesTheFieldItIsGiven) {
  constexpr std::string_view kOther = "suppliers[3].tax_id";
  const TaxIdType type = ValidType(GetParam());
  for (std::string_view raw : {"", "x", "1", "123456789012345678901234567890123"}) {
    SCOPED_TRACE("'" + std::string(raw) + "'");
    const absl::StatusOr<TaxId> result = ParseTaxId(GetParam(), type, raw, kOther);
    EXPECT_TRUE(IsViolation(result, "", kOther));
    EXPECT_TRUE(absl::StartsWith(result.status().message(), std::string(kOther) + ": "))
        << result.status();
  }
}

// Descriptions never echo the input, so hostile bytes cannot reach logs or gRPC details.
TEST(TaxIdDescriptionTest, AreAsciiWhateverTheInput) {
  const std::string_view inputs[] = {"\xff\xfe", "\u202E123", "<script>", "1\n2", ""};
  for (Country country : kAllCountries) {
    for (TaxIdType type : kAllTypes) {
      for (std::string_view raw : inputs) {
        const absl::StatusOr<TaxId> result = ParseTaxId(country, type, raw, kField);
        ASSERT_FALSE(result.ok());
        for (const FieldViolation& v : FieldViolationsOf(result.status())) {
          for (char c : v.description) {
            ASSERT_TRUE(c >= 0x20 && c < 0x7f) << v.description;
          }
          EXPECT_FALSE(absl::StrContains(v.description, "script"));
        }
      }
    }
  }
}

TEST(TaxIdEnumTest, RejectsValuesOutsideTheEnums) {
  const auto bad_country = static_cast<Country>(42);
  const auto bad_type = static_cast<TaxIdType>(42);
  EXPECT_TRUE(IsViolation(ParseTaxId(bad_country, TaxIdType::kCoNit, "890321567", kField),
                          "unsupported country"));
  EXPECT_TRUE(IsViolation(ParseTaxId(Country::kColombia, bad_type, "890321567", kField),
                          "unknown tax ID type"));
  EXPECT_EQ(CountryCode(bad_country), "");
  EXPECT_EQ(TaxIdTypeName(bad_type), "");
}

// Seeded random bytes through every country/type pair: no crash, and either a well-formed
// result or exactly one violation naming the field.
TEST(TaxIdRobustnessTest, RandomInputNeverCrashes) {
  constexpr char kAlphabet[] = "0123456789 .--ab\xff\xc3\xa9\t";
  std::mt19937 rng(20240601);  // Fixed seed: failures must reproduce.
  std::uniform_int_distribution<std::size_t> length(0, 40);
  std::uniform_int_distribution<std::size_t> pick(0, sizeof(kAlphabet) - 1);  // Includes '\0'.
  int accepted = 0;
  for (int i = 0; i < 5000; ++i) {
    std::string raw(length(rng), ' ');
    for (char& c : raw) c = kAlphabet[pick(rng)];
    for (Country country : kAllCountries) {
      for (TaxIdType type : kAllTypes) {
        const absl::StatusOr<TaxId> result = ParseTaxId(country, type, raw, kField);
        if (result.ok()) {
          ++accepted;
          EXPECT_EQ(result->country, country);
          EXPECT_NE(result->type, TaxIdType::kUnspecified);
          EXPECT_FALSE(result->value.empty());
          EXPECT_EQ(result->value.find_first_not_of("0123456789"), std::string::npos) << raw;
        } else {
          EXPECT_TRUE(IsViolation(result, "")) << raw;
        }
      }
    }
  }
  EXPECT_GT(accepted, 0);  // The alphabet does reach the accepting paths.
}

// ---------------------------------------------------------------------------------------------
// Codes and names

TEST(CountryCodeTest, IsIsoAlpha2) {
  EXPECT_EQ(CountryCode(Country::kColombia), "CO");
  EXPECT_EQ(CountryCode(Country::kPeru), "PE");
  EXPECT_EQ(CountryCode(Country::kCostaRica), "CR");
}

TEST(CountryCodeTest, RoundTripsCaseInsensitively) {
  for (Country country : kAllCountries) {
    const std::string code(CountryCode(country));
    SCOPED_TRACE(code);
    EXPECT_EQ(CountryFromCode(code), country);
    EXPECT_EQ(CountryFromCode(absl::AsciiStrToLower(code)), country);
    EXPECT_EQ(CountryFromCode(std::string{code[0], static_cast<char>(code[1] + 'a' - 'A')}),
              country);
  }
}

TEST(CountryCodeTest, RejectsEverythingElse) {
  for (std::string_view code : {"", "C", "COL", "Colombia", "Peru", "US", " CO", "CO ", "C0"}) {
    SCOPED_TRACE(code);
    EXPECT_EQ(CountryFromCode(code), std::nullopt);
  }
}

TEST(TaxIdTypeNameTest, StoredNamesAreStable) {
  // These strings are in the database: changing one is a data migration.
  EXPECT_EQ(TaxIdTypeName(TaxIdType::kCoNit), "CO_NIT");
  EXPECT_EQ(TaxIdTypeName(TaxIdType::kPeRuc), "PE_RUC");
  EXPECT_EQ(TaxIdTypeName(TaxIdType::kCrPhysical), "CR_PHYSICAL");
  EXPECT_EQ(TaxIdTypeName(TaxIdType::kCrLegal), "CR_LEGAL");
  EXPECT_EQ(TaxIdTypeName(TaxIdType::kCrDimex), "CR_DIMEX");
  EXPECT_EQ(TaxIdTypeName(TaxIdType::kCrNite), "CR_NITE");
  EXPECT_EQ(TaxIdTypeName(TaxIdType::kUnspecified), "UNSPECIFIED");
}

TEST(TaxIdTypeNameTest, RoundTripsEveryStoredType) {
  for (TaxIdType type : kAllTypes) {
    if (type == TaxIdType::kUnspecified) continue;
    SCOPED_TRACE(TaxIdTypeName(type));
    EXPECT_EQ(TaxIdTypeFromName(TaxIdTypeName(type)), type);
  }
}

TEST(TaxIdTypeNameTest, RejectsUnstoredAndMisspelledNames) {
  for (std::string_view name : {"", "UNSPECIFIED", "co_nit", "CO-NIT", "CO_NIT ", "NIT", "RUC"}) {
    SCOPED_TRACE(name);
    EXPECT_EQ(TaxIdTypeFromName(name), std::nullopt);
  }
}

}  // namespace
}  // namespace supplynet
