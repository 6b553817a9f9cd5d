// Tax IDs of the supported countries: validation and normalisation (see domain.md, "Tax IDs").
// Pure functions, no I/O. A malformed ID is a user error reported as INVALID_ARGUMENT with one
// field violation (domain/field_violation.h); no input makes these functions crash or throw.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace supplynet {

enum class Country { kColombia, kPeru, kCostaRica };

enum class TaxIdType { kUnspecified, kCoNit, kPeRuc, kCrPhysical, kCrLegal, kCrDimex, kCrNite };

// A validated tax ID in normal form.
struct TaxId {
  Country country;
  TaxIdType type;     // Never kUnspecified.
  std::string value;  // Digits only; for Colombia the NIT without its verification digit.
  std::string verification_digit;  // Colombia only (one digit); empty for other countries.
};

// Maximum length of the raw input, separators included.
inline constexpr std::size_t kMaxRawTaxIdLength = 32;

// Validates `raw` as a tax ID of `country` and returns it normalised. Spaces, dots and dashes
// are ignored as separators. For Colombia the last dash, if any, separates the verification
// digit (DV), which must then match ("890321567-0"); without a dash the whole input is the NIT
// without DV ("890321567") and the DV is computed. `type` may be kUnspecified for Colombia and
// Peru (it is implied); Costa Rica requires one of its own types because two of them share a
// length. Violations name `field` (e.g. "company.tax_id").
absl::StatusOr<TaxId> ParseTaxId(Country country, TaxIdType type, std::string_view raw,
                                 std::string_view field);

// A tax ID as a caller sent it, before ParseTaxIdInput checks it.
struct TaxIdInput {
  std::optional<Country> country;  // Unset when the caller gave none.
  TaxIdType type = TaxIdType::kUnspecified;
  std::string value;
};

// ParseTaxId of `input`; without a country, "<field>.country is required".
absl::StatusOr<TaxId> ParseTaxIdInput(const TaxIdInput& input, std::string_view field);

// The Colombian DV of a NIT given as 1 to 15 digits; empty if `nit_digits` is not that.
std::string ColombiaVerificationDigit(std::string_view nit_digits);

// ISO 3166-1 alpha-2 code: "CO", "PE", "CR" (empty for a value outside the enum).
std::string_view CountryCode(Country country);

// Inverse of CountryCode, case-insensitive ("co" and "CO" both give kColombia). Country names
// and other codes give nullopt.
std::optional<Country> CountryFromCode(std::string_view code);

// Stable name stored in the database: "CO_NIT", "PE_RUC", "CR_PHYSICAL", "CR_LEGAL", "CR_DIMEX",
// "CR_NITE". kUnspecified gives "UNSPECIFIED" (never stored); a value outside the enum gives "".
std::string_view TaxIdTypeName(TaxIdType type);

// Inverse of TaxIdTypeName for the six stored names only (exact, case-sensitive match).
std::optional<TaxIdType> TaxIdTypeFromName(std::string_view name);

}  // namespace supplynet
