// A client's workflow: field checks with RE2, transitions, and the fields on a document.
#include "domain/workflow.h"

#include <gtest/gtest.h>

#include <string>

namespace supplynet {
namespace {

Workflow PurchaseOrderWorkflow() {
  Workflow w = DefaultWorkflow();
  w.required_fields = {{"purchase_order", "Purchase order", R"(PO-\d{4})"}};
  return w;
}

TEST(WorkflowTest, DefaultAllowsTheContractsTransitions) {
  const Workflow w = DefaultWorkflow();
  EXPECT_TRUE(w.Allows(DocumentStatus::kSent, DocumentStatus::kAccepted));
  EXPECT_TRUE(w.Allows(DocumentStatus::kAccepted, DocumentStatus::kPaid));
  EXPECT_FALSE(w.Allows(DocumentStatus::kPendingInformation, DocumentStatus::kAccepted));
  EXPECT_FALSE(w.Allows(DocumentStatus::kRejected, DocumentStatus::kAccepted));
}

TEST(WorkflowTest, RejectsInvalidPatternsNamesAndDuplicates) {
  Workflow w;
  w.required_fields = {{"ok", "Ok", "(a"}, {"Bad", "x", ""}, {"ok", "Again", ""}};
  w.allowed_transitions = {{DocumentStatus::kSent, DocumentStatus::kSent}};
  EXPECT_FALSE(CheckWorkflow(w, "").ok());
  EXPECT_TRUE(CheckWorkflow(PurchaseOrderWorkflow(), "").ok());
}

TEST(WorkflowTest, PathologicalPatternRunsInLinearTime) {
  Workflow w;
  w.required_fields = {{"f", "F", "(a+)+$"}};
  ASSERT_TRUE(CheckWorkflow(w, "").ok());
  const std::string value = std::string(100000, 'a') + "!";
  EXPECT_FALSE(FieldStates(w, {}, {{"f", value}})[0].valid);
}

TEST(WorkflowTest, DocumentValueWinsAndDecidesTheInitialStatus) {
  const Workflow w = PurchaseOrderWorkflow();
  EXPECT_EQ(InitialStatus(w, {}), DocumentStatus::kPendingInformation);
  EXPECT_EQ(InitialStatus(w, {{"purchase_order", "PO-1234"}}), DocumentStatus::kSent);
  EXPECT_EQ(InitialStatus(w, {{"purchase_order", "PO-12"}}), DocumentStatus::kPendingInformation);
  const std::vector<FieldState> states =
      FieldStates(w, {{"purchase_order", "PO-1234"}}, {{"purchase_order", "PO-9999"}});
  EXPECT_EQ(states[0].source, ValueSource::kDocument);
  EXPECT_EQ(states[0].value, "PO-1234");
}

TEST(WorkflowTest, IssuerValuesAreCheckedAgainstTheWorkflow) {
  const Workflow w = PurchaseOrderWorkflow();
  EXPECT_TRUE(CheckIssuerValues(w, {}, {{"purchase_order", "PO-0001"}}, "").ok());
  EXPECT_TRUE(CheckIssuerValues(w, {}, {{"purchase_order", ""}}, "").ok());
  EXPECT_FALSE(CheckIssuerValues(w, {}, {{"purchase_order", "x"}}, "").ok());
  EXPECT_FALSE(CheckIssuerValues(w, {}, {{"unknown", "x"}}, "").ok());
  EXPECT_FALSE(
      CheckIssuerValues(w, {{"purchase_order", "PO-1"}}, {{"purchase_order", "PO-0001"}}, "").ok());
}

TEST(WorkflowTest, MaskNamesOnlyKnownParts) {
  EXPECT_TRUE(ParseWorkflowMask({"*"}, "m").ok());
  EXPECT_FALSE(ParseWorkflowMask({}, "m").ok());
  EXPECT_FALSE(ParseWorkflowMask({"etag"}, "m").ok());
}

}  // namespace
}  // namespace supplynet
