#include "domain/paging.h"

#include <gtest/gtest.h>

#include "domain/field_violation.h"
#include "domain/secrets.h"

namespace supplynet {
namespace {

TEST(PagingTest, PageSizes) {
  EXPECT_EQ(*NormalisePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*NormalisePageSize(7), 7);
  EXPECT_EQ(*NormalisePageSize(5000), kMaxPageSize);
  const absl::Status negative = NormalisePageSize(-1).status();
  ASSERT_EQ(negative.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolationsOf(negative)[0].field, "page_size");
}

TEST(PagingTest, TokensRoundTripAndAreBoundToTheirList) {
  ASSERT_TRUE(InitSecrets());
  const std::string token = EncodePageToken("users", {"gómez", "42"});
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  auto key = DecodePageToken("users", token, 2);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, (std::vector<std::string>{"gómez", "42"}));
  EXPECT_TRUE(DecodePageToken("users", "", 2)->empty());
  EXPECT_FALSE(DecodePageToken("suppliers", token, 2).ok());
  EXPECT_FALSE(DecodePageToken("users", token, 3).ok());
  EXPECT_FALSE(DecodePageToken("users", "!!not base64!!", 2).ok());
  EXPECT_FALSE(DecodePageToken("users", std::string(5000, 'A'), 2).ok());
}

}  // namespace
}  // namespace supplynet
