#include "domain/csv_reader.h"

#include <string>
#include <string_view>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace supplynet {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "<line> [field][field]" or "<line> error: <message>": readable in failure output.
std::string Dump(const CsvRecord& record) {
  if (!record.ok()) return absl::StrCat(record.line, " error: ", record.error);
  std::string out = absl::StrCat(record.line, " ");
  for (const std::string& field : record.fields) absl::StrAppend(&out, "[", field, "]");
  return out;
}

std::vector<std::string> Dump(const std::vector<CsvRecord>& records) {
  std::vector<std::string> out;
  for (const CsvRecord& record : records) out.push_back(Dump(record));
  return out;
}

// Feeds `input` cut at the given ascending offsets, then finishes.
std::vector<std::string> ReadCut(std::string_view input, const std::vector<size_t>& cuts,
                                 CsvOptions options = {}) {
  CsvReader reader(options);
  std::vector<CsvRecord> records;
  size_t begin = 0;
  const auto feed = [&](size_t end) {
    reader.Feed(input.substr(begin, end - begin));
    for (CsvRecord& record : reader.TakeRecords()) records.push_back(std::move(record));
    begin = end;
  };
  for (size_t cut : cuts) feed(cut);
  feed(input.size());
  reader.Finish();
  for (CsvRecord& record : reader.TakeRecords()) records.push_back(std::move(record));
  std::vector<std::string> out = Dump(records);
  out.push_back(absl::StrCat("separator ", std::string(1, reader.separator())));
  return out;
}

std::vector<std::string> Read(std::string_view input, CsvOptions options = {}) {
  std::vector<std::string> out = ReadCut(input, {}, options);
  out.pop_back();  // The separator line; tests of detection read it with ReadCut.
  return out;
}

CsvOptions WithSeparator(char separator) {
  CsvOptions options;
  options.separator = separator;
  return options;
}

// ---------------------------------------------------------------------------------------------
// Records, fields and line ends

TEST(CsvReaderTest, ReadsRecordsAndFields) {
  EXPECT_THAT(Read("a,b,c\n1,2,3\n"), ElementsAre("1 [a][b][c]", "2 [1][2][3]"));
}

TEST(CsvReaderTest, EmitsTheLastRecordWithoutLineBreakOnlyAtFinish) {
  CsvReader reader;
  reader.Feed("a,b\n1,2");
  EXPECT_THAT(Dump(reader.TakeRecords()), ElementsAre("1 [a][b]"));
  reader.Finish();
  EXPECT_THAT(Dump(reader.TakeRecords()), ElementsAre("2 [1][2]"));
}

TEST(CsvReaderTest, AcceptsLfCrlfAndCrLineEnds) {
  EXPECT_THAT(Read("a\r\nb\rc\nd"), ElementsAre("1 [a]", "2 [b]", "3 [c]", "4 [d]"));
}

TEST(CsvReaderTest, SkipsEmptyLinesButCountsThem) {
  EXPECT_THAT(Read("\n\na\n\r\n\r\nb\n\n\r\n"), ElementsAre("3 [a]", "6 [b]"));
}

TEST(CsvReaderTest, EmptyInputGivesNoRecord) {
  EXPECT_THAT(Read(""), IsEmpty());
  EXPECT_THAT(Read("\r\n\n"), IsEmpty());
}

TEST(CsvReaderTest, KeepsEmptyFieldsIncludingATrailingOne) {
  EXPECT_THAT(Read("a,,b,\n,\n"), ElementsAre("1 [a][][b][]", "2 [][]"));
}

TEST(CsvReaderTest, KeepsSpacesAroundFields) {
  EXPECT_THAT(Read(" a , b \n"), ElementsAre("1 [ a ][ b ]"));
}

// ---------------------------------------------------------------------------------------------
// Quoting

TEST(CsvReaderTest, QuotedFieldsHoldSeparatorsAndDoubledQuotes) {
  EXPECT_THAT(Read("\"a,b\",\"say \"\"hi\"\"\",c\n"), ElementsAre("1 [a,b][say \"hi\"][c]"));
}

TEST(CsvReaderTest, QuotedEmptyFieldIsARecordUnlikeAnEmptyLine) {
  EXPECT_THAT(Read("\"\"\n\n\"\",\"\"\n"), ElementsAre("1 []", "3 [][]"));
}

TEST(CsvReaderTest, EmbeddedLineBreaksAreKeptAndLinesKeepCounting) {
  EXPECT_THAT(Read("h\n\"x\ny\r\nz\",2\nnext\n"),
              ElementsAre("1 [h]", "2 [x\ny\r\nz][2]", "5 [next]"));
}

TEST(CsvReaderTest, EmbeddedCrCountsAsALineBreak) {
  EXPECT_THAT(Read("\"a\rb\"\rc\r"), ElementsAre("1 [a\rb]", "3 [c]"));
}

TEST(CsvReaderTest, QuoteInsideAnUnquotedFieldIsData) {
  EXPECT_THAT(Read("ab\"c,5\" screen\n"), ElementsAre("1 [ab\"c][5\" screen]"));
}

TEST(CsvReaderTest, TextAfterAClosingQuoteIsAppended) {
  EXPECT_THAT(Read("\"ab\"c,\"x\"\"\"y\n"), ElementsAre("1 [abc][x\"y]"));
}

TEST(CsvReaderTest, QuotedFieldAtEndOfFileWithoutLineBreak) {
  EXPECT_THAT(Read("a,\"b\""), ElementsAre("1 [a][b]"));
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnErrorRecordAtFinish) {
  EXPECT_THAT(Read("a\n\"bc\nd,e\n"),
              ElementsAre("1 [a]", "2 error: the quoted field opened on line 2 is never closed"));
}

TEST(CsvReaderTest, UnterminatedQuoteNamesTheLineOfTheQuote) {
  EXPECT_THAT(Read("x\ny,\"a\nb\",\"c\nd"),
              ElementsAre("1 [x]", "2 error: the quoted field opened on line 3 is never closed"));
}

TEST(CsvReaderTest, PassesNonUtf8BytesThrough) {
  EXPECT_THAT(Read("\xFF\xFE,caf\xE9\n"), ElementsAre("1 [\xFF\xFE][caf\xE9]"));
}

// ---------------------------------------------------------------------------------------------
// BOM

TEST(CsvReaderTest, DropsAUtf8BomAtTheStart) {
  EXPECT_THAT(Read("\xEF\xBB\xBF"
                   "a,b\nc\n"),
              ElementsAre("1 [a][b]", "2 [c]"));
}

TEST(CsvReaderTest, ABomOnlyFileHasNoRecord) { EXPECT_THAT(Read("\xEF\xBB\xBF"), IsEmpty()); }

TEST(CsvReaderTest, ABomAfterTheStartIsData) {
  EXPECT_THAT(Read("a\n\xEF\xBB\xBF"
                   "b\n"),
              ElementsAre("1 [a]",
                          "2 [\xEF\xBB\xBF"
                          "b]"));
}

TEST(CsvReaderTest, OnlyOneBomIsDropped) {
  EXPECT_THAT(Read("\xEF\xBB\xBF\xEF\xBB\xBF"
                   "a\n"),
              ElementsAre("1 [\xEF\xBB\xBF"
                          "a]"));
}

TEST(CsvReaderTest, APartialBomIsData) {
  EXPECT_THAT(Read("\xEF\xBBx\n"), ElementsAre("1 [\xEF\xBBx]"));
  EXPECT_THAT(Read("\xEF\xBB"), ElementsAre("1 [\xEF\xBB]"));
  EXPECT_THAT(Read("\xEF"), ElementsAre("1 [\xEF]"));
}

TEST(CsvReaderTest, DropsABomSplitAcrossChunks) {
  EXPECT_THAT(ReadCut("\xEF\xBB\xBF"
                      "a\n",
                      {1, 2}),
              ElementsAre("1 [a]", "separator ,"));
  EXPECT_THAT(ReadCut("\xEF\xBBz\n", {1, 2}), ElementsAre("1 [\xEF\xBBz]", "separator ,"));
}

// ---------------------------------------------------------------------------------------------
// Separator

TEST(CsvReaderTest, DetectsSemicolons) {
  EXPECT_THAT(ReadCut("a;b,c;d\n1;2,5;3\n", {}),
              ElementsAre("1 [a][b,c][d]", "2 [1][2,5][3]", "separator ;"));
}

TEST(CsvReaderTest, DetectsCommas) {
  EXPECT_THAT(ReadCut("a,b;c,d\n", {}), ElementsAre("1 [a][b;c][d]", "separator ,"));
}

TEST(CsvReaderTest, CommaWinsATie) {
  EXPECT_THAT(ReadCut("a;b,c\n", {}), ElementsAre("1 [a;b][c]", "separator ,"));
  EXPECT_THAT(ReadCut("a\n", {}), ElementsAre("1 [a]", "separator ,"));
  EXPECT_THAT(ReadCut("", {}), ElementsAre("separator ,"));
}

TEST(CsvReaderTest, DetectionIgnoresQuotedSeparators) {
  EXPECT_THAT(ReadCut("\"a,b,c\";d\n", {}), ElementsAre("1 [a,b,c][d]", "separator ;"));
  EXPECT_THAT(ReadCut("\"a;b;c\",d\n", {}), ElementsAre("1 [a;b;c][d]", "separator ,"));
}

TEST(CsvReaderTest, DetectionLooksOnlyAtTheFirstRecord) {
  EXPECT_THAT(ReadCut("\n\na,b\n1;2;3;4\n", {}),
              ElementsAre("3 [a][b]", "4 [1;2;3;4]", "separator ,"));
}

TEST(CsvReaderTest, DetectionReadsAHeaderWithAnEmbeddedLineBreak) {
  EXPECT_THAT(ReadCut("\"a\nb\";c;d\n1;2;3\n", {}),
              ElementsAre("1 [a\nb][c][d]", "3 [1][2][3]", "separator ;"));
}

TEST(CsvReaderTest, SeparatorIsUnknownUntilTheFirstRecordEnds) {
  CsvReader reader;
  reader.Feed("a;b");
  EXPECT_EQ(reader.separator(), kDetectSeparator);
  EXPECT_THAT(reader.TakeRecords(), IsEmpty());
  reader.Feed("\n");
  EXPECT_EQ(reader.separator(), ';');
  EXPECT_THAT(Dump(reader.TakeRecords()), ElementsAre("1 [a][b]"));
}

TEST(CsvReaderTest, AFixedSeparatorIsUsedAsGiven) {
  EXPECT_THAT(Read("a,b;c\n", WithSeparator(';')), ElementsAre("1 [a,b][c]"));
  EXPECT_THAT(Read("a;b;c,d\n", WithSeparator(',')), ElementsAre("1 [a;b;c][d]"));
  EXPECT_THAT(Read("a\tb\n", WithSeparator('\t')), ElementsAre("1 [a][b]"));
}

// ---------------------------------------------------------------------------------------------
// Limits

CsvOptions SmallLimits() {
  CsvOptions options = WithSeparator(',');
  options.max_field_bytes = 4;
  options.max_fields = 3;
  return options;
}

TEST(CsvReaderTest, FieldsAtTheLimitsAreAccepted) {
  EXPECT_THAT(Read("abcd,\"efgh\",i\n", SmallLimits()), ElementsAre("1 [abcd][efgh][i]"));
}

TEST(CsvReaderTest, ATooLongFieldIsAnErrorRecordAndReadingGoesOn) {
  EXPECT_THAT(Read("a,abcde,c\nok\n", SmallLimits()),
              ElementsAre("1 error: field 2 is longer than 4 bytes", "2 [ok]"));
}

TEST(CsvReaderTest, ATooLongQuotedFieldSpanningLinesKeepsLineNumbers) {
  EXPECT_THAT(Read("\"ab\ncd\nef\",x\nok\n", SmallLimits()),
              ElementsAre("1 error: field 1 is longer than 4 bytes", "4 [ok]"));
}

TEST(CsvReaderTest, TooManyFieldsIsAnErrorRecord) {
  EXPECT_THAT(Read("a,b,c\na,b,c,d\na,b,,\nx\n", SmallLimits()),
              ElementsAre("1 [a][b][c]", "2 error: the record has more than 3 fields",
                          "3 error: the record has more than 3 fields", "4 [x]"));
}

TEST(CsvReaderTest, ARunawayQuoteIsReportedAsUnclosedNotAsTooLong) {
  EXPECT_THAT(Read("a\n\"bcdefghij\nklmnop\n", SmallLimits()),
              ElementsAre("1 [a]", "2 error: the quoted field opened on line 2 is never closed"));
}

TEST(CsvReaderTest, DetectionStopsBufferingAtTheFieldLimit) {
  CsvOptions options;
  options.max_field_bytes = 8;
  CsvReader reader(options);
  reader.Feed("\"a;b;c;d;e;f");  // An unclosed quote: the first record never ends.
  EXPECT_EQ(reader.separator(), ',');
}

TEST(CsvReaderTest, RecordsLeaveAsTheirChunkArrives) {
  // Streaming: each chunk yields its own records, nothing piles up.
  CsvReader reader;
  reader.Feed("h1,h2\n");
  EXPECT_EQ(reader.TakeRecords().size(), 1u);
  for (int i = 0; i < 10000; ++i) {
    reader.Feed(absl::StrCat(i, ",x\n", i, ",y\n"));
    const std::vector<CsvRecord> records = reader.TakeRecords();
    ASSERT_EQ(records.size(), 2u);
    EXPECT_EQ(records.back().line, 3 + 2 * i);
  }
}

TEST(CsvReaderTest, FeedAfterFinishIsIgnored) {
  CsvReader reader;
  reader.Feed("a\nb");
  reader.Finish();
  reader.Feed("c\n");
  reader.Finish();
  EXPECT_THAT(Dump(reader.TakeRecords()), ElementsAre("1 [a]", "2 [b]"));
}

// ---------------------------------------------------------------------------------------------
// Chunk boundaries: any split of the input gives what a single Feed gives.

const std::vector<std::string>& NastyCorpus() {
  static const auto* corpus = new std::vector<std::string>{
      "\xEF\xBB\xBF"
      "Tax ID;Name;Email\r\n\"1;2\";\"say \"\"x\"\"\";a@b.co\r\n\r\n",
      "a,\"b\r\nc\",d\r\n\"\"\"\",e,\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\r\rlast",
      "\n\r\n\xEF\xBB\xBFx,y\n\"unclosed\n,z",
      "\xEF\xBB"
      "a\r\"b\rc\"\r\n\r\n,,\n\xFF\xFE",
      "\"a,b,c\";d\n1;\"2\"x;3\r\n",
      "h\nabcdefgh,i\n\"jklmnopq\"\n1,2,3,4,5\nok\n",  // Hits the limits of SmallChunkOptions().
  };
  return *corpus;
}

CsvOptions SmallChunkOptions() {
  CsvOptions options;
  options.max_field_bytes = 6;
  options.max_fields = 4;
  return options;
}

std::vector<CsvOptions> OptionVariants() {
  return {CsvOptions{}, WithSeparator(','), WithSeparator(';'), SmallChunkOptions()};
}

TEST(CsvReaderTest, EverySingleSplitGivesTheSameRecords) {
  for (const CsvOptions& options : OptionVariants()) {
    for (const std::string& input : NastyCorpus()) {
      const std::vector<std::string> whole = ReadCut(input, {}, options);
      for (size_t cut = 0; cut <= input.size(); ++cut) {
        ASSERT_EQ(ReadCut(input, {cut}, options), whole) << "cut at " << cut << " of " << input;
      }
    }
  }
}

TEST(CsvReaderTest, EveryPairOfSplitsGivesTheSameRecords) {
  for (const CsvOptions& options : OptionVariants()) {
    for (const std::string& input : NastyCorpus()) {
      const std::vector<std::string> whole = ReadCut(input, {}, options);
      for (size_t first = 0; first <= input.size(); ++first) {
        for (size_t second = first; second <= input.size(); ++second) {
          ASSERT_EQ(ReadCut(input, {first, second}, options), whole)
              << "cuts at " << first << " and " << second << " of " << input;
        }
      }
    }
  }
}

TEST(CsvReaderTest, OneByteChunksGiveTheSameRecords) {
  for (const CsvOptions& options : OptionVariants()) {
    for (const std::string& input : NastyCorpus()) {
      std::vector<size_t> every_byte;
      for (size_t i = 1; i < input.size(); ++i) every_byte.push_back(i);
      EXPECT_EQ(ReadCut(input, every_byte, options), ReadCut(input, {}, options)) << input;
    }
  }
}

// Pins the expected reading of one corpus entry, so that the split tests compare against a
// known-good result rather than against whatever a single Feed happens to give.
TEST(CsvReaderTest, CorpusReadingIsTheExpectedOne) {
  EXPECT_THAT(ReadCut(NastyCorpus()[0], {}),
              ElementsAre("1 [Tax ID][Name][Email]", "2 [1;2][say \"x\"][a@b.co]", "separator ;"));
  EXPECT_THAT(ReadCut(NastyCorpus()[1], {}),
              ElementsAre("1 [a][b\r\nc][d]", "3 [\"][e][\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80]",
                          "5 [last]", "separator ,"));
  EXPECT_THAT(
      ReadCut(NastyCorpus()[2], {}),
      ElementsAre("3 [\xEF\xBB\xBFx][y]",
                  "4 error: the quoted field opened on line 4 is never closed", "separator ,"));
  EXPECT_THAT(ReadCut(NastyCorpus()[3], {}),
              ElementsAre("1 [\xEF\xBB"
                          "a]",
                          "2 [b\rc]", "5 [][][]", "6 [\xFF\xFE]", "separator ,"));
  EXPECT_THAT(ReadCut(NastyCorpus()[5], {}, SmallChunkOptions()),
              ElementsAre("1 [h]", "2 error: field 1 is longer than 6 bytes",
                          "3 error: field 1 is longer than 6 bytes",
                          "4 error: the record has more than 4 fields", "5 [ok]", "separator ,"));
}

}  // namespace
}  // namespace supplynet
