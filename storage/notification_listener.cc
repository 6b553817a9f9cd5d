#include "storage/notification_listener.h"

#include <chrono>
#include <utility>

#include "pqxx/connection"
#include "pqxx/notification"

namespace supplynet::storage {
namespace {

// Collects the payloads that one await_notification() call delivers.
class Receiver : public pqxx::notification_receiver {
 public:
  Receiver(pqxx::connection_base& conn, const std::string& channel, std::vector<std::string>& batch)
      : pqxx::notification_receiver(conn, channel), batch_(batch) {}
  void operator()(const std::string& payload, int) override { batch_.push_back(payload); }

 private:
  std::vector<std::string>& batch_;
};

}  // namespace

NotificationListener::NotificationListener(std::string url, std::string channel,
                                           PayloadsHandler on_payloads,
                                           std::function<void()> on_listening,
                                           std::function<void()> on_lost)
    : url_(std::move(url)),
      channel_(std::move(channel)),
      on_payloads_(std::move(on_payloads)),
      on_listening_(std::move(on_listening)),
      on_lost_(std::move(on_lost)),
      thread_([this] { Run(); }) {}

NotificationListener::~NotificationListener() { Stop(); }

void NotificationListener::Stop() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
}

void NotificationListener::Run() {
  bool listened_before = false;
  while (!stop_) {
    bool listening = false;
    try {
      pqxx::connection conn(url_);
      std::vector<std::string> batch;
      Receiver receiver(conn, channel_, batch);
      // The receiver's constructor has run LISTEN (synchronously, the connection being open).
      listening = true;
      if (listened_before) ++reconnects_;
      listened_before = true;
      on_listening_();
      // Wakes at least once a second to see a stop request.
      while (!stop_) {
        conn.await_notification(1, 0);
        if (batch.empty()) continue;
        on_payloads_(batch);
        batch.clear();
      }
    } catch (const std::exception&) {
      if (listening && on_lost_) on_lost_();
      for (int i = 0; i < 10 && !stop_; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
  }
}

}  // namespace supplynet::storage
