#include "domain/import_repeats.h"

#include <algorithm>
#include <string>
#include <variant>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplynet {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

ImportItem Good(int64_t line, const std::string& tax_id) {
  SupplierRow row;
  row.line = line;
  row.tax_id = TaxId{Country::kColombia, TaxIdType::kCoNit, tax_id, "0"};
  row.fields.name = "Acme";
  return row;
}

// A row rejected for its email; `tax_id` empty when its Tax ID cell was invalid.
ImportItem Rejected(int64_t line, const std::string& tax_id) {
  return RejectedRow{line, {RowError{line, "Email", "is not a valid email address"}}, tax_id};
}

std::string Repeats(int64_t first_line) {
  return absl::StrCat("() the Tax ID repeats the one of line ", first_line,
                      "; each supplier may appear once in the file");
}

// "line ok tax_id" or "line rejected tax_id (column) message; ...", in batch order.
std::vector<std::string> Dump(const std::vector<ImportItem>& batch) {
  std::vector<std::string> out;
  for (const ImportItem& item : batch) {
    if (const auto* row = std::get_if<SupplierRow>(&item)) {
      out.push_back(absl::StrCat(row->line, " ok ", row->tax_id.value));
      continue;
    }
    const auto& rejected = std::get<RejectedRow>(item);
    std::vector<std::string> errors;
    for (const RowError& error : rejected.errors) {
      EXPECT_EQ(error.line, rejected.line);
      errors.push_back(absl::StrCat("(", error.column, ") ", error.message));
    }
    out.push_back(absl::StrCat(rejected.line, " rejected ", rejected.tax_id, " ",
                               absl::StrJoin(errors, "; ")));
  }
  return out;
}

std::vector<std::string> Apply(std::vector<ImportItem> batch, const TaxIdFirstLines& earlier = {}) {
  RejectRepeatedTaxIds(earlier, &batch);
  return Dump(batch);
}

std::vector<std::string> Dump(const std::vector<TaxIdFirstLine>& firsts) {
  std::vector<std::string> out;
  for (const TaxIdFirstLine& first : firsts)
    out.push_back(absl::StrCat(first.tax_id, "@", first.line));
  return out;
}

TEST(FirstTaxIdLinesTest, ListsEachTaxIdOnceWithItsFirstLineInFileOrder) {
  EXPECT_THAT(Dump(FirstTaxIdLines({Good(2, "900"), Rejected(3, "800"), Good(4, "900"),
                                    Rejected(5, ""), Good(6, "800"), Good(7, "700")})),
              ElementsAre("900@2", "800@3", "700@7"));
  EXPECT_THAT(FirstTaxIdLines({}), IsEmpty());
  EXPECT_THAT(FirstTaxIdLines({Rejected(2, "")}), IsEmpty());
}

TEST(RejectRepeatedTaxIdsTest, RowsRepeatingAnEarlierRowOfTheBatchAreRejected) {
  EXPECT_THAT(Apply({Good(2, "900"), Good(3, "800"), Good(4, "900"), Good(5, "900")}),
              ElementsAre("2 ok 900", "3 ok 800", "4 rejected 900 " + Repeats(2),
                          "5 rejected 900 " + Repeats(2)));
}

TEST(RejectRepeatedTaxIdsTest, RowsRepeatingAnEarlierBatchNameThatBatchsLine) {
  EXPECT_THAT(Apply({Good(8, "800"), Good(9, "900"), Rejected(10, "900")}, {{"900", 3}}),
              ElementsAre("8 ok 800", "9 rejected 900 " + Repeats(3),
                          "10 rejected 900 (Email) is not a valid email address; " + Repeats(3)));
}

TEST(RejectRepeatedTaxIdsTest, ARejectedRowGetsTheRepeatErrorAfterItsOwnErrors) {
  std::vector<ImportItem> batch = {Good(2, "900"), Rejected(3, "900")};
  std::get<RejectedRow>(batch[1]).errors.push_back({3, "Notify", "must be 1 or 0"});
  RejectRepeatedTaxIds({}, &batch);
  EXPECT_THAT(Dump(batch), ElementsAre("2 ok 900",
                                       "3 rejected 900 (Email) is not a valid email address; "
                                       "(Notify) must be 1 or 0; " +
                                           Repeats(2)));
}

// The verdict on a row does not depend on the validity of the rows before it.
TEST(RejectRepeatedTaxIdsTest, ARejectedRowWithAValidTaxIdIsTheFirstOccurrence) {
  EXPECT_THAT(Apply({Rejected(2, "900"), Good(3, "900")}),
              ElementsAre("2 rejected 900 (Email) is not a valid email address",
                          "3 rejected 900 " + Repeats(2)));
}

TEST(RejectRepeatedTaxIdsTest, RowsWithoutAValidTaxIdAreNeverRepeats) {
  EXPECT_THAT(Apply({Rejected(2, ""), Rejected(3, ""), Good(4, "900")}, {{"", 1}}),
              ElementsAre("2 rejected  (Email) is not a valid email address",
                          "3 rejected  (Email) is not a valid email address", "4 ok 900"));
}

TEST(RejectRepeatedTaxIdsTest, EarlierFirstLinesOfOtherTaxIdsChangeNothing) {
  EXPECT_THAT(Apply({Good(5, "900"), Good(6, "800")}, {{"700", 2}}),
              ElementsAre("5 ok 900", "6 ok 800"));
}

// Batch after batch, with the first lines recorded as the import's transaction records them,
// the verdicts are those of the whole file in one batch.
TEST(RejectRepeatedTaxIdsTest, BatchesGiveTheVerdictsOfTheWholeFile) {
  const std::vector<ImportItem> file = {Good(2, "900"),     Rejected(3, "800"), Good(4, "700"),
                                        Good(5, "800"),     Good(6, "900"),     Rejected(7, ""),
                                        Rejected(8, "700"), Good(9, "600"),     Good(10, "600")};
  const std::vector<std::string> whole = Apply(file);
  for (size_t size = 1; size <= file.size(); ++size) {
    SCOPED_TRACE(size);
    TaxIdFirstLines seen;
    std::vector<std::string> batched;
    for (size_t begin = 0; begin < file.size(); begin += size) {
      std::vector<ImportItem> batch(file.begin() + begin,
                                    file.begin() + std::min(begin + size, file.size()));
      TaxIdFirstLines earlier;
      for (const TaxIdFirstLine& first : FirstTaxIdLines(batch)) {
        const auto [it, inserted] = seen.emplace(first.tax_id, first.line);
        if (!inserted) earlier.insert(*it);
      }
      for (std::string& line : Apply(batch, earlier)) batched.push_back(std::move(line));
    }
    EXPECT_EQ(batched, whole);
  }
  EXPECT_THAT(
      whole, ElementsAre("2 ok 900", "3 rejected 800 (Email) is not a valid email address",
                         "4 ok 700", "5 rejected 800 " + Repeats(3), "6 rejected 900 " + Repeats(2),
                         "7 rejected  (Email) is not a valid email address",
                         "8 rejected 700 (Email) is not a valid email address; " + Repeats(4),
                         "9 ok 600", "10 rejected 600 " + Repeats(9)));
}

}  // namespace
}  // namespace supplynet
