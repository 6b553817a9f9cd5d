#include "client-lib/cli/import_progress_view.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

namespace supplynet::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

// A clock the test moves by hand.
struct FakeClock {
  std::chrono::steady_clock::time_point now{};
  ImportProgressView::Now Reader() {
    return [this] { return now; };
  }
};

client::ImportProgress Sent(int64_t bytes, int64_t total, int64_t rows, bool done = false) {
  client::ImportProgress progress;
  progress.bytes_sent = bytes;
  progress.total_bytes = total;
  progress.lines_sent = rows + 1;  // The header's line too.
  progress.rows_sent = rows;
  progress.done = done;
  return progress;
}

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

TEST(ImportProgressViewTest, PlainLinesOnlyAtEveryTenthAndAtTheEnd) {
  FakeClock clock;
  std::ostringstream out;
  ImportProgressView view(out, /*terminal=*/false, clock.Reader());
  for (int64_t sent = 10; sent <= 1000; sent += 10) {
    clock.now += std::chrono::milliseconds(10);
    view.Update(Sent(sent, 1000, sent / 10));
  }
  view.Update(Sent(1000, 1000, 100, /*done=*/true));
  const std::vector<std::string> lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 10u);  // 10% ... 90%, then 100% once, with the report on its way.
  EXPECT_THAT(lines[0], HasSubstr(" 10%"));
  EXPECT_THAT(lines[8], HasSubstr(" 90%"));
  EXPECT_THAT(lines[9], HasSubstr("100%"));
  EXPECT_THAT(lines[9], HasSubstr("waiting for the report"));
  for (const std::string& line : lines) {
    EXPECT_THAT(line, ::testing::StartsWith("progress: "));
    EXPECT_THAT(line, Not(HasSubstr("\x1b")));
  }
}

TEST(ImportProgressViewTest, PlainLinesShowBytesRowsRateAndEta) {
  FakeClock clock;
  std::ostringstream out;
  ImportProgressView view(out, /*terminal=*/false, clock.Reader());
  clock.now += std::chrono::seconds(2);
  view.Update(Sent(2 * 1024 * 1024, 4 * 1024 * 1024, 20000));
  EXPECT_EQ(out.str(), "progress:  50%  2.0 MiB / 4.0 MiB  20000 rows  1.0 MiB/s  ETA 0:02\n");
}

TEST(ImportProgressViewTest, TerminalRedrawsOneLineWithABar) {
  FakeClock clock;
  std::ostringstream out;
  ImportProgressView view(out, /*terminal=*/true, clock.Reader());
  clock.now += std::chrono::seconds(1);
  view.Update(Sent(500, 1000, 5));
  view.Update(Sent(1000, 1000, 10, /*done=*/true));
  EXPECT_THAT(out.str(), HasSubstr("\r[###############...............]  50%"));
  EXPECT_THAT(out.str(), HasSubstr("\x1b[K"));
  EXPECT_EQ(Lines(out.str()).size(), 1u);  // Only the last update ends the line.
}

TEST(ImportProgressViewTest, UnknownSizeStepsEveryTenMebibytes) {
  FakeClock clock;
  std::ostringstream out;
  ImportProgressView view(out, /*terminal=*/false, clock.Reader());
  view.Update(Sent(5 << 20, -1, 1));
  view.Update(Sent(11 << 20, -1, 2));
  EXPECT_EQ(Lines(out.str()).size(), 1u);
  EXPECT_THAT(out.str(), Not(HasSubstr("ETA")));
}

TEST(ImportProgressViewTest, Units) {
  EXPECT_EQ(ByteText(830), "830 B");
  EXPECT_EQ(ByteText(1536), "1.5 KiB");
  EXPECT_EQ(DurationText(65), "1:05");
  EXPECT_EQ(DurationText(3725), "1:02:05");
  EXPECT_EQ(DurationText(NAN), "-");
}

}  // namespace
}  // namespace supplynet::cli
