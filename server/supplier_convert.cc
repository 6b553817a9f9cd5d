#include "server/supplier_convert.h"

#include <string>
#include <utility>

#include "domain/etag.h"
#include "domain/status_macros.h"
#include "server/enum_table.h"
#include "server/message_codec.h"
#include "server/proto_convert.h"

namespace supplynet::server {
namespace {

constexpr std::pair<RegistrationStatus, v1::RegistrationStatus> kStatuses[] = {
    {RegistrationStatus::kRegistered, v1::REGISTRATION_STATUS_REGISTERED},
    {RegistrationStatus::kInvited, v1::REGISTRATION_STATUS_INVITED},
    {RegistrationStatus::kNotInvited, v1::REGISTRATION_STATUS_NOT_INVITED},
};

constexpr std::pair<SupplierOrigin, v1::SupplierOrigin> kOrigins[] = {
    {SupplierOrigin::kManual, v1::SUPPLIER_ORIGIN_MANUAL},
    {SupplierOrigin::kImport, v1::SUPPLIER_ORIGIN_IMPORT},
    {SupplierOrigin::kDocument, v1::SUPPLIER_ORIGIN_DOCUMENT},
};

SupplierOrigin FromProto(v1::SupplierOrigin origin) {
  return DomainOf(kOrigins, origin).value_or(SupplierOrigin::kManual);
}

}  // namespace

std::optional<RegistrationStatus> FromProto(v1::RegistrationStatus status) {
  return DomainOf(kStatuses, status);
}

v1::RegistrationStatus ToProto(RegistrationStatus status) {
  return ProtoOf(kStatuses, status, v1::REGISTRATION_STATUS_UNSPECIFIED);
}

v1::SupplierOrigin ToProto(SupplierOrigin origin) {
  return ProtoOf(kOrigins, origin, v1::SUPPLIER_ORIGIN_UNSPECIFIED);
}

SupplierFields SupplierFieldsFromProto(const v1::Supplier& in) {
  SupplierFields f;
  f.name = in.name();
  f.description = in.description();
  f.address = in.address();
  f.city = in.city();
  f.province = in.province();
  f.phone = in.phone();
  f.fax = in.fax();
  f.email = in.email();
  f.groups.assign(in.groups().begin(), in.groups().end());
  return f;
}

void ToProto(Supplier&& s, v1::Supplier* out) {
  out->set_registration_status(ToProto(s.registration_status()));
  out->set_etag(EtagOf(s.version));
  out->set_supplier_id(std::move(s.supplier_id));
  ToProto(s.tax_id, out->mutable_tax_id());
  SupplierFields& f = s.fields;
  out->set_name(std::move(f.name));
  out->set_description(std::move(f.description));
  out->set_address(std::move(f.address));
  out->set_city(std::move(f.city));
  out->set_province(std::move(f.province));
  out->set_phone(std::move(f.phone));
  out->set_fax(std::move(f.fax));
  out->set_email(std::move(f.email));
  for (std::string& group : f.groups) out->add_groups(std::move(group));
  out->set_registered_company_id(std::move(s.linked_company_id));
  out->set_pending_invitation_id(std::move(s.pending_invitation_id));
  out->set_origin(ToProto(s.origin));
  ToProto(s.create_time, out->mutable_create_time());
  ToProto(s.update_time, out->mutable_update_time());
}

void ToProto(const Supplier& s, v1::Supplier* out) { ToProto(Supplier(s), out); }

absl::StatusOr<Supplier> SupplierFromProto(const v1::Supplier& in) {
  Supplier s;
  s.supplier_id = in.supplier_id();
  s.tax_id.country = FromProto(in.tax_id().country()).value_or(Country::kColombia);
  s.tax_id.type = FromProto(in.tax_id().type());
  s.tax_id.value = in.tax_id().value();
  s.tax_id.verification_digit = in.tax_id().verification_digit();
  s.fields = SupplierFieldsFromProto(in);
  s.linked_company_id = in.registered_company_id();
  s.pending_invitation_id = in.pending_invitation_id();
  s.origin = FromProto(in.origin());
  ASSIGN_OR_RETURN(s.create_time, FromProto(in.create_time(), "supplier.create_time"));
  ASSIGN_OR_RETURN(s.update_time, FromProto(in.update_time(), "supplier.update_time"));
  ASSIGN_OR_RETURN(std::optional<int64_t> version, ParseEtag(in.etag(), "supplier.etag"));
  s.version = version.value_or(0);
  return s;
}

std::unique_ptr<const ResultCodec<Supplier>> SupplierReplayCodec() {
  return MakeMessageCodec<Supplier, v1::Supplier>(&ToProto, &SupplierFromProto, "supplier result");
}

}  // namespace supplynet::server
