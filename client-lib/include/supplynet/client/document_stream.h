// The streaming pieces of the DocumentStatusService client: where synced documents come from,
// what a sync reports while it runs, and how a running watch is stopped from another thread.
#pragma once

#include <grpcpp/client_context.h>

#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "supplynet/v1/document_status.pb.h"

namespace supplynet::client {

// The server takes at most this many documents per SyncDocuments call.
inline constexpr int kMaxDocumentsPerSync = 10000;

// Fills `next` with the next document to sync (and its client_key) and returns true, or
// returns false when there are no more; an error stops the sync.
using DocumentSource = std::function<absl::StatusOr<bool>(v1::SyncDocumentsRequest& next)>;

// Called once per synced document with its result; `index` counts from the first document the
// source gave, across all calls.
using SyncResultVisitor = std::function<void(const v1::SyncDocumentResult& result)>;

struct SyncProgress {
  int64_t documents_sent = 0;
  int64_t results_received = 0;
  bool done = false;  // The last call: every document is sent and every result is in.
};

using SyncProgressCallback = std::function<void(const SyncProgress&)>;

// Called with every message of a watch (a heartbeat has no event); returning false ends it.
using DocumentEventVisitor = std::function<bool(const v1::WatchDocumentEventsResponse&)>;

// Stops a running WatchDocumentEvents from any thread (e.g. one that waits for SIGINT).
// Cancel before the watch starts makes it end at once.
class WatchCancellation {
 public:
  void Cancel();
  bool cancelled() const;

 private:
  friend class Client;
  // The running call's context, or null between calls.
  void Attach(grpc::ClientContext* context);

  mutable std::mutex mu_;
  grpc::ClientContext* context_ = nullptr;
  bool cancelled_ = false;
};

// What ExportDocumentReport wrote.
struct ReportDownload {
  std::string filename;      // The server's suggested file name.
  std::string content_type;  // "text/csv; charset=utf-8".
  int64_t bytes = 0;
};

}  // namespace supplynet::client
