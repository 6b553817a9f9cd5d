#include "app/document_events.h"

#include <algorithm>
#include <cstddef>
#include <limits>
#include <map>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/paging.h"
#include "domain/secrets.h"
#include "domain/status_macros.h"

namespace supplynet {
namespace {

using storage::DocumentEventRepository;
using storage::DocumentEventRow;
using storage::EventPosition;
using storage::Tx;

constexpr char kCursorList[] = "document_events";
constexpr int kReplaySlice = 500;
constexpr std::ptrdiff_t kReadBatch = 1000;
constexpr absl::Duration kPollSlice = absl::Milliseconds(500);
// The horizon of a cursor made before cursors had one: no transaction is at or after it, so
// such a cursor resumes by event id alone, as it did.
constexpr uint64_t kNoHorizon = std::numeric_limits<uint64_t>::max();

std::string CompanyDigest(const std::string& company_id) {
  return HashToken(company_id).substr(0, 16);
}

std::string CursorOf(const EventPosition& p, const std::string& company_id) {
  return EncodePageToken({kCursorList, ""}, {absl::StrCat(p.event_id), absl::StrCat(p.horizon),
                                             absl::StrCat(p.xact_id), CompanyDigest(company_id)});
}

absl::StatusOr<EventPosition> PositionOf(const std::string& cursor, const std::string& company_id) {
  const absl::Status foreign =
      absl::OutOfRangeError("start_cursor is not a cursor of this company's event stream");
  EventPosition p{0, kNoHorizon, 0};
  absl::StatusOr<std::vector<std::string>> key = DecodePageToken({kCursorList, ""}, cursor, 4);
  if (key.ok()) {
    if (!absl::SimpleAtoi((*key)[1], &p.horizon) || !absl::SimpleAtoi((*key)[2], &p.xact_id)) {
      return foreign;
    }
  } else {
    key = DecodePageToken({kCursorList, ""}, cursor, 2);  // A cursor without a horizon.
    if (!key.ok()) return foreign;
  }
  if (!absl::SimpleAtoi(key->front(), &p.event_id) || key->back() != CompanyDigest(company_id)) {
    return foreign;
  }
  return p;
}

// "event_id:horizon:xact_id" as written by the trigger of migration 0006.
std::optional<EventPosition> PositionOfPayload(const std::string& payload) {
  const std::vector<std::string> parts = absl::StrSplit(payload, ':');
  EventPosition p;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &p.event_id) ||
      !absl::SimpleAtoi(parts[1], &p.horizon) || !absl::SimpleAtoi(parts[2], &p.xact_id)) {
    return std::nullopt;
  }
  return p;
}

std::optional<Direction> DirectionFor(const DocumentEventRow& e, const std::string& company) {
  if (e.receiver_company_id == company) return Direction::kReceived;
  if (e.issuer_company_id == company) return Direction::kIssued;
  return std::nullopt;
}

// Reads the events of `ids` in batches and hands them over in the order of `ids`; false when
// the database could not be read.
bool ForEachEventOf(storage::Database& db, const std::vector<int64_t>& ids,
                    const std::function<void(const DocumentEventRow&)>& visit) {
  for (auto begin = ids.begin(); begin != ids.end();) {
    const auto end = ids.end() - begin > kReadBatch ? begin + kReadBatch : ids.end();
    const std::vector<int64_t> batch(begin, end);
    begin = end;
    absl::StatusOr<std::vector<DocumentEventRow>> rows =
        db.Read([&](Tx& tx) { return DocumentEventRepository::ByIds(tx, batch); });
    if (!rows.ok()) return false;
    std::map<int64_t, const DocumentEventRow*> by_id;
    for (const DocumentEventRow& row : *rows) by_id[row.change.event_id] = &row;
    for (int64_t id : batch) {
      if (auto it = by_id.find(id); it != by_id.end()) visit(*it->second);
    }
  }
  return true;
}

// Pages through the events that `company_id` may see (every company's when empty) and that
// may have committed after `from`, until `visit` returns false (CANCELLED).
absl::Status ForEachEventSince(storage::Database& db, const std::string& company_id,
                               const EventPosition& from,
                               const std::function<bool(const DocumentEventRow&)>& visit) {
  for (int64_t after = -1;;) {
    ASSIGN_OR_RETURN(std::vector<DocumentEventRow> slice, db.Read([&](Tx& tx) {
      return DocumentEventRepository::Since(tx, company_id, from, after, kReplaySlice);
    }));
    for (const DocumentEventRow& event : slice) {
      if (!visit(event)) return absl::CancelledError("the visitor stopped");
      after = event.change.event_id;
    }
    if (static_cast<int>(slice.size()) < kReplaySlice) return absl::OkStatus();
  }
}

}  // namespace

void EventSubscription::Push(const DocumentEventRow& event) {
  std::lock_guard<std::mutex> lock(mu_);
  if (queue_.size() >= kMaxQueued) {
    overflowed_ = true;
  } else {
    queue_.push_back(event);
  }
  cv_.notify_all();
}

void EventSubscription::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  cv_.notify_all();
}

std::optional<std::deque<DocumentEventRow>> EventSubscription::Wait(absl::Duration timeout) {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait_for(lock, absl::ToChronoNanoseconds(timeout),
               [&] { return closed_ || overflowed_ || !queue_.empty(); });
  if (closed_ || overflowed_) return std::nullopt;
  std::deque<DocumentEventRow> out;
  out.swap(queue_);
  return out;
}

absl::StatusOr<std::unique_ptr<DocumentEventHub>> DocumentEventHub::Create(storage::Database& db) {
  ASSIGN_OR_RETURN(EventPosition start,
                   db.Read([](Tx& tx) { return DocumentEventRepository::Now(tx); }));
  return std::unique_ptr<DocumentEventHub>(new DocumentEventHub(db, start));
}

std::shared_ptr<EventSubscription> DocumentEventHub::Subscribe(const std::string& company_id) {
  auto subscription = std::make_shared<EventSubscription>(company_id);
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) {
    subscription->Close();
  } else {
    subscriptions_.insert(subscription);
  }
  return subscription;
}

void DocumentEventHub::Unsubscribe(const std::shared_ptr<EventSubscription>& subscription) {
  std::lock_guard<std::mutex> lock(mu_);
  subscriptions_.erase(subscription);
}

size_t DocumentEventHub::watchers() {
  std::lock_guard<std::mutex> lock(mu_);
  return subscriptions_.size();
}

bool DocumentEventHub::HasSubscribers() {
  std::lock_guard<std::mutex> lock(mu_);
  return !subscriptions_.empty();
}

void DocumentEventHub::OnNotifications(const std::vector<std::string>& payloads) {
  std::vector<int64_t> ids;
  for (const std::string& payload : payloads) {
    const std::optional<EventPosition> p = PositionOfPayload(payload);
    if (!p.has_value()) continue;
    ids.push_back(p->event_id);
    position_ = *p;
  }
  // Nobody watches: no read at all. A watcher subscribing now reads these in its own replay.
  if (ids.empty() || !HasSubscribers()) return;
  if (!ForEachEventOf(db_, ids, [&](const DocumentEventRow& e) { Dispatch(e); })) {
    EndSubscriptions();
  }
}

void DocumentEventHub::OnListening() {
  absl::StatusOr<EventPosition> now =
      db_.ReadStatement([](Tx& tx) { return DocumentEventRepository::Now(tx); });
  if (!now.ok()) {
    EndSubscriptions();
    return;
  }
  if (HasSubscribers()) {
    const absl::Status caught_up = ForEachEventSince(db_, "", position_, [&](const auto& e) {
      Dispatch(e);
      return true;
    });
    if (!caught_up.ok()) EndSubscriptions();
  }
  // What was invisible to `now` has a transaction at or after its horizon, and what commits
  // from here on is notified.
  position_ = *now;
}

void DocumentEventHub::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  EndSubscriptionsLocked();
}

void DocumentEventHub::EndSubscriptions() {
  std::lock_guard<std::mutex> lock(mu_);
  EndSubscriptionsLocked();
}

void DocumentEventHub::EndSubscriptionsLocked() {
  for (const auto& s : subscriptions_) s->Close();
  subscriptions_.clear();
}

void DocumentEventHub::Dispatch(const DocumentEventRow& event) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& s : subscriptions_) {
    if (DirectionFor(event, s->company_id()).has_value()) s->Push(event);
  }
}

namespace {

// One watcher's stream: what it may see, where it stands, and its sink.
class WatchStream {
 public:
  WatchStream(std::string company, std::optional<Direction> direction, const WatchSink& sink,
              EventPosition start)
      : company_(std::move(company)), direction_(direction), sink_(sink), position_(start) {}

  // A message without an event, with the cursor; false when the client went away.
  bool SendHeartbeat() { return Emit(std::nullopt, Direction::kReceived); }
  bool SendHeartbeatIfQuietFor(absl::Duration quiet) {
    return absl::Now() - last_sent_ < quiet || SendHeartbeat();
  }
  // Moves to `next`, past `event`, and sends the event when the watcher wants it; false when
  // the client went away.
  bool Send(const DocumentEventRow& event, const EventPosition& next) {
    position_ = next;
    const std::optional<Direction> d = DirectionFor(event, company_);
    if (!d.has_value() || (direction_.has_value() && *d != *direction_)) return true;
    return Emit(event, *d);
  }
  void MoveTo(const EventPosition& p) { position_ = p; }
  const EventPosition& position() const { return position_; }

 private:
  bool Emit(const std::optional<DocumentEventRow>& event, Direction d) {
    last_sent_ = absl::Now();
    return sink_(WatchMessage{CursorOf(position_, company_), event, d});
  }

  const std::string company_;
  const std::optional<Direction> direction_;
  const WatchSink& sink_;
  EventPosition position_;
  absl::Time last_sent_ = absl::Now();
};

// The bulk of a resumed watch's catch-up, read from the standby in ONE snapshot S: every
// event the watcher may see after its position, then the position S stands at. What S did not
// show has a transaction at or after S's horizon, so the primary's catch-up from there misses
// nothing (it repeats the few events of transactions at or after the horizon that S did show).
// A statement on the standby is bounded by replication lag and sees one consistent state, but
// not always the same one from statement to statement, hence the single snapshot. Sets
// `client_left` when the sink failed. On any error the stream keeps the position of the last
// event sent, which is a valid cursor for the primary to go on from.
absl::Status CatchUpFromStandby(storage::Database& read_db, const std::string& company,
                                WatchStream& stream, bool& client_left) {
  return read_db.ReadSnapshot([&](Tx& tx) -> absl::Status {
    ASSIGN_OR_RETURN(const EventPosition seen, DocumentEventRepository::Now(tx));
    const EventPosition from = stream.position();
    for (int64_t after = -1;;) {
      ASSIGN_OR_RETURN(std::vector<DocumentEventRow> slice,
                       DocumentEventRepository::Since(tx, company, from, after, kReplaySlice));
      for (const DocumentEventRow& event : slice) {
        if (!stream.Send(event, {event.change.event_id, seen.horizon, 0})) {
          client_left = true;
          return absl::OkStatus();
        }
        after = event.change.event_id;
      }
      if (static_cast<int>(slice.size()) < kReplaySlice) break;
    }
    stream.MoveTo({std::max(stream.position().event_id, seen.event_id), seen.horizon, 0});
    return absl::OkStatus();
  });
}

}  // namespace

absl::Status DocumentWatch::Watch(const Principal& caller, std::optional<Direction> direction,
                                  const std::string& start_cursor, const WatchSink& sink,
                                  const std::function<bool()>& cancelled) {
  const std::string& company = caller.company_id;
  std::optional<EventPosition> resume_from;
  if (!start_cursor.empty()) {
    ASSIGN_OR_RETURN(resume_from, PositionOf(start_cursor, company));
  }
  // Subscribe before reading anything, so that no change falls between the two.
  std::shared_ptr<EventSubscription> live = hub_.Subscribe(company);
  struct Unsubscribe {
    DocumentEventHub& hub;
    std::shared_ptr<EventSubscription> s;
    ~Unsubscribe() { hub.Unsubscribe(s); }
  } unsubscribe{hub_, live};
  ASSIGN_OR_RETURN(const EventPosition now,
                   db_.ReadStatement([](Tx& tx) { return DocumentEventRepository::Now(tx); }));

  WatchStream stream(company, direction, sink, resume_from.value_or(now));
  if (!stream.SendHeartbeat()) return absl::OkStatus();
  if (resume_from.has_value()) {
    bool client_left = false;
    if (&read_db_ != &db_) {
      // Whatever the standby could not serve (it is down, it cancelled the read, it lags), the
      // primary's catch-up below reads from where the standby's left the stream.
      CatchUpFromStandby(read_db_, company, stream, client_left).IgnoreError();
      if (client_left) return absl::OkStatus();
    }
    // Replayed in id order, not commit order: until the replay ends, only `now`'s horizon
    // bounds what is still to come.
    const EventPosition from = stream.position();
    const absl::Status replayed =
        ForEachEventSince(db_, company, from, [&](const DocumentEventRow& e) {
          client_left = !stream.Send(e, {e.change.event_id, now.horizon, 0});
          return !client_left;
        });
    if (client_left) return absl::OkStatus();
    RETURN_IF_ERROR(replayed);
    stream.MoveTo({std::max(stream.position().event_id, now.event_id), now.horizon, 0});
  }
  while (!cancelled()) {
    std::optional<std::deque<DocumentEventRow>> events = live->Wait(kPollSlice);
    if (!events.has_value()) {
      return absl::UnavailableError(
          "the event stream ended (server stopping or watcher too "
          "slow); resume from the last cursor");
    }
    for (const DocumentEventRow& event : *events) {
      // Its transaction ended before `now`: the replay read it, or it precedes the stream.
      if (event.position.xact_id < now.horizon) continue;
      if (!stream.Send(event, event.position)) return absl::OkStatus();
    }
    if (!stream.SendHeartbeatIfQuietFor(heartbeat_)) return absl::OkStatus();
  }
  return absl::CancelledError("the client left");
}

}  // namespace supplynet
