#include "storage/notification_listener.h"

#include <chrono>
#include <utility>

#include "pqxx/connection"
#include "pqxx/notification"

namespace supplynet::storage {
namespace {

class Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& conn, const std::string& channel,
           const std::function<void(const std::string&)>& on_payload)
      : pqxx::notification_receiver(conn, channel), on_payload_(on_payload) {}
  void operator()(const std::string& payload, int) override { on_payload_(payload); }

 private:
  const std::function<void(const std::string&)>& on_payload_;
};

}  // namespace

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           std::function<void(const std::string&)> on_payload,
                                           std::function<void()> on_reconnect)
    : url_(std::move(url)),
      channel_(std::move(channel)),
      on_payload_(std::move(on_payload)),
      on_reconnect_(std::move(on_reconnect)),
      thread_([this] { Run(); }) {}

NotificationListener::~NotificationListener() { Stop(); }

void NotificationListener::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void NotificationListener::Run() {
  bool connected_before = false;
  while (!stop_) {
    try {
      pqxx::connection conn(url_);
      Receiver receiver(conn, channel_, on_payload_);
      if (connected_before) on_reconnect_();
      connected_before = true;
      // Wakes at least once a second to see a stop request.
      while (!stop_) conn.await_notification(1, 0);
    } catch (const std::exception&) {
      for (int i = 0; i < 10 && !stop_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }
}

}  // namespace supplynet::storage
