// One structured (JSON) line per RPC: method, code, latency, company and caller. Never request
// fields: they may hold passwords, tokens or activation codes.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "absl/time/time.h"

namespace supplynet {
class PeriodicWorker;
}

namespace supplynet::server {

struct RequestLogEntry {
  std::string_view method;
  std::string_view code;
  absl::Duration latency;
  std::string_view company_id;  // Empty before authentication.
  std::string_view principal;   // "user:<id>" / "sa:<id>", empty before authentication.
  std::string_view peer;
  std::string_view error;  // The status message for failures.
};

std::string FormatRequestLog(const RequestLogEntry& entry, absl::Time now);

// Writes the lines to a file descriptor (the server's stderr) in writes of whole lines, at most
// PIPE_BUF bytes each: a write that size is atomic on a pipe, so another writer's line never
// lands inside one. Lines wait in memory until a write's worth has gathered or `flush_every`
// has passed (as nginx's access_log buffer=/flush=): under GetSupplier's load a write() per
// call was half of the log's 8% of the server's CPU (bench/README.md). A crash loses at most
// that long a stretch of lines; a zero `flush_every` writes every line at once.
class RequestLog {
 public:
  RequestLog(int fd, absl::Duration flush_every);
  RequestLog(const RequestLog&) = delete;
  RequestLog& operator=(const RequestLog&) = delete;
  ~RequestLog();  // Writes what is waiting.

  void Write(const RequestLogEntry& entry);
  // Writes what is waiting now.
  void Flush();

 private:
  // Writes the waiting lines and forgets them; the caller holds mu_.
  void WriteWaiting();

  const int fd_;
  const bool buffered_;
  std::mutex mu_;
  std::string waiting_;  // Whole lines, fewer than a write's worth. Guarded by mu_.
  std::unique_ptr<PeriodicWorker> flusher_;  // Null when unbuffered.
};

}  // namespace supplynet::server
