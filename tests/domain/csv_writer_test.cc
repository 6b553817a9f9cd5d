#include "domain/csv_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/csv_reader.h"

namespace supplynet {
namespace {

TEST(CsvWriterTest, QuotesOnlyFieldsWithACommaAQuoteOrALineBreak) {
  std::string out;
  AppendCsvRecord({"plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", "tail"}, &out);
  EXPECT_EQ(out, "plain,\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rhere\",,tail\r\n");
}

TEST(CsvWriterTest, ViewsAndStringsWriteTheSameRecordAfterWhatIsThere) {
  const std::vector<std::string> fields = {"Núñez, S.A.", "\"", "x", "", "1.00"};
  std::string from_strings = "head\r\n";
  AppendCsvRecord(fields, &from_strings);
  std::string from_views = "head\r\n";
  AppendCsvRecord({fields[0], fields[1], fields[2], fields[3], fields[4]}, &from_views);
  EXPECT_EQ(from_strings, "head\r\n\"Núñez, S.A.\",\"\"\"\",x,,1.00\r\n");
  EXPECT_EQ(from_views, from_strings);
}

TEST(CsvWriterTest, WhatItWritesReadsBackAsTheSameFields) {
  const std::vector<std::string> fields = {"a\"b\"", ",", "\r\n", "  spaced  ", "ñ", ""};
  std::string out;
  AppendCsvRecord(fields, &out);
  CsvOptions options;
  options.separator = ',';
  CsvReader reader(options);
  reader.Feed(out);
  reader.Finish();
  const std::vector<CsvRecord> records = reader.TakeRecords();
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].fields, fields);
}

}  // namespace
}  // namespace supplynet
