#include "server/request_log.h"

#include <limits.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "app/periodic_worker.h"
#include "domain/absl_compat.h"
#include "domain/json_text.h"
#include "domain/time_text.h"

namespace supplynet::server {
namespace {

// `now` in absl::RFC3339_full in UTC. The date and time of day are formatted once per second
// and thread: absl::FormatTime on every call was a third of the log line's cost.
void AppendTimestamp(absl::Time now, std::string* out) {
  thread_local int64_t formatted_second = std::numeric_limits<int64_t>::min();
  thread_local std::string formatted;
  const int64_t second = absl::ToUnixSeconds(now);  // Rounds down, before 1970 too.
  if (second != formatted_second) {
    formatted.clear();
    AppendUtcDateTime(absl::FromUnixSeconds(second), &formatted);
    formatted_second = second;
  }
  *out += formatted;
  const int64_t nanos = absl::ToInt64Nanoseconds(now - absl::FromUnixSeconds(second));
  if (nanos > 0) {
    std::string fraction = absl::StrCat(absl::Dec(nanos, absl::kZeroPad9));
    fraction.erase(fraction.find_last_not_of('0') + 1);  // As %E*S: no trailing zeros.
    absl::StrAppend(out, ".", fraction);
  }
  *out += "+00:00";
}

// `latency` in milliseconds with three decimals, as "%.3f" rounds them.
void AppendMilliseconds(absl::Duration latency, std::string* out) {
  if (latency < absl::ZeroDuration()) {
    *out += '-';
    latency = -latency;
  }
  const int64_t micros = absl::ToInt64Microseconds(latency + absl::Nanoseconds(500));
  absl::StrAppend(out, micros / 1000, ".", absl::Dec(micros % 1000, absl::kZeroPad3));
}

}  // namespace

std::string FormatRequestLog(const RequestLogEntry& e, absl::Time now) {
  std::string line;
  line.reserve(320);
  line += "{\"ts\":\"";
  AppendTimestamp(now, &line);
  line += "\",\"method\":";
  AppendJsonString(e.method, &line);
  line += ",\"code\":";
  AppendJsonString(e.code, &line);
  line += ",\"latency_ms\":";
  AppendMilliseconds(e.latency, &line);
  // The fields known only once the caller is, and a failure's message.
  const std::pair<std::string_view, std::string_view> optional[] = {
      {",\"company\":", e.company_id},
      {",\"principal\":", e.principal},
      {",\"peer\":", e.peer},
      {",\"error\":", e.error}};
  for (const auto& [key, value] : optional) {
    if (value.empty()) continue;
    line += key;
    AppendJsonString(value, &line);
  }
  line += "}";
  return line;
}

RequestLog::RequestLog(int fd, absl::Duration flush_every)
    : fd_(fd), buffered_(flush_every > absl::ZeroDuration()) {
  if (!buffered_) return;
  // A PeriodicWorker runs its step as soon as its thread starts: that first step flushes
  // nothing, or lines written meanwhile would go out at whatever moment the thread started.
  flusher_ = std::make_unique<PeriodicWorker>("request_log_flush", flush_every,
                                              [this, started = false]() mutable {
                                                if (std::exchange(started, true)) Flush();
                                                return false;
                                              });
  flusher_->Start();
}

RequestLog::~RequestLog() {
  if (flusher_ != nullptr) flusher_->Stop();
  Flush();
}

void RequestLog::Write(const RequestLogEntry& entry) {
  std::string line = FormatRequestLog(entry, absl::Now());
  line += '\n';
  std::lock_guard<std::mutex> lock(mu_);
  if (waiting_.size() + line.size() > PIPE_BUF) WriteWaiting();
  waiting_ += line;
  if (!buffered_ || waiting_.size() >= PIPE_BUF) WriteWaiting();
}

void RequestLog::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  WriteWaiting();
}

// Under mu_: a write of at most PIPE_BUF bytes is brief, and the lines keep their order.
void RequestLog::WriteWaiting() {
  for (std::string_view rest = waiting_; !rest.empty();) {
    const ssize_t written = ::write(fd_, rest.data(), rest.size());
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) break;  // Nowhere to report a broken log; the lines are dropped.
    rest.remove_prefix(static_cast<size_t>(written));
  }
  waiting_.clear();
}

}  // namespace supplynet::server
