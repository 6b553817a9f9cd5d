// Who sent a call, for per-address limits: the peer's IP address, or, when the peer is a proxy
// the operator trusts (the REST gateway, a load balancer), the address that the proxy says it
// forwarded for (x-forwarded-for, which the gateway sets). A caller that is not a trusted
// proxy cannot choose its address with the header.
#pragma once

#include <grpcpp/server_context.h>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace supplynet::server {

class TrustedProxies {
 public:
  // Addresses and ranges: "10.0.0.7", "10.0.0.0/8", "::1", "fd00::/8". INVALID_ARGUMENT names
  // an entry that is none of these.
  static absl::StatusOr<TrustedProxies> Parse(const std::vector<std::string>& entries);

  // False for anything that is not an IP address. An IPv4-mapped IPv6 address
  // ("::ffff:10.0.0.7") is its IPv4 address.
  bool Contains(std::string_view ip) const;

 private:
  struct Range {
    int family = 0;
    std::array<uint8_t, 16> bytes{};
    int prefix_bits = 0;
  };
  std::vector<Range> ranges_;
};

// The client's address of a call from `peer` (gRPC's peer string) that carried the
// x-forwarded-for values `forwarded_for` (in order; each a comma-separated list, the nearest
// hop last). From the peer back along the list, every hop that is a trusted proxy passes on to
// the one before it; the first that is not (or the last trusted one, before an entry that is
// no IP address, or at the list's start) is the client.
std::string ClientAddress(std::string_view peer, const std::vector<std::string_view>& forwarded_for,
                          const TrustedProxies& trusted);
// The same, of a call being served.
std::string ClientAddressOf(const grpc::ServerContextBase& context, const TrustedProxies& trusted);

}  // namespace supplynet::server
