#include "domain/supplier.h"

#include <algorithm>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "domain/account_rules.h"
#include "domain/field_violation.h"
#include "domain/text.h"

namespace supplynet {
namespace {

constexpr std::pair<SupplierOrigin, const char*> kOriginNames[] = {
    {SupplierOrigin::kManual, "MANUAL"},
    {SupplierOrigin::kImport, "IMPORT"},
    {SupplierOrigin::kDocument, "DOCUMENT"},
};

constexpr std::pair<const char*, SupplierField> kUpdatablePaths[] = {
    {"name", SupplierField::kName},         {"description", SupplierField::kDescription},
    {"address", SupplierField::kAddress},   {"city", SupplierField::kCity},
    {"province", SupplierField::kProvince}, {"phone", SupplierField::kPhone},
    {"fax", SupplierField::kFax},           {"email", SupplierField::kEmail},
    {"groups", SupplierField::kGroups},
};

std::string Trim(std::string_view text) {
  return std::string(absl::StripAsciiWhitespace(AsAbsl(text)));
}

// The text member of (possibly const) SupplierFields that `field` names; null for groups.
template <typename Fields>
auto TextMember(Fields& fields, SupplierField field) -> decltype(&fields.name) {
  switch (field) {
    case SupplierField::kName:
      return &fields.name;
    case SupplierField::kDescription:
      return &fields.description;
    case SupplierField::kAddress:
      return &fields.address;
    case SupplierField::kCity:
      return &fields.city;
    case SupplierField::kProvince:
      return &fields.province;
    case SupplierField::kPhone:
      return &fields.phone;
    case SupplierField::kFax:
      return &fields.fax;
    case SupplierField::kEmail:
      return &fields.email;
    case SupplierField::kGroups:
      break;
  }
  return nullptr;
}

std::vector<std::string> NormaliseGroups(const std::vector<std::string>& groups) {
  std::vector<std::string> out;
  out.reserve(groups.size());
  for (const std::string& group : groups) out.push_back(Trim(group));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void CheckGroups(const std::vector<std::string>& groups, const std::string& field,
                 FieldViolations& violations) {
  if (groups.size() > kMaxSupplierGroups) {
    violations.Add(field, absl::StrCat("may hold at most ", kMaxSupplierGroups, " groups"));
  }
  for (const std::string& group : groups) violations.Merge(CheckGroupName(group, field));
}

// Digits of a tax ID given without a usable country rule; separators are ignored.
absl::StatusOr<std::string> TaxIdDigits(std::string_view raw) {
  if (raw.size() > kMaxRawTaxIdLength) {
    return InvalidField("tax_id", "is too long for a tax ID");
  }
  std::string digits;
  for (char c : raw) {
    if (absl::ascii_isdigit(c)) {
      digits.push_back(c);
    } else if (c != ' ' && c != '.' && c != '-') {
      return InvalidField("tax_id", "may contain only digits, spaces, dots and dashes");
    }
  }
  if (digits.empty()) return InvalidField("tax_id", "has no digits");
  return digits;
}

absl::Status FillTaxIdFilter(const SupplierFilterInput& input, SupplierFilter& filter) {
  const bool rule_applies =
      input.tax_id_country.has_value() && (*input.tax_id_country != Country::kCostaRica ||
                                           input.tax_id_type != TaxIdType::kUnspecified);
  filter.tax_id_country = input.tax_id_country;
  if (rule_applies) {
    absl::StatusOr<TaxId> parsed =
        ParseTaxId(*input.tax_id_country, input.tax_id_type, input.tax_id_value, "tax_id");
    if (!parsed.ok()) return parsed.status();
    filter.tax_id_value = parsed->value;
    return absl::OkStatus();
  }
  absl::StatusOr<std::string> digits = TaxIdDigits(input.tax_id_value);
  if (!digits.ok()) return digits.status();
  filter.tax_id_value = *digits;
  return absl::OkStatus();
}

}  // namespace

std::string* SupplierTextField(SupplierFields* fields, SupplierField field) {
  return TextMember(*fields, field);
}

std::string_view SupplierOriginName(SupplierOrigin origin) {
  for (const auto& [value, name] : kOriginNames) {
    if (value == origin) return name;
  }
  return "";
}

std::optional<SupplierOrigin> SupplierOriginFromName(std::string_view name) {
  for (const auto& [value, stored] : kOriginNames) {
    if (name == stored) return value;
  }
  return std::nullopt;
}

bool SupplierFields::operator==(const SupplierFields& other) const {
  return name == other.name && description == other.description && address == other.address &&
         city == other.city && province == other.province && phone == other.phone &&
         fax == other.fax && email == other.email && groups == other.groups;
}

RegistrationStatus Supplier::registration_status() const {
  if (!linked_company_id.empty()) return RegistrationStatus::kRegistered;
  if (!pending_invitation_id.empty()) return RegistrationStatus::kInvited;
  return RegistrationStatus::kNotInvited;
}

SupplierFields NormaliseSupplierFields(SupplierFields fields) {
  for (const auto& path : kUpdatablePaths) {
    if (std::string* text = TextMember(fields, path.second)) *text = Trim(*text);
  }
  fields.groups = NormaliseGroups(fields.groups);
  return fields;
}

absl::Status CheckSupplierFields(const SupplierFields& fields, bool email_optional,
                                 std::string_view prefix) {
  const auto name = [&](const char* field) { return absl::StrCat(AsAbsl(prefix), field); };
  FieldViolations v;
  v.Merge(CheckName(fields.name, name("name"), kMaxSupplierNameChars));
  v.Merge(CheckText(fields.description, name("description"), kMaxSupplierDescriptionChars));
  v.Merge(CheckText(fields.address, name("address"), kMaxSupplierAddressChars));
  v.Merge(CheckText(fields.city, name("city"), kMaxSupplierCityChars));
  v.Merge(CheckText(fields.province, name("province"), kMaxSupplierProvinceChars));
  v.Merge(CheckText(fields.phone, name("phone"), kMaxSupplierPhoneChars));
  v.Merge(CheckText(fields.fax, name("fax"), kMaxSupplierFaxChars));
  if (!fields.email.empty() || !email_optional) v.Merge(CheckEmail(fields.email, name("email")));
  CheckGroups(fields.groups, name("groups"), v);
  return v.ToStatus();
}

absl::Status CheckGroupName(std::string_view group, std::string_view field) {
  if (group.empty()) return InvalidField(std::string(field), "holds an empty group name");
  if (group.find(kSupplierGroupSeparator) != std::string_view::npos) {
    return InvalidField(std::string(field), "group names may not contain \"|\"");
  }
  return CheckText(group, field, kMaxSupplierGroupChars);
}

absl::StatusOr<std::set<SupplierField>> ParseSupplierUpdateMask(
    const std::vector<std::string>& paths, std::string_view field) {
  std::set<SupplierField> mask;
  FieldViolations violations;
  if (paths.empty()) {
    violations.Add(std::string(field), "names no field to update");
  }
  for (const std::string& path : paths) {
    bool known = false;
    for (const auto& [name, value] : kUpdatablePaths) {
      if (path == "*" || path == name) {
        mask.insert(value);
        known = true;
      }
    }
    if (!known) {
      violations.Add(std::string(field),
                     absl::StrCat("cannot update \"", path,
                                  "\" (updatable: name, description, address, city, province, "
                                  "phone, fax, email, groups, or *)"));
    }
  }
  if (!violations.empty()) return violations.ToStatus();
  return mask;
}

SupplierFields ApplySupplierUpdate(const SupplierFields& current, const SupplierFields& update,
                                   const std::set<SupplierField>& mask) {
  SupplierFields out = current;
  for (SupplierField field : mask) {
    if (field == SupplierField::kGroups) {
      out.groups = update.groups;
    } else {
      *TextMember(out, field) = *TextMember(update, field);
    }
  }
  return out;
}

std::string SupplierFilter::Fingerprint() const {
  const std::string country =
      tax_id_country.has_value() ? std::string(CountryCode(*tax_id_country)) : "";
  const int status = registration_status.has_value() ? static_cast<int>(*registration_status) : -1;
  // Lengths first, so that no two different filters give the same text.
  return absl::StrCat(country.size(), ":", country, tax_id_value.size(), ":", tax_id_value,
                      name_contains.size(), ":", name_contains, group.size(), ":", group, status);
}

absl::StatusOr<SupplierFilter> MakeSupplierFilter(const SupplierFilterInput& input) {
  SupplierFilter filter;
  FieldViolations violations;
  if (!Trim(input.tax_id_value).empty()) {
    violations.Merge(FillTaxIdFilter(input, filter));
  }
  filter.name_contains = Trim(input.name_contains);
  violations.Merge(CheckText(filter.name_contains, "name_contains", kMaxSupplierNameChars));
  filter.registration_status = input.registration_status;
  filter.group = Trim(input.group);
  if (!filter.group.empty()) violations.Merge(CheckGroupName(filter.group, "group"));
  if (!violations.empty()) return violations.ToStatus();
  return filter;
}

}  // namespace supplynet
