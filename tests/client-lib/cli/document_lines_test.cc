#include "client-lib/cli/document_lines.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <iostream>
#include <istream>
#include <map>
#include <sstream>
#include <streambuf>
#include <string>
#include <utility>
#include <vector>

namespace supplynet::cli {
namespace {

constexpr char kInvoice[] =
    R"({"country":"COUNTRY_CO","type":"DOCUMENT_TYPE_INVOICE","series":"FE","number":"1"})";

// An input of pieces, each `text` repeated `times`, produced as it is read: a file of
// gigabytes without gigabytes of memory.
class GeneratedInput : public std::streambuf {
 public:
  struct Piece {
    std::string text;
    int64_t times = 1;
  };
  explicit GeneratedInput(std::vector<Piece> pieces) : pieces_(std::move(pieces)) {}

 protected:
  int_type underflow() override {
    size_t filled = 0;
    while (filled < sizeof(buffer_) && piece_ < pieces_.size()) {
      const Piece& piece = pieces_[piece_];
      const size_t n = std::min(piece.text.size() - offset_, sizeof(buffer_) - filled);
      std::memcpy(buffer_ + filled, piece.text.data() + offset_, n);
      filled += n;
      offset_ += n;
      if (offset_ == piece.text.size()) {
        offset_ = 0;
        if (++repeat_ == piece.times) {
          repeat_ = 0;
          ++piece_;
        }
      }
    }
    if (filled == 0) return traits_type::eof();
    setg(buffer_, buffer_, buffer_ + filled);
    return traits_type::to_int_type(buffer_[0]);
  }

 private:
  std::vector<Piece> pieces_;
  size_t piece_ = 0;
  int64_t repeat_ = 0;
  size_t offset_ = 0;
  char buffer_[1 << 16];
};

// The process's peak resident memory so far (VmHWM), in KiB.
int64_t PeakRssKib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

struct Outcome {
  std::vector<std::string> documents;  // Each document's client_key (its line number).
  std::map<int64_t, std::string> bad;  // Line -> why.
};

Outcome ReadAll(std::istream& in) {
  Outcome outcome;
  client::DocumentSource source = DocumentLinesSource(
      in, [&](int64_t line, const std::string& error) { outcome.bad[line] = error; });
  v1::SyncDocumentsRequest next;
  for (;;) {
    absl::StatusOr<bool> more = source(next);
    EXPECT_TRUE(more.ok()) << more.status();
    if (!more.ok() || !*more) break;
    outcome.documents.push_back(next.client_key());
    next.Clear();
  }
  return outcome;
}

TEST(DocumentLinesTest, ReadsDocumentsLineByLineAndReportsBadOnes) {
  std::istringstream in(std::string(kInvoice) + "\r\n\n   \nnot json\n" + kInvoice);
  const Outcome outcome = ReadAll(in);
  EXPECT_EQ(outcome.documents, (std::vector<std::string>{"1", "5"}));
  ASSERT_EQ(outcome.bad.size(), 1U);
  EXPECT_NE(outcome.bad.at(4).find("not a Document in JSON"), std::string::npos);
}

TEST(DocumentLinesTest, ALineOfExactlyTheLimitIsReadAndOneByteMoreIsSkipped) {
  const std::string padded = std::string(kInvoice).insert(
      1, std::string(kMaxDocumentLineBytes - std::strlen(kInvoice), ' '));
  ASSERT_EQ(padded.size(), kMaxDocumentLineBytes);
  std::istringstream in(padded + "\n " + padded + "\n" + padded);
  const Outcome outcome = ReadAll(in);
  EXPECT_EQ(outcome.documents, (std::vector<std::string>{"1", "3"}));
  ASSERT_EQ(outcome.bad.size(), 1U);
  EXPECT_NE(outcome.bad.at(2).find("longer than"), std::string::npos);
}

// Bombs: a single line of 1 GiB, a line nested a million levels deep, an object of 100,000
// members; each is reported on its line, the documents around them are read, and memory
// stays flat (the 1 GiB line is never held).
TEST(DocumentLinesTest, BombsAreReportedAndMemoryStaysFlat) {
  const int64_t peak_before = PeakRssKib();
  GeneratedInput input({{std::string(kInvoice) + "\n"},
                        {std::string(1 << 20, 'x'), 1024},  // 1 GiB, no line break.
                        {"\n{\"series\":"},
                        {"[", 1000000},
                        {"\n{"},
                        {"\"f\":1,", 100000},
                        {"\"g\":1}\n"},
                        {kInvoice}});
  std::istream in(&input);
  const Outcome outcome = ReadAll(in);
  EXPECT_EQ(outcome.documents, (std::vector<std::string>{"1", "5"}));
  ASSERT_EQ(outcome.bad.size(), 3U);
  EXPECT_NE(outcome.bad.at(2).find("longer than"), std::string::npos);
  EXPECT_NE(outcome.bad.at(3).find("not a Document in JSON"), std::string::npos);
  EXPECT_NE(outcome.bad.at(4).find("not a Document in JSON"), std::string::npos);
  const int64_t grown_kib = PeakRssKib() - peak_before;
  std::cout << "JSON-lines bombs (1 GiB line, 10^6 levels, 10^5 members): peak memory grew "
            << grown_kib / 1024 << " MiB\n";
  EXPECT_LT(grown_kib, 64 * 1024) << "the reader held a bomb in memory";
}

}  // namespace
}  // namespace supplynet::cli
