#include "server/request_log.h"

#include <gtest/gtest.h>

namespace supplynet::server {
namespace {

TEST(RequestLogTest, OneJsonLineWithEscapedFields) {
  const std::string line =
      FormatRequestLog({"AccountService/Login", "UNAUTHENTICATED", absl::Microseconds(1500), "", "",
                        "ipv4:1", "bad \"quote\"\nnext"},
                       absl::FromUnixSeconds(0));
  EXPECT_EQ(line,
            "{\"ts\":\"1970-01-01T00:00:00+00:00\",\"method\":\"AccountService/Login\","
            "\"code\":\"UNAUTHENTICATED\",\"latency_ms\":1.500,\"peer\":\"ipv4:1\","
            "\"error\":\"bad \\\"quote\\\"\\nnext\"}");
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(RequestLogTest, NamesCompanyAndPrincipalOnceKnown) {
  const std::string line = FormatRequestLog(
      {"AccountService/ListUsers", "OK", absl::ZeroDuration(), "c-1", "user:u-1", "", ""},
      absl::FromUnixSeconds(0));
  EXPECT_NE(line.find("\"company\":\"c-1\""), std::string::npos);
  EXPECT_NE(line.find("\"principal\":\"user:u-1\""), std::string::npos);
}

}  // namespace
}  // namespace supplynet::server
