#include "server/client_address.h"

#include <arpa/inet.h>

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "domain/absl_compat.h"
#include "server/peer_address.h"

namespace supplynet::server {
namespace {

struct Address {
  int family = 0;  // AF_INET or AF_INET6; 0 when the text is no address.
  std::array<uint8_t, 16> bytes{};
};

Address ParseAddress(std::string_view text) {
  const std::string ip(text);
  Address address;
  if (inet_pton(AF_INET, ip.c_str(), address.bytes.data()) == 1) {
    address.family = AF_INET;
  } else if (inet_pton(AF_INET6, ip.c_str(), address.bytes.data()) == 1) {
    address.family = AF_INET6;
    static constexpr uint8_t kMappedPrefix[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(kMappedPrefix, kMappedPrefix + 12, address.bytes.begin())) {
      std::copy(address.bytes.begin() + 12, address.bytes.end(), address.bytes.begin());
      std::fill(address.bytes.begin() + 4, address.bytes.end(), 0);
      address.family = AF_INET;
    }
  }
  return address;
}

// The address as inet_ntop writes it (one text per address: "::ffff:10.0.0.7" and "10.0.0.7"
// count as one client), or `text` itself when it is no address.
std::string Canonical(std::string_view text) {
  const Address address = ParseAddress(text);
  if (address.family == 0) return std::string(text);
  char out[INET6_ADDRSTRLEN] = {};
  inet_ntop(address.family, address.bytes.data(), out, sizeof(out));
  return out;
}

bool SamePrefix(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& b, int bits) {
  const int whole = bits / 8;
  if (!std::equal(a.begin(), a.begin() + whole, b.begin())) return false;
  const int rest = bits % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[whole] & mask) == (b[whole] & mask);
}

}  // namespace

absl::StatusOr<TrustedProxies> TrustedProxies::Parse(const std::vector<std::string>& entries) {
  TrustedProxies trusted;
  for (const std::string& entry : entries) {
    const std::vector<absl::string_view> parts = absl::StrSplit(entry, absl::MaxSplits('/', 1));
    const Address address = ParseAddress(AsStd(parts[0]));
    const int max_bits = address.family == AF_INET ? 32 : 128;
    int bits = max_bits;
    if (address.family == 0 || (parts.size() == 2 && (!absl::SimpleAtoi(parts[1], &bits) ||
                                                      bits < 0 || bits > max_bits))) {
      return absl::InvalidArgumentError(
          absl::StrCat("trusted proxy \"", entry, "\" is no IP address or address/prefix"));
    }
    trusted.ranges_.push_back({address.family, address.bytes, bits});
  }
  return trusted;
}

bool TrustedProxies::Contains(std::string_view ip) const {
  const Address address = ParseAddress(ip);
  if (address.family == 0) return false;
  return std::any_of(ranges_.begin(), ranges_.end(), [&](const Range& range) {
    return range.family == address.family &&
           SamePrefix(range.bytes, address.bytes, range.prefix_bits);
  });
}

std::string ClientAddress(std::string_view peer, const std::vector<std::string_view>& forwarded_for,
                          const TrustedProxies& trusted) {
  std::string client = Canonical(PeerAddress(peer));
  if (!trusted.Contains(client)) return client;
  std::vector<std::string> hops;
  for (std::string_view value : forwarded_for) {
    for (absl::string_view hop : absl::StrSplit(AsAbsl(value), ',')) {
      hops.emplace_back(absl::StripAsciiWhitespace(hop));
    }
  }
  for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
    if (ParseAddress(*hop).family == 0) break;
    client = Canonical(*hop);
    if (!trusted.Contains(client)) break;
  }
  return client;
}

std::string ClientAddressOf(const grpc::ServerContextBase& context, const TrustedProxies& trusted) {
  std::vector<std::string_view> forwarded_for;
  const auto [begin, end] = context.client_metadata().equal_range("x-forwarded-for");
  for (auto value = begin; value != end; ++value) {
    forwarded_for.emplace_back(value->second.data(), value->second.size());
  }
  return ClientAddress(context.peer(), forwarded_for, trusted);
}

}  // namespace supplynet::server
