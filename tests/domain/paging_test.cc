#include "domain/paging.h"

#include <gtest/gtest.h>
#include <sodium.h>

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

constexpr char kCompanyA[] = "0b5f3c9e-1f7a-4c1e-9d3a-5a2b8c4d6e01";
constexpr char kCompanyB[] = "7c9d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e02";

TEST(PagingTest, TokensRoundTripAndAreBoundToTheirListAndCompany) {
  ASSERT_TRUE(InitSecrets());
  const PageScope users{"users", kCompanyA};
  const std::string token = EncodePageToken(users, {"gómez", "42"});
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
      std::string::npos);
  auto key = DecodePageToken(users, token, 2);
  ASSERT_TRUE(key.ok());
  EXPECT_EQ(*key, (std::vector<std::string>{"gómez", "42"}));
  EXPECT_TRUE(DecodePageToken(users, "", 2)->empty());
  EXPECT_FALSE(DecodePageToken({"suppliers", kCompanyA}, token, 2).ok());
  const absl::Status foreign = DecodePageToken({"users", kCompanyB}, token, 2).status();
  ASSERT_EQ(foreign.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(FieldViolationsOf(foreign)[0].field, "page_token");
  EXPECT_FALSE(DecodePageToken({"users", ""}, token, 2).ok());
  EXPECT_FALSE(DecodePageToken(users, token, 3).ok());
  EXPECT_FALSE(DecodePageToken(users, "!!not base64!!", 2).ok());
  EXPECT_FALSE(DecodePageToken(users, std::string(5000, 'A'), 2).ok());
}

TEST(PagingTest, TheCompanyIsNotSpelledOutInItsTokens) {
  ASSERT_TRUE(InitSecrets());
  const std::string token = EncodePageToken({"users", kCompanyA}, {"ana"});
  std::string plain(token.size(), '\0');
  size_t length = 0;
  ASSERT_EQ(sodium_base642bin(reinterpret_cast<unsigned char*>(plain.data()), plain.size(),
                              token.data(), token.size(), nullptr, &length, nullptr,
                              sodium_base64_VARIANT_URLSAFE_NO_PADDING),
            0);
  plain.resize(length);
  EXPECT_EQ(plain.find(kCompanyA), std::string::npos);
}

}  // namespace
}  // namespace supplynet
