#include "server/request_log.h"

#include <limits.h>
#include <unistd.h>

#include <cerrno>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "app/periodic_worker.h"
#include "domain/absl_compat.h"

namespace supplynet::server {
namespace {

// `text` as a JSON string literal. Runs of characters that need no escape are appended whole:
// this runs for every field of every call's log line.
std::string JsonString(std::string_view text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  size_t plain = 0;  // Where the run not yet appended starts.
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(text.substr(plain, i - plain));
    plain = i + 1;
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += absl::StrFormat("\\u%04x", c);
    }
  }
  out.append(text.substr(plain));
  out += '"';
  return out;
}

}  // namespace

std::string FormatRequestLog(const RequestLogEntry& e, absl::Time now) {
  std::string line = absl::StrCat(
      "{\"ts\":", JsonString(absl::FormatTime(absl::RFC3339_full, now, absl::UTCTimeZone())),
      ",\"method\":", JsonString(e.method), ",\"code\":", JsonString(e.code),
      ",\"latency_ms\":", absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(e.latency)));
  if (!e.company_id.empty()) absl::StrAppend(&line, ",\"company\":", JsonString(e.company_id));
  if (!e.principal.empty()) absl::StrAppend(&line, ",\"principal\":", JsonString(e.principal));
  if (!e.peer.empty()) absl::StrAppend(&line, ",\"peer\":", JsonString(e.peer));
  if (!e.error.empty()) absl::StrAppend(&line, ",\"error\":", JsonString(e.error));
  line += "}";
  return line;
}

RequestLog::RequestLog(int fd, absl::Duration flush_every)
    : fd_(fd), buffered_(flush_every > absl::ZeroDuration()) {
  if (!buffered_) return;
  flusher_ = std::make_unique<PeriodicWorker>("request_log_flush", flush_every, [this] {
    Flush();
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
