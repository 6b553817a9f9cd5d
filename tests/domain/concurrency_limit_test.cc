#include "domain/concurrency_limit.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

namespace supplynet {
namespace {

// Eight threads take slots of a limit of two over and over, each sleeping while it holds one;
// the most that ever hold one at the same moment is counted by the holders themselves.
TEST(ConcurrencyLimitTest, NoMoreThanItsSlotsAreHeldAtOnce) {
  ConcurrencyLimit limit(2);
  std::atomic<int> holding{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  threads.reserve(8);
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        const ConcurrencyLimit::Slot slot(&limit);
        const int now = ++holding;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        --holding;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_LE(most.load(), 2);
  EXPECT_GE(most.load(), 1);
  EXPECT_EQ(holding.load(), 0);
}

// Both slots are free to one thread (a limit that let fewer through would never return here).
TEST(ConcurrencyLimitTest, EverySlotCanBeHeldAtOnce) {
  ConcurrencyLimit limit(2);
  const ConcurrencyLimit::Slot first(&limit);
  const ConcurrencyLimit::Slot second(&limit);
  SUCCEED();
}

// A limit configured below one still lets one through (it would otherwise never return here).
TEST(ConcurrencyLimitTest, ALimitBelowOneStillLetsOneThrough) {
  ConcurrencyLimit limit(0);
  { const ConcurrencyLimit::Slot slot(&limit); }
  const ConcurrencyLimit::Slot again(&limit);
  SUCCEED();
}

}  // namespace
}  // namespace supplynet
