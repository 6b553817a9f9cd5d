// WatchDocumentEvents: status changes of the caller's documents as they are committed, on any
// server replica. Each replica keeps one LISTEN connection (storage/notification_listener);
// the hub reads each notified event once and hands it to the watchers of the companies that
// may see it. A watcher resumes from a cursor (a position in the commit order, see
// storage/document_event_repository.h) by reading every event that may have committed after
// it, then follows the live feed; delivery is at-least-once (a resumed watcher may see an
// event again, never miss one).
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/account.h"
#include "domain/document.h"
#include "storage/database.h"
#include "storage/document_event_repository.h"

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
  // A hub that follows the stream from where it stands now (read before the server serves,
  // so that nothing committed before the listener's first LISTEN is lost).
  static absl::StatusOr<std::unique_ptr<DocumentEventHub>> Create(storage::Database& db);

  std::shared_ptr<EventSubscription> Subscribe(const std::string& company_id);
  void Unsubscribe(const std::shared_ptr<EventSubscription>& subscription);
  // From the listener: payloads "event_id:horizon:xact_id", in commit order.
  void OnNotifications(const std::vector<std::string>& payloads);
  // From the listener each time its LISTEN is in place: delivers what committed since the
  // hub's position, which after a lost connection is what it was not notified of.
  void OnListening();
  // Ends every subscription (server shutdown).
  void Close();
  // Watch streams subscribed now (for metrics).
  size_t watchers();

 private:
  DocumentEventHub(storage::Database& db, storage::EventPosition start)
      : db_(db), position_(start) {}
  bool HasSubscribers();
  void Dispatch(const storage::DocumentEventRow& event);
  // Events the hub cannot read are not silently skipped: every watcher is ended and resumes
  // from its cursor.
  void EndSubscriptions();
  void EndSubscriptionsLocked();

  storage::Database& db_;
  std::mutex mu_;
  std::set<std::shared_ptr<EventSubscription>> subscriptions_;
  bool closed_ = false;
  // Every event not yet dispatched is after this position. Only the listener's thread moves it.
  storage::EventPosition position_;
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
  // A resumed watch reads its catch-up from `read_db` (a standby that may lag; `db` itself
  // without one) and then what the standby had not replayed from `db`, the primary.
  DocumentWatch(storage::Database& db, storage::Database& read_db, DocumentEventHub& hub,
                absl::Duration heartbeat)
      : db_(db), read_db_(read_db), hub_(hub), heartbeat_(heartbeat) {}

  // Streams until the client leaves (`cancelled`), the sink fails or the hub closes. The first
  // message carries no event: it says the stream is live and gives a cursor to resume from.
  // A malformed or foreign cursor is OUT_OF_RANGE.
  absl::Status Watch(const Principal& caller, std::optional<Direction> direction,
                     const std::string& start_cursor, const WatchSink& sink,
                     const std::function<bool()>& cancelled);

 private:
  storage::Database& db_;
  storage::Database& read_db_;
  DocumentEventHub& hub_;
  const absl::Duration heartbeat_;
};

}  // namespace supplynet
