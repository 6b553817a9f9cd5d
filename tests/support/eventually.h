// Waiting for something another thread or process does, without a timing assertion.
#pragma once

#include <chrono>
#include <thread>

namespace supplynet::testing {

// Polls `condition` every 20 ms for up to a minute (a hang guard, not a timing assertion).
template <typename Condition>
bool Eventually(Condition condition) {
  for (int i = 0; i < 3000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return false;
}

}  // namespace supplynet::testing
