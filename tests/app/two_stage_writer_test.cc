// The import's two-stage writer on its own: order through both stages, and which failure
// Finish reports when one stage stops the other.
#include "app/two_stage_writer.h"

#include <gtest/gtest.h>

#include <mutex>
#include <vector>

namespace supplynet {
namespace {

TEST(TwoStageWriterTest, EveryValueIsPreparedThenWrittenInTheOrderOfPut) {
  std::mutex mu;
  std::vector<int> written;
  TwoStageWriter<int> writer(
      [](int& v) {
        v *= 10;
        return absl::OkStatus();
      },
      [&](int v) {
        std::lock_guard<std::mutex> lock(mu);
        written.push_back(v);
        return absl::OkStatus();
      });
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(writer.Put(i));
  ASSERT_TRUE(writer.Finish().ok());
  std::vector<int> expected(100);
  for (int i = 0; i < 100; ++i) expected[i] = i * 10;
  EXPECT_EQ(written, expected);
}

TEST(TwoStageWriterTest, AFailedPreparationIsReportedAndNothingAfterItIsWritten) {
  std::mutex mu;
  std::vector<int> written;
  TwoStageWriter<int> writer(
      [](int& v) { return v == 5 ? absl::InvalidArgumentError("bad five") : absl::OkStatus(); },
      [&](int v) {
        std::lock_guard<std::mutex> lock(mu);
        written.push_back(v);
        return absl::OkStatus();
      });
  for (int i = 0; i < 1000 && writer.Put(i); ++i) {
  }
  const absl::Status status = writer.Finish();
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(written, (std::vector<int>{0, 1, 2, 3, 4}));
}

// The preparing stage stops because the writing one refused its value: Finish reports the
// write's own failure, not that refusal.
TEST(TwoStageWriterTest, AFailedWriteIsReportedRatherThanThePreparationItStopped) {
  TwoStageWriter<int> writer(
      [](int&) { return absl::OkStatus(); },
      [](int v) { return v == 3 ? absl::UnavailableError("database gone") : absl::OkStatus(); });
  int put = 0;
  while (put < 1000 && writer.Put(put)) ++put;
  EXPECT_LT(put, 1000) << "Put kept taking values after a write failed";
  const absl::Status status = writer.Finish();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "database gone");
}

}  // namespace
}  // namespace supplynet
