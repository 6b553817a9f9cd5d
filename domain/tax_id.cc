#include "domain/tax_id.h"

#include <algorithm>
#include <array>
#include <iterator>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "domain/field_violation.h"

namespace supplynet {
namespace {

// Text in the tables is `const char*`: Debian's Abseil has its own absl::string_view, so
// std::string_view cannot be passed to StrCat or StrJoin.
struct CountryInfo {
  Country country;
  const char* code;       // ISO 3166-1 alpha-2.
  const char* adjective;  // For messages: "a Colombian tax ID".
};

constexpr std::array<CountryInfo, 3> kCountries = {{
    {Country::kColombia, "CO", "Colombian"},
    {Country::kPeru, "PE", "Peruvian"},
    {Country::kCostaRica, "CR", "Costa Rican"},
}};

// The rules every type shares: how many digits, and which digit may come first. Check digits
// and prefixes that are not a single first digit are checked separately.
struct TypeInfo {
  TaxIdType type;
  const char* name;  // Stored in the database: never change.
  Country country;
  const char* noun;  // Subject of messages, e.g. "a Peruvian RUC".
  std::size_t min_digits;
  std::size_t max_digits;
  char min_first;
  char max_first;
};

constexpr std::array<TypeInfo, 6> kTypes = {{
    {TaxIdType::kCoNit, "CO_NIT", Country::kColombia,
     "a Colombian NIT without its verification digit", 8, 15, '0', '9'},
    {TaxIdType::kPeRuc, "PE_RUC", Country::kPeru, "a Peruvian RUC", 11, 11, '0', '9'},
    {TaxIdType::kCrPhysical, "CR_PHYSICAL", Country::kCostaRica, "a Costa Rican physical-person ID",
     9, 9, '1', '9'},
    {TaxIdType::kCrLegal, "CR_LEGAL", Country::kCostaRica, "a Costa Rican legal-entity ID", 10, 10,
     '2', '5'},
    {TaxIdType::kCrDimex, "CR_DIMEX", Country::kCostaRica, "a Costa Rican DIMEX", 11, 12, '1', '1'},
    {TaxIdType::kCrNite, "CR_NITE", Country::kCostaRica, "a Costa Rican NITE", 10, 10, '0', '9'},
}};

// Colombian NIT weights, applied from the rightmost digit leftwards.
constexpr std::array<int, 15> kNitWeights = {3,  7,  13, 17, 19, 23, 29, 37,
                                             41, 43, 47, 53, 59, 67, 71};
// Peruvian RUC weights, applied to the first ten digits left to right.
constexpr std::array<int, 10> kRucWeights = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2};
constexpr std::array<const char*, 5> kRucPrefixes = {"10", "15", "16", "17", "20"};

const CountryInfo* FindCountry(Country country) {
  for (const CountryInfo& info : kCountries) {
    if (info.country == country) return &info;
  }
  return nullptr;  // A value cast from outside the enum.
}

const TypeInfo* FindType(TaxIdType type) {
  for (const TypeInfo& info : kTypes) {
    if (info.type == type) return &info;
  }
  return nullptr;  // kUnspecified or a value from outside the enum.
}

std::vector<const TypeInfo*> TypesOf(Country country) {
  std::vector<const TypeInfo*> out;
  for (const TypeInfo& info : kTypes) {
    if (info.country == country) out.push_back(&info);
  }
  return out;
}

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSeparator(char c) { return c == ' ' || c == '.' || c == '-'; }
bool IsDigitOrSeparator(char c) { return IsDigit(c) || IsSeparator(c); }
int DigitValue(char c) { return c - '0'; }
char DigitChar(int value) { return static_cast<char>('0' + value); }

std::string RemoveSeparators(std::string_view text) {
  std::string out;
  std::copy_if(text.begin(), text.end(), std::back_inserter(out),
               [](char c) { return !IsSeparator(c); });
  return out;
}

// "a", "a or b", "a, b or c".
std::string OrList(const std::vector<const char*>& items) {
  if (items.size() <= 1) return absl::StrJoin(items, "");
  const std::vector<const char*> head(items.begin(), items.end() - 1);
  return absl::StrCat(absl::StrJoin(head, ", "), " or ", items.back());
}

// "9", "11 or 12", "8 to 15".
std::string RangePhrase(std::size_t min, std::size_t max) {
  if (min == max) return absl::StrCat(min);
  if (max == min + 1) return absl::StrCat(min, " or ", max);
  return absl::StrCat(min, " to ", max);
}

// Descriptions never quote the raw input: it may be anything, including invalid UTF-8, and it
// travels in gRPC error details. Quoting digits already validated is safe.
absl::Status Violation(std::string_view field, std::string description) {
  return InvalidField(std::string(field), std::move(description));
}

// Size, alphabet and presence; the same for every country.
absl::Status CheckCharacters(std::string_view raw, std::string_view field) {
  if (raw.size() > kMaxRawTaxIdLength) {
    return Violation(field, absl::StrCat("is too long: at most ", kMaxRawTaxIdLength,
                                         " characters, got ", raw.size()));
  }
  if (!std::all_of(raw.begin(), raw.end(), IsDigitOrSeparator)) {
    return Violation(field, "may contain only digits, with spaces, dots or dashes as separators");
  }
  if (RemoveSeparators(raw).empty()) return Violation(field, "is required");
  return absl::OkStatus();
}

std::string AllowedTypesPhrase(Country country) {
  std::vector<const char*> names;
  for (const TypeInfo* info : TypesOf(country)) names.push_back(info->name);
  if (names.size() == 1) return absl::StrCat(names[0], " (or leave the type unspecified)");
  return absl::StrCat("one of ", OrList(names));
}

// Maps kUnspecified to the country's only type; rejects it where the type is ambiguous, and
// rejects a type of another country.
absl::StatusOr<const TypeInfo*> ResolveType(const CountryInfo& country, TaxIdType type,
                                            std::string_view field) {
  const std::vector<const TypeInfo*> allowed = TypesOf(country.country);
  if (type == TaxIdType::kUnspecified) {
    if (allowed.size() == 1) return allowed[0];
    return Violation(field,
                     absl::StrCat("the type of a ", country.adjective, " tax ID is required; use ",
                                  AllowedTypesPhrase(country.country)));
  }
  const TypeInfo* info = FindType(type);
  if (info == nullptr) {
    return Violation(field, absl::StrCat("has an unknown tax ID type; use ",
                                         AllowedTypesPhrase(country.country)));
  }
  if (info->country != country.country) {
    return Violation(field,
                     absl::StrCat("type ", info->name, " does not apply to a ", country.adjective,
                                  " tax ID; use ", AllowedTypesPhrase(country.country)));
  }
  return info;
}

// Digit count and first digit.
absl::Status CheckFormat(const TypeInfo& type, std::string_view digits, std::string_view field) {
  if (digits.size() < type.min_digits || digits.size() > type.max_digits) {
    return Violation(field,
                     absl::StrCat(type.noun, " has ", RangePhrase(type.min_digits, type.max_digits),
                                  " digits, got ", digits.size()));
  }
  if (digits[0] < type.min_first || digits[0] > type.max_first) {
    const std::string allowed = type.min_first == type.max_first
                                    ? std::string(1, type.min_first)
                                    : absl::StrCat("a digit from ", std::string(1, type.min_first),
                                                   " to ", std::string(1, type.max_first));
    return Violation(field, absl::StrCat(type.noun, " starts with ", allowed, ", got ",
                                         std::string(1, digits[0])));
  }
  return absl::OkStatus();
}

// The check digit of a RUC whose first ten digits are `first_ten`.
char RucCheckDigit(std::string_view first_ten) {
  int sum = 0;
  for (std::size_t i = 0; i < kRucWeights.size(); ++i) {
    sum += DigitValue(first_ten[i]) * kRucWeights[i];
  }
  const int r = 11 - sum % 11;  // 1..11.
  return DigitChar(r % 10);     // 10 -> 0, 11 -> 1, others unchanged.
}

// Prefix and check digit of a RUC that already has 11 digits.
absl::Status CheckRuc(std::string_view digits, std::string_view field) {
  const std::string prefix(digits.substr(0, 2));
  if (std::find(kRucPrefixes.begin(), kRucPrefixes.end(), prefix) == kRucPrefixes.end()) {
    const std::vector<const char*> prefixes(kRucPrefixes.begin(), kRucPrefixes.end());
    return Violation(
        field, absl::StrCat("a Peruvian RUC starts with ", OrList(prefixes), ", got ", prefix));
  }
  if (RucCheckDigit(digits) != digits[10]) {
    return Violation(field,
                     "the last digit of a Peruvian RUC is a check digit and does not match the "
                     "first ten digits; check the number for typos");
  }
  return absl::OkStatus();
}

// The DV, when given, must be one digit after the last dash.
absl::Status CheckGivenDv(std::string_view dv, std::string_view field) {
  if (dv.empty()) return Violation(field, "a verification digit is expected after the dash");
  if (dv.size() > 1) {
    return Violation(field, absl::StrCat("only the one-digit verification digit may follow the "
                                         "last dash, got ",
                                         dv.size(), " digits; separate digit groups with dots"));
  }
  return absl::OkStatus();
}

// `raw` has passed CheckCharacters.
absl::StatusOr<TaxId> ParseColombia(const TypeInfo& type, std::string_view raw,
                                    std::string_view field) {
  const std::size_t dash = raw.rfind('-');
  const bool dv_given = dash != std::string_view::npos;
  const std::string given_dv = dv_given ? RemoveSeparators(raw.substr(dash + 1)) : "";
  // Checked before the NIT: "890-321-567" is a NIT with dashes, not a short NIT with a long DV.
  if (dv_given) {
    if (absl::Status status = CheckGivenDv(given_dv, field); !status.ok()) return status;
  }
  std::string nit = RemoveSeparators(raw.substr(0, dash));
  if (absl::Status status = CheckFormat(type, nit, field); !status.ok()) return status;
  std::string expected_dv = ColombiaVerificationDigit(nit);
  if (dv_given && given_dv != expected_dv) {
    return Violation(field,
                     absl::StrCat("verification digit does not match, expected ", expected_dv,
                                  "; check the NIT and its verification digit for typos"));
  }
  return TaxId{Country::kColombia, type.type, std::move(nit), std::move(expected_dv)};
}

}  // namespace

absl::StatusOr<TaxId> ParseTaxId(Country country, TaxIdType type, std::string_view raw,
                                 std::string_view field) {
  const CountryInfo* country_info = FindCountry(country);
  if (country_info == nullptr) {
    return Violation(field, "has an unsupported country; use Colombia, Peru or Costa Rica");
  }
  if (absl::Status status = CheckCharacters(raw, field); !status.ok()) return status;
  absl::StatusOr<const TypeInfo*> type_info = ResolveType(*country_info, type, field);
  if (!type_info.ok()) return type_info.status();
  if (country == Country::kColombia) return ParseColombia(**type_info, raw, field);

  std::string digits = RemoveSeparators(raw);
  if (absl::Status status = CheckFormat(**type_info, digits, field); !status.ok()) return status;
  if ((*type_info)->type == TaxIdType::kPeRuc) {
    if (absl::Status status = CheckRuc(digits, field); !status.ok()) return status;
  }
  return TaxId{country, (*type_info)->type, std::move(digits), ""};
}

std::string ColombiaVerificationDigit(std::string_view nit_digits) {
  if (nit_digits.empty() || nit_digits.size() > kNitWeights.size() ||
      !std::all_of(nit_digits.begin(), nit_digits.end(), IsDigit)) {
    return "";
  }
  int sum = 0;
  for (std::size_t i = 0; i < nit_digits.size(); ++i) {
    sum += DigitValue(nit_digits[nit_digits.size() - 1 - i]) * kNitWeights[i];
  }
  const int r = sum % 11;
  // Not `return {1, c}`: braces pick the initializer-list constructor, giving two chars.
  // NOLINTNEXTLINE(modernize-return-braced-init-list)
  return std::string(1, DigitChar(r <= 1 ? r : 11 - r));
}

std::string_view CountryCode(Country country) {
  const CountryInfo* info = FindCountry(country);
  return info == nullptr ? "" : info->code;
}

std::optional<Country> CountryFromCode(std::string_view code) {
  for (const CountryInfo& info : kCountries) {
    if (absl::EqualsIgnoreCase(info.code, absl::string_view(code.data(), code.size()))) {
      return info.country;
    }
  }
  return std::nullopt;
}

std::string_view TaxIdTypeName(TaxIdType type) {
  if (type == TaxIdType::kUnspecified) return "UNSPECIFIED";
  const TypeInfo* info = FindType(type);
  return info == nullptr ? "" : info->name;
}

std::optional<TaxIdType> TaxIdTypeFromName(std::string_view name) {
  for (const TypeInfo& info : kTypes) {
    if (name == info.name) return info.type;
  }
  return std::nullopt;
}

absl::StatusOr<TaxId> ParseTaxIdInput(const TaxIdInput& input, std::string_view field) {
  if (!input.country.has_value()) return Violation(std::string(field) + ".country", "is required");
  return ParseTaxId(*input.country, input.type, input.value, field);
}

}  // namespace supplynet
