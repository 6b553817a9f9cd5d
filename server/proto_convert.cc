#include "server/proto_convert.h"

#include "app/account_service.h"
#include "domain/field_violation.h"

namespace supplynet::server {
namespace {

// The range google.protobuf.Timestamp allows: 0001-01-01 to 9999-12-31.
constexpr int64_t kMinSeconds = -62135596800;
constexpr int64_t kMaxSeconds = 253402300799;

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

std::optional<Country> FromProto(v1::Country country) {
  switch (country) {
    case v1::COUNTRY_CO:
      return Country::kColombia;
    case v1::COUNTRY_PE:
      return Country::kPeru;
    case v1::COUNTRY_CR:
      return Country::kCostaRica;
    default:
      return std::nullopt;
  }
}

v1::Country ToProto(Country country) {
  switch (country) {
    case Country::kColombia:
      return v1::COUNTRY_CO;
    case Country::kPeru:
      return v1::COUNTRY_PE;
    case Country::kCostaRica:
      return v1::COUNTRY_CR;
  }
  return v1::COUNTRY_UNSPECIFIED;
}

TaxIdType FromProto(v1::TaxIdType type) {
  switch (type) {
    case v1::TAX_ID_TYPE_CO_NIT:
      return TaxIdType::kCoNit;
    case v1::TAX_ID_TYPE_PE_RUC:
      return TaxIdType::kPeRuc;
    case v1::TAX_ID_TYPE_CR_PHYSICAL:
      return TaxIdType::kCrPhysical;
    case v1::TAX_ID_TYPE_CR_LEGAL:
      return TaxIdType::kCrLegal;
    case v1::TAX_ID_TYPE_CR_DIMEX:
      return TaxIdType::kCrDimex;
    case v1::TAX_ID_TYPE_CR_NITE:
      return TaxIdType::kCrNite;
    default:
      return TaxIdType::kUnspecified;
  }
}

v1::TaxIdType ToProto(TaxIdType type) {
  switch (type) {
    case TaxIdType::kCoNit:
      return v1::TAX_ID_TYPE_CO_NIT;
    case TaxIdType::kPeRuc:
      return v1::TAX_ID_TYPE_PE_RUC;
    case TaxIdType::kCrPhysical:
      return v1::TAX_ID_TYPE_CR_PHYSICAL;
    case TaxIdType::kCrLegal:
      return v1::TAX_ID_TYPE_CR_LEGAL;
    case TaxIdType::kCrDimex:
      return v1::TAX_ID_TYPE_CR_DIMEX;
    case TaxIdType::kCrNite:
      return v1::TAX_ID_TYPE_CR_NITE;
    case TaxIdType::kUnspecified:
      break;
  }
  return v1::TAX_ID_TYPE_UNSPECIFIED;
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
