#include "server/known_enums.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "domain/field_violation.h"
#include "supplynet/v1/account.pb.h"
#include "supplynet/v1/document_status.pb.h"

namespace supplynet::server {
namespace {

using ::testing::ElementsAre;

TEST(KnownEnumsTest, DefinedValuesPass) {
  v1::CreateUserRequest request;
  request.mutable_user()->set_role(v1::ROLE_ADMIN);
  EXPECT_TRUE(CheckKnownEnums(request).ok());
  EXPECT_TRUE(CheckKnownEnums(v1::CreateUserRequest()).ok());  // Unset is zero, defined.
}

TEST(KnownEnumsTest, UndefinedNumbersAreNamedByTheirPath) {
  v1::CreateUserRequest user;
  user.mutable_user()->set_role(static_cast<v1::Role>(9999));
  EXPECT_THAT(FieldViolationsOf(CheckKnownEnums(user)),
              ElementsAre(FieldViolation{"user.role", "is not a known Role value"}));

  v1::UpdateWorkflowRequest workflow;
  workflow.mutable_workflow()->add_allowed_transitions()->set_to_status(
      v1::DOCUMENT_STATUS_ACCEPTED);
  workflow.mutable_workflow()->add_allowed_transitions()->set_to_status(
      static_cast<v1::DocumentStatus>(-7));
  const absl::Status status = CheckKnownEnums(workflow);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(FieldViolationsOf(status),
              ElementsAre(FieldViolation{"workflow.allowed_transitions[1].to_status",
                                         "is not a known DocumentStatus value"}));
}

}  // namespace
}  // namespace supplynet::server
