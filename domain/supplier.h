// The supplier network of a client company: one entry per supplier, unique in the network by
// country + normalised tax ID. Pure rules (field limits, normalisation, update masks, list
// filters); no gRPC, no SQL.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/tax_id.h"

namespace supplynet {

// Derived, never stored: see Supplier::registration_status().
enum class RegistrationStatus { kRegistered, kInvited, kNotInvited };

enum class SupplierOrigin { kManual, kImport, kDocument };

std::string_view SupplierOriginName(SupplierOrigin origin);  // "MANUAL", "IMPORT", "DOCUMENT".
std::optional<SupplierOrigin> SupplierOriginFromName(std::string_view name);

// Limits in characters (code points), as the contract states them.
inline constexpr size_t kMaxSupplierNameChars = 200;
inline constexpr size_t kMaxSupplierDescriptionChars = 1000;
inline constexpr size_t kMaxSupplierAddressChars = 200;
inline constexpr size_t kMaxSupplierCityChars = 100;
inline constexpr size_t kMaxSupplierProvinceChars = 100;
inline constexpr size_t kMaxSupplierPhoneChars = 50;
inline constexpr size_t kMaxSupplierFaxChars = 50;
inline constexpr size_t kMaxSupplierGroups = 20;
inline constexpr size_t kMaxSupplierGroupChars = 64;
// The separator of group names in the import file, hence forbidden inside a name.
inline constexpr char kSupplierGroupSeparator = '|';

// The directory fields of a supplier: what a client may edit.
struct SupplierFields {
  std::string name;
  std::string description;
  std::string address;
  std::string city;
  std::string province;
  std::string phone;
  std::string fax;
  std::string email;
  std::vector<std::string> groups;  // Normalised: trimmed, distinct, sorted (byte order).

  bool operator==(const SupplierFields& other) const;
  bool operator!=(const SupplierFields& other) const { return !(*this == other); }
};

struct Supplier {
  std::string supplier_id;
  std::string client_company_id;  // The network's owner.
  TaxId tax_id{};
  SupplierFields fields;
  std::string linked_company_id;      // Set once the supplier's company activated (REGISTERED).
  std::string pending_invitation_id;  // Set while an invitation is pending (INVITED).
  SupplierOrigin origin = SupplierOrigin::kManual;
  int64_t version = 0;  // Bumped by every change; the etag is derived from it.
  absl::Time create_time;
  absl::Time update_time;

  RegistrationStatus registration_status() const;
};

// A group of a network and how many of its entries carry it.
struct SupplierGroupCount {
  std::string name;
  int64_t supplier_count = 0;
};

// Trims every text field and normalises the group list (see SupplierFields::groups).
SupplierFields NormaliseSupplierFields(SupplierFields fields);

// Checks normalised fields against the limits; violations are named `prefix` + field
// ("supplier.name"). The email is required unless `email_optional` (entries of origin
// DOCUMENT may have none).
absl::Status CheckSupplierFields(const SupplierFields& fields, bool email_optional,
                                 std::string_view prefix);

// One group name (already trimmed): 1 to 64 characters, no '|'.
absl::Status CheckGroupName(std::string_view group, std::string_view field);

// The fields UpdateSupplier may change.
enum class SupplierField {
  kName,
  kDescription,
  kAddress,
  kCity,
  kProvince,
  kPhone,
  kFax,
  kEmail,
  kGroups
};

// The text member of `fields` that `field` names; null for kGroups (a list, not a text).
std::string* SupplierTextField(SupplierFields* fields, SupplierField field);

// The fields named by an update mask: the paths of the contract, "*" for all of them. Any
// other path, or no path at all, is INVALID_ARGUMENT on `field`.
absl::StatusOr<std::set<SupplierField>> ParseSupplierUpdateMask(
    const std::vector<std::string>& paths, std::string_view field);

// `current` with the fields in `mask` taken from `update`.
SupplierFields ApplySupplierUpdate(const SupplierFields& current, const SupplierFields& update,
                                   const std::set<SupplierField>& mask);

// ListSuppliers filters, validated and normalised. Unset members match everything.
struct SupplierFilter {
  // Exact tax ID: digits in normal form; the country only when one was given.
  std::optional<Country> tax_id_country;
  std::string tax_id_value;
  std::string name_contains;  // Trimmed; folded by the database.
  std::optional<RegistrationStatus> registration_status;
  std::string group;  // Trimmed.

  // A stable text naming the filter, carried by page tokens so that a token is only accepted
  // with the filters it was made for.
  std::string Fingerprint() const;
};

// The raw filters of a ListSuppliers request.
struct SupplierFilterInput {
  std::optional<Country> tax_id_country;
  TaxIdType tax_id_type = TaxIdType::kUnspecified;
  std::string tax_id_value;  // Empty: no tax ID filter.
  std::string name_contains;
  std::optional<RegistrationStatus> registration_status;
  std::string group;
};

// Validates and normalises the filters. A tax ID with a country goes through ParseTaxId (a
// Colombian check digit is checked), except a Costa Rican one without a type, which like a
// tax ID without a country is compared as its digits. Violations name the request fields
// ("tax_id", "name_contains", "group").
absl::StatusOr<SupplierFilter> MakeSupplierFilter(const SupplierFilterInput& input);

}  // namespace supplynet
