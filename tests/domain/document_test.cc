// Rules of a synced document: amounts, dates, conflicts and merges of re-sends, reasons.
#include "domain/document.h"

#include <gtest/gtest.h>

namespace supplynet {
namespace {

TEST(AmountTest, AcceptsPlainDecimalsWithUpToSixDecimals) {
  EXPECT_TRUE(CheckAmount("0", "a").ok());
  EXPECT_TRUE(CheckAmount("1234.50", "a").ok());
  EXPECT_TRUE(CheckAmount("1.123456", "a").ok());
}

TEST(AmountTest, RejectsSeparatorsSignsAndTooManyDecimals) {
  for (const char* bad : {"", "1,5", "-1", "1.", ".5", "1.1234567", "1e3", "1 000", "NaN"}) {
    EXPECT_FALSE(CheckAmount(bad, "a").ok()) << bad;
  }
}

TEST(AmountTest, CanonicalFormIgnoresInsignificantZeros) {
  EXPECT_EQ(CanonicalDecimal("0012.500"), "12.5");
  EXPECT_EQ(CanonicalDecimal("100.00"), "100");
  EXPECT_EQ(CanonicalDecimal("0.10"), "0.1");
  EXPECT_EQ(CanonicalDecimal("100"), "100");
  EXPECT_EQ(CanonicalDecimal("0"), "0");
}

TEST(DateTest, AcceptsOnlyRealCalendarDates) {
  EXPECT_TRUE(CheckDate("2024-02-29", "d").ok());
  EXPECT_FALSE(CheckDate("2023-02-29", "d").ok());
  EXPECT_FALSE(CheckDate("2024-2-1", "d").ok());
  EXPECT_FALSE(CheckDate("15/03/2024", "d").ok());
}

DocumentContent Content() {
  DocumentContent c;
  c.receiver.value = "800191045";
  c.issue_date = "2024-03-15";
  c.currency_code = "COP";
  c.net_amount = "100.00";
  c.tax_amount = "19";
  c.total_amount = "119";
  return c;
}

TEST(ResendTest, DifferentAmountConflictsButEqualDecimalDoesNot) {
  DocumentContent resent = Content();
  resent.net_amount = "100";
  EXPECT_FALSE(ConflictsWith(Content(), resent));
  resent.total_amount = "119.01";
  EXPECT_TRUE(ConflictsWith(Content(), resent));
}

TEST(ResendTest, NamesChangeAndFieldsAreOnlyAdded) {
  DocumentContent stored = Content();
  stored.document_fields = {{"purchase_order", "PO-1"}};
  EXPECT_FALSE(MergeResend(stored, stored).has_value());
  DocumentContent resent = stored;
  resent.document_fields = {{"purchase_order", "PO-2"}, {"store", "7"}};
  const std::optional<DocumentContent> merged = MergeResend(stored, resent);
  ASSERT_TRUE(merged.has_value());
  EXPECT_EQ(merged->document_fields.at("purchase_order"), "PO-1");
  EXPECT_EQ(merged->document_fields.at("store"), "7");
}

TEST(ReasonTest, RejectionNeedsCodeAndText) {
  EXPECT_FALSE(CheckStatusReason(DocumentStatus::kRejected, {}, "reason").ok());
  EXPECT_FALSE(
      CheckStatusReason(DocumentStatus::kRejected, {ReasonCode::kInconsistencies, " "}, "r").ok());
  EXPECT_TRUE(
      CheckStatusReason(DocumentStatus::kRejected, {ReasonCode::kInconsistencies, "x"}, "r").ok());
  EXPECT_TRUE(CheckStatusReason(DocumentStatus::kAccepted, {}, "reason").ok());
  EXPECT_FALSE(CheckStatusReason(DocumentStatus::kAccepted, {ReasonCode::kOther, ""}, "r").ok());
}

}  // namespace
}  // namespace supplynet
