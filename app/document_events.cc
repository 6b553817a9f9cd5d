#include "app/document_events.h"

#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/paging.h"
#include "domain/secrets.h"
#include "domain/status_macros.h"

namespace supplynet {
namespace {

using storage::DocumentEventRow;
using storage::DocumentRepository;
using storage::Tx;

constexpr char kCursorList[] = "document_events";
constexpr int kReplaySlice = 500;
constexpr int kMaxMissedEvents = 10000;
constexpr absl::Duration kPollSlice = absl::Milliseconds(500);

std::string CompanyDigest(const std::string& company_id) {
  return HashToken(company_id).substr(0, 16);
}

std::string CursorOf(int64_t event_id, const std::string& company_id) {
  return EncodePageToken(kCursorList, {absl::StrCat(event_id), CompanyDigest(company_id)});
}

absl::StatusOr<int64_t> EventIdOf(const std::string& cursor, const std::string& company_id) {
  absl::StatusOr<std::vector<std::string>> key = DecodePageToken(kCursorList, cursor, 2);
  int64_t id = 0;
  if (!key.ok() || key->size() != 2 || !absl::SimpleAtoi((*key)[0], &id) ||
      (*key)[1] != CompanyDigest(company_id)) {
    return absl::OutOfRangeError("start_cursor is not a cursor of this company's event stream");
  }
  return id;
}

std::optional<Direction> DirectionFor(const DocumentEventRow& e, const std::string& company) {
  if (e.receiver_company_id == company) return Direction::kReceived;
  if (e.issuer_company_id == company) return Direction::kIssued;
  return std::nullopt;
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

void DocumentEventHub::OnNotification(const std::string& payload) {
  int64_t id = 0;
  if (!absl::SimpleAtoi(payload, &id)) return;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (id > last_event_id_) last_event_id_ = id;
    if (subscriptions_.empty()) return;  // Nobody watches: no read at all.
  }
  absl::StatusOr<DocumentEventRow> event =
      db_.Read([&](Tx& tx) { return DocumentRepository::EventById(tx, id); });
  if (event.ok()) Dispatch(*event);
}

void DocumentEventHub::OnReconnect() {
  int64_t after = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    after = last_event_id_;
  }
  absl::StatusOr<std::vector<DocumentEventRow>> missed = db_.Read(
      [&](Tx& tx) { return DocumentRepository::AllEventsAfter(tx, after, kMaxMissedEvents); });
  if (!missed.ok()) return;
  for (const DocumentEventRow& event : *missed) OnNotification(absl::StrCat(event.change.event_id));
}

void DocumentEventHub::Close() {
  std::lock_guard<std::mutex> lock(mu_);
  closed_ = true;
  for (const auto& s : subscriptions_) s->Close();
  subscriptions_.clear();
}

void DocumentEventHub::Dispatch(const DocumentEventRow& event) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& s : subscriptions_) {
    if (DirectionFor(event, s->company_id()).has_value()) s->Push(event);
  }
}

absl::Status DocumentWatch::Watch(const Principal& caller, std::optional<Direction> direction,
                                  const std::string& start_cursor, const WatchSink& sink,
                                  const std::function<bool()>& cancelled) {
  const std::string& company = caller.company_id;
  std::optional<int64_t> resume_after;
  if (!start_cursor.empty()) {
    ASSIGN_OR_RETURN(resume_after, EventIdOf(start_cursor, company));
  }
  // Subscribe before reading anything, so that no change falls between the two.
  std::shared_ptr<EventSubscription> live = hub_.Subscribe(company);
  struct Unsubscribe {
    DocumentEventHub& hub;
    std::shared_ptr<EventSubscription> s;
    ~Unsubscribe() { hub.Unsubscribe(s); }
  } unsubscribe{hub_, live};

  std::string cursor;
  const auto send = [&](const DocumentEventRow& event) {
    const std::optional<Direction> d = DirectionFor(event, company);
    if (!d.has_value() || (direction.has_value() && *d != *direction)) return true;
    cursor = CursorOf(event.change.event_id, company);
    return sink(WatchMessage{cursor, event, *d});
  };
  if (resume_after.has_value()) {
    cursor = CursorOf(*resume_after, company);
  } else {
    ASSIGN_OR_RETURN(int64_t last,
                     db_.Read([](Tx& tx) { return DocumentRepository::LastEventId(tx); }));
    cursor = CursorOf(last, company);
  }
  if (!sink(WatchMessage{cursor, std::nullopt, Direction::kReceived})) return absl::OkStatus();
  for (int64_t after = resume_after.value_or(-1); after >= 0;) {
    ASSIGN_OR_RETURN(std::vector<DocumentEventRow> slice, db_.Read([&](Tx& tx) {
      return DocumentRepository::EventsAfter(tx, company, after, kReplaySlice);
    }));
    for (const DocumentEventRow& event : slice) {
      if (!send(event)) return absl::OkStatus();
      after = event.change.event_id;
    }
    if (static_cast<int>(slice.size()) < kReplaySlice) break;
  }
  absl::Time last_sent = absl::Now();
  while (!cancelled()) {
    std::optional<std::deque<DocumentEventRow>> events = live->Wait(kPollSlice);
    if (!events.has_value()) {
      return absl::UnavailableError(
          "the event stream ended (server stopping or watcher too "
          "slow); resume from the last cursor");
    }
    for (const DocumentEventRow& event : *events) {
      if (!send(event)) return absl::OkStatus();
      last_sent = absl::Now();
    }
    if (absl::Now() - last_sent >= heartbeat_) {
      if (!sink(WatchMessage{cursor, std::nullopt, Direction::kReceived})) return absl::OkStatus();
      last_sent = absl::Now();
    }
  }
  return absl::CancelledError("the client left");
}

}  // namespace supplynet
