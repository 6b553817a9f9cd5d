// The writer threads of the ingests on their own: order with one thread, overlap with two,
// Drain as the point after which a value is written after everything before it, and a failed
// write stopping the rest.
#include "app/background_writer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace supplynet {
namespace {

// The values written, in the order their writes ended.
class WriteLog {
 public:
  void Add(int value) {
    std::lock_guard<std::mutex> lock(mu_);
    values_.push_back(value);
  }
  std::vector<int> values() const {
    std::lock_guard<std::mutex> lock(mu_);
    return values_;
  }

 private:
  mutable std::mutex mu_;
  std::vector<int> values_;
};

// Blocks each caller until `n` callers are inside at once, or until a deadline: true when
// they met. A writer that wrote one value at a time would never let two meet.
class Meeting {
 public:
  explicit Meeting(int n) : n_(n) {}
  bool Join() {
    std::unique_lock<std::mutex> lock(mu_);
    if (++inside_ >= n_) changed_.notify_all();
    return changed_.wait_for(lock, std::chrono::seconds(10), [&] { return inside_ >= n_; });
  }

 private:
  const int n_;
  std::mutex mu_;
  std::condition_variable changed_;
  int inside_ = 0;
};

// Puts 0, 1, 2, ... until the writer refuses one (a write failed), at most 1,000: how many
// it was handed.
int PutUntilRefused(BackgroundWriter<int>& writer) {
  int put = 0;
  while (put < 1000 && writer.Put(put)) ++put;
  EXPECT_LT(put, 1000) << "Put kept taking values after a write failed";
  return put;
}

TEST(BackgroundWriterTest, OneThreadWritesInTheOrderOfPut) {
  WriteLog log;
  BackgroundWriter<int> writer([&](int v) {
    log.Add(v);
    return absl::OkStatus();
  });
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(writer.Put(i));
  ASSERT_TRUE(writer.Finish().ok());
  std::vector<int> expected(100);
  for (int i = 0; i < 100; ++i) expected[i] = i;
  EXPECT_EQ(log.values(), expected);
}

TEST(BackgroundWriterTest, TwoThreadsWriteTwoValuesAtOnce) {
  Meeting meeting(2);
  std::atomic<int> met{0};
  BackgroundWriter<int> writer(
      [&](int) {
        if (meeting.Join()) ++met;
        return absl::OkStatus();
      },
      /*threads=*/2);
  ASSERT_TRUE(writer.Put(1));
  ASSERT_TRUE(writer.Put(2));
  ASSERT_TRUE(writer.Finish().ok());
  EXPECT_EQ(met.load(), 2);
}

TEST(BackgroundWriterTest, AValuePutAfterDrainIsWrittenAfterEveryEarlierOne) {
  WriteLog log;
  BackgroundWriter<int> writer(
      [&](int v) {
        // The earlier values take longer, so without Drain the last one would overtake them.
        if (v < 4) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        log.Add(v);
        return absl::OkStatus();
      },
      /*threads=*/2);
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(writer.Put(i));
  ASSERT_TRUE(writer.Drain());
  EXPECT_EQ(log.values().size(), 4u);
  ASSERT_TRUE(writer.Put(4));
  ASSERT_TRUE(writer.Finish().ok());
  ASSERT_EQ(log.values().size(), 5u);
  EXPECT_EQ(log.values().back(), 4);
}

TEST(BackgroundWriterTest, AFailedWriteStopsTheRestAndFinishSaysWhy) {
  std::atomic<int> written{0};
  BackgroundWriter<int> writer(
      [&](int v) {
        if (v == 3) return absl::UnavailableError("database gone");
        ++written;
        return absl::OkStatus();
      },
      /*threads=*/2);
  const int put = PutUntilRefused(writer);
  EXPECT_FALSE(writer.Drain());
  const absl::Status status = writer.Finish();
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(status.message(), "database gone");
  EXPECT_LT(written.load(), put);
  EXPECT_FALSE(writer.Put(1000));
}

// A database error thrown on a writer's thread (libpqxx throws) once ended the whole server; it
// now stops the writer and reaches the producer, from Finish.
TEST(BackgroundWriterTest, AThrowingWriteStopsTheRestAndFinishRethrowsIt) {
  std::atomic<int> written{0};
  BackgroundWriter<int> writer(
      [&](int v) {
        if (v == 3) throw std::runtime_error("connection lost");
        ++written;
        return absl::OkStatus();
      },
      /*threads=*/2);
  const int put = PutUntilRefused(writer);
  EXPECT_FALSE(writer.Drain());
  try {
    writer.Finish().IgnoreError();
    ADD_FAILURE() << "Finish did not rethrow";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "connection lost");
  }
  EXPECT_LT(written.load(), put);
}

}  // namespace
}  // namespace supplynet
