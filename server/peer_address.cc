#include "server/peer_address.h"

#include "absl/strings/match.h"
#include "absl/strings/str_replace.h"
#include "domain/absl_compat.h"

namespace supplynet::server {
namespace {

// The host of "host:port" or "[host]:port".
std::string HostOf(std::string_view host_port) {
  if (absl::StartsWith(AsAbsl(host_port), "[")) {
    const size_t close = host_port.find(']');
    if (close != std::string_view::npos) return std::string(host_port.substr(1, close - 1));
  }
  const size_t colon = host_port.rfind(':');
  return std::string(colon == std::string_view::npos ? host_port : host_port.substr(0, colon));
}

}  // namespace

std::string PeerAddress(std::string_view peer) {
  for (std::string_view scheme : {"ipv4:", "ipv6:"}) {
    if (absl::StartsWith(AsAbsl(peer), AsAbsl(scheme))) {
      const std::string decoded = absl::StrReplaceAll(AsAbsl(peer.substr(scheme.size())),
                                                      {{"%5B", "["}, {"%5D", "]"}, {"%25", "%"}});
      return HostOf(decoded);
    }
  }
  return std::string(peer);
}

}  // namespace supplynet::server
