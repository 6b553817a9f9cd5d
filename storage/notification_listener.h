// A dedicated PostgreSQL connection that LISTENs on one channel and hands every notification's
// payload to a callback, in commit order. It reconnects by itself after a failure and then
// calls `on_reconnect`, because notifications sent meanwhile were lost.
#pragma once

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace supplynet::storage {

class NotificationListener {
 public:
  NotificationListener(std::string url, std::string channel,
                       std::function<void(const std::string&)> on_payload,
                       std::function<void()> on_reconnect);
  ~NotificationListener();  // Stops.
  void Stop();

 private:
  void Run();

  const std::string url_;
  const std::string channel_;
  const std::function<void(const std::string&)> on_payload_;
  const std::function<void()> on_reconnect_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace supplynet::storage
