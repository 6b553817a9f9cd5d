// The caller's IP address out of gRPC's peer string, for per-address limits.
#pragma once

#include <string>
#include <string_view>

namespace supplynet::server {

// "ipv4:10.0.0.7:5123" -> "10.0.0.7"; "ipv6:[::1]:5123" (or with the brackets percent-encoded,
// as gRPC writes them) -> "::1"; a unix socket or anything else -> the peer string itself, so
// that all such callers share one key; empty -> empty.
std::string PeerAddress(std::string_view peer);

}  // namespace supplynet::server
