#include "server/client_address.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace supplynet::server {
namespace {

TrustedProxies Trust(const std::vector<std::string>& entries) {
  absl::StatusOr<TrustedProxies> trusted = TrustedProxies::Parse(entries);
  EXPECT_TRUE(trusted.ok()) << trusted.status();
  return trusted.ok() ? *trusted : TrustedProxies();
}

TEST(TrustedProxiesTest, HoldsAddressesAndRangesOfBothFamilies) {
  const TrustedProxies trusted = Trust({"127.0.0.1", "10.1.0.0/16", "fd00::/8", "::1"});
  EXPECT_TRUE(trusted.Contains("127.0.0.1"));
  EXPECT_FALSE(trusted.Contains("127.0.0.2"));
  EXPECT_TRUE(trusted.Contains("10.1.255.7"));
  EXPECT_FALSE(trusted.Contains("10.2.0.1"));
  EXPECT_TRUE(trusted.Contains("fd12:3456::1"));
  EXPECT_FALSE(trusted.Contains("fe80::1"));
  EXPECT_TRUE(trusted.Contains("::1"));
  EXPECT_TRUE(trusted.Contains("::ffff:10.1.2.3")) << "an IPv4-mapped address is its IPv4 one";
  EXPECT_FALSE(trusted.Contains("not an address"));
  EXPECT_FALSE(trusted.Contains(""));
}

TEST(TrustedProxiesTest, PrefixesCutInsideAByte) {
  const TrustedProxies trusted = Trust({"192.168.1.128/25"});
  EXPECT_TRUE(trusted.Contains("192.168.1.200"));
  EXPECT_FALSE(trusted.Contains("192.168.1.127"));
  EXPECT_TRUE(Trust({"0.0.0.0/0"}).Contains("8.8.8.8"));
}

TEST(TrustedProxiesTest, RefusesEntriesThatAreNoAddressOrRange) {
  for (const std::string bad :
       {"gateway.internal", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/x", "1.2.3", ""}) {
    absl::StatusOr<TrustedProxies> trusted = TrustedProxies::Parse({bad});
    EXPECT_EQ(trusted.status().code(), absl::StatusCode::kInvalidArgument) << bad;
  }
}

TEST(ClientAddressTest, AnUntrustedPeerIsTheClientWhateverItForwards) {
  const TrustedProxies trusted = Trust({"10.0.0.1"});
  EXPECT_EQ(ClientAddress("ipv4:203.0.113.9:5123", {"198.51.100.1"}, trusted), "203.0.113.9");
  EXPECT_EQ(ClientAddress("ipv4:203.0.113.9:5123", {}, TrustedProxies()), "203.0.113.9");
}

TEST(ClientAddressTest, ATrustedProxyPassesOnToTheAddressItForwardedFor) {
  const TrustedProxies trusted = Trust({"10.0.0.0/24"});
  // The gateway appends the address it saw to what its caller sent.
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.1:5123", {"198.51.100.7"}, trusted), "198.51.100.7");
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.1:5123", {"6.6.6.6, 198.51.100.7"}, trusted), "198.51.100.7")
      << "what the client itself put in the header is not believed";
  // A load balancer in front of the gateway: both trusted, two hops.
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.1:5123", {"198.51.100.7, 10.0.0.2"}, trusted),
            "198.51.100.7");
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.1:5123", {"198.51.100.7", "10.0.0.2"}, trusted),
            "198.51.100.7")
      << "the header's values in order, the nearest last";
  EXPECT_EQ(ClientAddress("ipv6:%5B::ffff:10.0.0.1%5D:5123", {"::ffff:198.51.100.7"}, trusted),
            "198.51.100.7");
}

TEST(ClientAddressTest, TheListStopsAtItsStartOrAtAnEntryThatIsNoAddress) {
  const TrustedProxies trusted = Trust({"10.0.0.0/24"});
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.1:5123", {}, trusted), "10.0.0.1")
      << "a trusted proxy that forwards nothing is the client";
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.1:5123", {"10.0.0.2"}, trusted), "10.0.0.2");
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.1:5123", {"198.51.100.7, unknown, 10.0.0.2"}, trusted),
            "10.0.0.2");
  EXPECT_EQ(ClientAddress("ipv4:10.0.0.1:5123", {"198.51.100.7:443"}, trusted), "10.0.0.1");
}

}  // namespace
}  // namespace supplynet::server
