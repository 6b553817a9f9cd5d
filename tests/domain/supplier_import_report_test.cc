// The import report's error list and the import's tax-ID-type option check.
#include "domain/supplier_import_report.h"

#include <gtest/gtest.h>

#include "domain/field_violation.h"
#include "domain/supplier_import.h"

namespace supplynet {
namespace {

RejectedRow RowWithErrors(int64_t line, int errors) {
  RejectedRow row{line, {}, ""};
  for (int i = 0; i < errors; ++i) row.errors.push_back({line, "Email", "is not an email"});
  return row;
}

TEST(ImportReportTest, RejectedRowsAreCountedAndTheirErrorsKeptInOrder) {
  ImportReport report;
  report.AddRejected(RowWithErrors(2, 1));
  report.AddRejected(RowWithErrors(5, 2));
  EXPECT_EQ(report.rejected, 2);
  ASSERT_EQ(report.errors.size(), 3u);
  EXPECT_EQ(report.errors[0].line, 2);
  EXPECT_EQ(report.errors[2].line, 5);
  EXPECT_FALSE(report.errors_truncated);
}

TEST(ImportReportTest, ErrorsStopAtTheCapButRowsAreStillCounted) {
  ImportReport report;
  for (size_t i = 0; i < kMaxImportReportErrors; ++i) report.AddRejected(RowWithErrors(2, 1));
  EXPECT_FALSE(report.errors_truncated);
  report.AddRejected(RowWithErrors(3, 2));
  EXPECT_EQ(report.errors.size(), kMaxImportReportErrors);
  EXPECT_TRUE(report.errors_truncated);
  EXPECT_EQ(report.rejected, static_cast<int64_t>(kMaxImportReportErrors) + 1);
}

TEST(CheckImportTaxIdTypeTest, UnspecifiedOrTheCountrysOwnTypeIsAccepted) {
  EXPECT_TRUE(CheckImportTaxIdType(Country::kColombia, TaxIdType::kUnspecified, "t").ok());
  EXPECT_TRUE(CheckImportTaxIdType(Country::kCostaRica, TaxIdType::kCrLegal, "t").ok());
}

TEST(CheckImportTaxIdTypeTest, AnotherCountrysTypeIsAViolationOnTheField) {
  const absl::Status status =
      CheckImportTaxIdType(Country::kColombia, TaxIdType::kPeRuc, "options.default_tax_id_type");
  ASSERT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  const std::vector<FieldViolation> violations = FieldViolationsOf(status);
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].field, "options.default_tax_id_type");
}

}  // namespace
}  // namespace supplynet
