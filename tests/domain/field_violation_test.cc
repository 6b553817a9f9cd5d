#include "domain/field_violation.h"

#include <gtest/gtest.h>

namespace supplynet {
namespace {

TEST(FieldViolationTest, CollectsAndRoundTrips) {
  FieldViolations violations;
  EXPECT_TRUE(violations.ToStatus().ok());
  violations.Add("a", "is required");
  violations.Add("b.c", "has a tab\there");
  violations.Merge(InvalidField("d", "is wrong"), "supplier.");
  violations.Merge(absl::OkStatus(), "ignored.");
  const absl::Status status = violations.ToStatus();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::vector<FieldViolation> out = FieldViolationsOf(status);
  ASSERT_EQ(out.size(), 3u);
  EXPECT_EQ(out[0], (FieldViolation{"a", "is required"}));
  EXPECT_EQ(out[1], (FieldViolation{"b.c", "has a tab here"}));
  EXPECT_EQ(out[2], (FieldViolation{"supplier.d", "is wrong"}));
  EXPECT_NE(std::string(status.message()).find("supplier.d: is wrong"), std::string::npos);
}

TEST(FieldViolationTest, OtherStatusesCarryNone) {
  EXPECT_TRUE(FieldViolationsOf(absl::NotFoundError("x")).empty());
  EXPECT_TRUE(FieldViolationsOf(absl::InvalidArgumentError("x")).empty());
}

TEST(FieldViolationTest, ResourceInfoRoundTripsOnErrorsOnly) {
  const ResourceInfo info{"supplynet.v1.Supplier", "id\twith tab"};
  const absl::Status status = WithResourceInfo(absl::AlreadyExistsError("taken"), info);
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(ResourceInfoOf(status), info);
  EXPECT_FALSE(ResourceInfoOf(absl::AlreadyExistsError("taken")).has_value());
  EXPECT_TRUE(WithResourceInfo(absl::OkStatus(), info).ok());
  EXPECT_FALSE(ResourceInfoOf(WithResourceInfo(absl::OkStatus(), info)).has_value());
}

}  // namespace
}  // namespace supplynet
