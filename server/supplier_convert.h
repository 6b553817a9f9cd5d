// Conversions between supplynet.v1 supplier messages and the domain, for the
// SupplierNetworkService handler and the replay codec of its retry-safe calls.
#pragma once

#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "app/result_codec.h"
#include "domain/supplier.h"
#include "supplynet/v1/supplier_network.pb.h"

namespace supplynet::server {

std::optional<RegistrationStatus> FromProto(v1::RegistrationStatus status);
v1::RegistrationStatus ToProto(RegistrationStatus status);
v1::SupplierOrigin ToProto(SupplierOrigin origin);

// The editable fields of a message (untrimmed; the use case normalises them).
SupplierFields SupplierFieldsFromProto(const v1::Supplier& in);
void ToProto(const Supplier& supplier, v1::Supplier* out);
// The same, moving the entry's strings into the message instead of copying them.
void ToProto(Supplier&& supplier, v1::Supplier* out);
// The inverse of ToProto, for results stored by a first call.
absl::StatusOr<Supplier> SupplierFromProto(const v1::Supplier& in);

// Stores a Supplier result as its v1::Supplier message bytes.
std::unique_ptr<const ResultCodec<Supplier>> SupplierReplayCodec();

}  // namespace supplynet::server
