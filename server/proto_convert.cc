#include "server/proto_convert.h"

#include "app/account_service.h"
#include "domain/field_violation.h"
#include "server/enum_table.h"

namespace supplynet::server {
namespace {

// The range google.protobuf.Timestamp allows: 0001-01-01 to 9999-12-31.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

constexpr std::pair<Country, v1::Country> kCountries[] = {
    {Country::kColombia, v1::COUNTRY_CO},
    {Country::kPeru, v1::COUNTRY_PE},
    {Country::kCostaRica, v1::COUNTRY_CR},
};

// kUnspecified is absent: it maps to and from TAX_ID_TYPE_UNSPECIFIED as the fallback.
constexpr std::pair<TaxIdType, v1::TaxIdType> kTaxIdTypes[] = {
    {TaxIdType::kCoNit, v1::TAX_ID_TYPE_CO_NIT},
    {TaxIdType::kPeRuc, v1::TAX_ID_TYPE_PE_RUC},
    {TaxIdType::kCrPhysical, v1::TAX_ID_TYPE_CR_PHYSICAL},
    {TaxIdType::kCrLegal, v1::TAX_ID_TYPE_CR_LEGAL},
    {TaxIdType::kCrDimex, v1::TAX_ID_TYPE_CR_DIMEX},
    {TaxIdType::kCrNite, v1::TAX_ID_TYPE_CR_NITE},
};

}  // namespace

void ToProto(absl::Time t, google::protobuf::Timestamp* out) {
  const int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t rest = micros % 1000000;
  if (rest < 0) {
    rest += 1000000;
    --seconds;
  }
  out->set_seconds(seconds);
  out->set_nanos(static_cast<int32_t>(rest * 1000));
}

absl::StatusOr<absl::Time> FromProto(const google::protobuf::Timestamp& t, std::string_view field) {
  if (t.seconds() < kMinSeconds || t.seconds() > kMaxSeconds || t.nanos() < 0 ||
      t.nanos() > 999999999) {
    return InvalidField(std::string(field), "is not a valid timestamp");
  }
  return absl::FromUnixSeconds(t.seconds()) + absl::Nanoseconds(t.nanos());
}

std::optional<Country> FromProto(v1::Country country) { return DomainOf(kCountries, country); }

v1::Country ToProto(Country country) {
  return ProtoOf(kCountries, country, v1::COUNTRY_UNSPECIFIED);
}

TaxIdType FromProto(v1::TaxIdType type) {
  return DomainOf(kTaxIdTypes, type).value_or(TaxIdType::kUnspecified);
}

v1::TaxIdType ToProto(TaxIdType type) {
  return ProtoOf(kTaxIdTypes, type, v1::TAX_ID_TYPE_UNSPECIFIED);
}

TaxIdInput FromProto(const v1::TaxId& tax_id) {
  return {FromProto(tax_id.country()), FromProto(tax_id.type()), tax_id.value()};
}

void ToProto(const TaxId& tax_id, v1::TaxId* out) {
  out->set_country(ToProto(tax_id.country));
  out->set_type(ToProto(tax_id.type));
  out->set_value(tax_id.value);
  out->set_verification_digit(tax_id.verification_digit);
}

Role FromProto(v1::Role role) { return role == v1::ROLE_ADMIN ? Role::kAdmin : Role::kMember; }

v1::Role ToProto(Role role) { return role == Role::kAdmin ? v1::ROLE_ADMIN : v1::ROLE_MEMBER; }

void ToProto(const Company& company, v1::Company* out) {
  out->set_company_id(company.company_id);
  ToProto(company.tax_id, out->mutable_tax_id());
  out->set_legal_name(company.legal_name);
  ToProto(company.create_time, out->mutable_create_time());
}

void ToProto(const User& user, v1::User* out) {
  out->set_user_id(user.user_id);
  out->set_company_id(user.company_id);
  out->set_username(user.username);
  out->set_email(user.email);
  out->set_role(ToProto(user.role));
  ToProto(user.create_time, out->mutable_create_time());
  ToProto(user.update_time, out->mutable_update_time());
  out->set_etag(UserEtag(user));
}

void ToProto(const ServiceAccount& account, v1::ServiceAccount* out) {
  out->set_service_account_id(account.service_account_id);
  out->set_company_id(account.company_id);
  out->set_display_name(account.display_name);
  out->set_role(ToProto(account.role));
  ToProto(account.create_time, out->mutable_create_time());
  if (account.expire_time.has_value()) ToProto(*account.expire_time, out->mutable_expire_time());
}

}  // namespace supplynet::server
