#include "server/status_mapping.h"

#include <gtest/gtest.h>

#include "domain/field_violation.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace supplynet::server {
namespace {

TEST(StatusMappingTest, KeepsCodeAndMessage) {
  const grpc::Status status = ToGrpcStatus(absl::NotFoundError("supplier not found"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "supplier not found");
  EXPECT_TRUE(status.error_details().empty());
  EXPECT_TRUE(ToGrpcStatus(absl::OkStatus()).ok());
}

TEST(StatusMappingTest, FieldViolationsBecomeABadRequestDetail) {
  const grpc::Status status = ToGrpcStatus(
      InvalidFields({{"company.tax_id", "bad check digit"}, {"admin_email", "is required"}}));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  EXPECT_EQ(details.code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::BadRequest bad_request;
  ASSERT_TRUE(details.details(0).UnpackTo(&bad_request));
  ASSERT_EQ(bad_request.field_violations_size(), 2);
  EXPECT_EQ(bad_request.field_violations(0).field(), "company.tax_id");
  EXPECT_EQ(bad_request.field_violations(1).description(), "is required");
}

TEST(StatusMappingTest, ResourceInfoBecomesADetail) {
  const grpc::Status status = ToGrpcStatus(WithResourceInfo(
      absl::AlreadyExistsError("duplicate"), {"supplynet.v1.Supplier", "the-existing-id"}));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(status.error_message(), "duplicate");
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.resource_type(), "supplynet.v1.Supplier");
  EXPECT_EQ(info.resource_name(), "the-existing-id");
}

}  // namespace
}  // namespace supplynet::server
