#include "server/peer_address.h"

#include <gtest/gtest.h>

namespace supplynet::server {
namespace {

TEST(PeerAddressTest, KeepsTheHostOfIpPeers) {
  EXPECT_EQ(PeerAddress("ipv4:10.0.0.7:5123"), "10.0.0.7");
  EXPECT_EQ(PeerAddress("ipv6:[::1]:5123"), "::1");
  EXPECT_EQ(PeerAddress("ipv6:%5B2001:db8::2%5D:443"), "2001:db8::2");
}

TEST(PeerAddressTest, OtherPeersAreTheirOwnKey) {
  EXPECT_EQ(PeerAddress("unix:/run/supplynet.sock"), "unix:/run/supplynet.sock");
  EXPECT_EQ(PeerAddress(""), "");
  EXPECT_EQ(PeerAddress("ipv4:"), "");
}

}  // namespace
}  // namespace supplynet::server
