#include "domain/etag.h"

#include <gtest/gtest.h>

#include "domain/field_violation.h"

namespace supplynet {
namespace {

TEST(EtagTest, RoundTrips) {
  auto version = ParseEtag(EtagOf(42), "etag");
  ASSERT_TRUE(version.ok());
  EXPECT_EQ(*version, 42);
}

TEST(EtagTest, EmptySkipsTheCheck) {
  auto version = ParseEtag("", "etag");
  ASSERT_TRUE(version.ok());
  EXPECT_FALSE(version->has_value());
}

TEST(EtagTest, ForeignValuesAreViolations) {
  for (const char* bad : {"abc", "0", "-1", "1.5", "99999999999999999999"}) {
    const absl::Status status = ParseEtag(bad, "supplier.etag").status();
    ASSERT_EQ(FieldViolationsOf(status).size(), 1u) << bad;
    EXPECT_EQ(FieldViolationsOf(status)[0].field, "supplier.etag");
  }
}

}  // namespace
}  // namespace supplynet
