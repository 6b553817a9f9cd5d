// Conversions between the v1 messages and domain types, shared by every handler.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/account.h"
#include "google/protobuf/timestamp.pb.h"
#include "supplynet/v1/account.pb.h"
#include "supplynet/v1/common.pb.h"

namespace supplynet::server {

void ToProto(absl::Time t, google::protobuf::Timestamp* out);
// INVALID_ARGUMENT on `field` for a timestamp out of the protobuf range.
absl::StatusOr<absl::Time> FromProto(const google::protobuf::Timestamp& t, std::string_view field);

std::optional<Country> FromProto(v1::Country country);
v1::Country ToProto(Country country);
TaxIdType FromProto(v1::TaxIdType type);
v1::TaxIdType ToProto(TaxIdType type);
void ToProto(const TaxId& tax_id, v1::TaxId* out);
TaxIdInput FromProto(const v1::TaxId& tax_id);

Role FromProto(v1::Role role);
v1::Role ToProto(Role role);
void ToProto(const Company& company, v1::Company* out);
void ToProto(const User& user, v1::User* out);
void ToProto(const ServiceAccount& account, v1::ServiceAccount* out);

}  // namespace supplynet::server
