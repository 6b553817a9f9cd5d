// A dedicated PostgreSQL connection that LISTENs on one channel and hands the payloads of its
// notifications to a callback, in commit order, a batch per wake-up (a burst of commits is
// handled in one go). It reconnects by itself after a failure; `on_listening` runs each time
// the LISTEN is in place, before any payload received on that connection, because
// notifications sent while it was not listening are lost; `on_lost` (optional) runs when a
// connection that was listening fails.
//
// Connect it with the primary's URL: LISTEN is refused on a hot standby (SQLSTATE 25006), and
// a connection to a primary that a failover stops ends with that server; either way it tries
// again every second, and a multi-host URL with target_session_attrs=read-write (or a proxy
// that follows the primary) lands it on the new primary.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

namespace supplynet::storage {

class NotificationListener {
 public:
  using PayloadsHandler = std::function<void(const std::vector<std::string>&)>;

  NotificationListener(std::string url, std::string channel, PayloadsHandler on_payloads,
                       std::function<void()> on_listening, std::function<void()> on_lost = {});
  ~NotificationListener();  // Stops.
  void Stop();

  const std::string& channel() const { return channel_; }
  // Times the LISTEN was put in place again after the first (a lost connection, or a failed
  // attempt, before it).
  int64_t reconnects() const { return reconnects_; }

 private:
  void Run();

  const std::string url_;
  const std::string channel_;
  const PayloadsHandler on_payloads_;
  const std::function<void()> on_listening_;
  const std::function<void()> on_lost_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> reconnects_{0};
  std::thread thread_;
};

}  // namespace supplynet::storage
