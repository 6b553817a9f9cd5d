// WatchDocumentEvents: status changes of the caller's documents as they are committed, on any
// server replica. Each replica keeps one LISTEN connection (storage/notification_listener);
// the hub reads each notified event once and hands it to the watchers of the companies that
// may see it. A watcher resumes from a cursor (the last event id it saw) by reading the
// history after it, then follows the live feed; delivery is at-least-once.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "domain/account.h"
#include "domain/document.h"
#include "storage/database.h"
#include "storage/document_repository.h"

namespace supplynet {

// The live events of one company, queued for one watcher.
class EventSubscription {
 public:
  explicit EventSubscription(std::string company_id) : company_id_(std::move(company_id)) {}
  const std::string& company_id() const { return company_id_; }
  void Push(const storage::DocumentEventRow& event);
  void Close();
  // Waits up to `timeout` for events. nullopt once closed or when the queue overflowed (the
  // watcher is too slow and must resume from its cursor).
  std::optional<std::deque<storage::DocumentEventRow>> Wait(absl::Duration timeout);

 private:
  static constexpr size_t kMaxQueued = 10000;
  const std::string company_id_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<storage::DocumentEventRow> queue_;
  bool closed_ = false;
  bool overflowed_ = false;
};

class DocumentEventHub {
 public:
  explicit DocumentEventHub(storage::Database& db) : db_(db) {}
  std::shared_ptr<EventSubscription> Subscribe(const std::string& company_id);
  void Unsubscribe(const std::shared_ptr<EventSubscription>& subscription);
  // From the listener: the payload is an event id.
  void OnNotification(const std::string& payload);
  // From the listener after a lost connection: delivers what was committed meanwhile.
  void OnReconnect();
  // Ends every subscription (server shutdown).
  void Close();

 private:
  void Dispatch(const storage::DocumentEventRow& event);

  storage::Database& db_;
  std::mutex mu_;
  std::set<std::shared_ptr<EventSubscription>> subscriptions_;
  int64_t last_event_id_ = 0;
  bool closed_ = false;
};

struct WatchMessage {
  std::string cursor;
  std::optional<storage::DocumentEventRow> event;  // Unset: a heartbeat.
  Direction direction = Direction::kReceived;
};

// Sends one message; false when the client went away.
using WatchSink = std::function<bool(const WatchMessage&)>;

class DocumentWatch {
 public:
  DocumentWatch(storage::Database& db, DocumentEventHub& hub, absl::Duration heartbeat)
      : db_(db), hub_(hub), heartbeat_(heartbeat) {}

  // Streams until the client leaves (`cancelled`), the sink fails or the hub closes. The first
  // message carries no event: it says the stream is live and gives a cursor to resume from.
  // A malformed or foreign cursor is OUT_OF_RANGE.
  absl::Status Watch(const Principal& caller, std::optional<Direction> direction,
                     const std::string& start_cursor, const WatchSink& sink,
                     const std::function<bool()>& cancelled);

 private:
  storage::Database& db_;
  DocumentEventHub& hub_;
  const absl::Duration heartbeat_;
};

}  // namespace supplynet
