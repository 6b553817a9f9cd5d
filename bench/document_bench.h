// The DocumentStatusService side of bench/run: the generated documents (the same rows for
// SyncDocuments and for the COPY baseline's file), the sync through the server and the
// consumed report stream. Each function prints `key=value` lines for the script and returns
// the process exit code.
#pragma once

#include <cstdint>
#include <string>

#include "supplynet/v1/document_status.pb.h"

namespace supplynet::bench {

// Invoices from `issuers` suppliers to one receiver, numbered 1..rows within `series`.
struct DocumentSet {
  int64_t rows = 0;
  std::string receiver_nit;
  std::string series = "FE";
  int issuers = 1000;
};

// Document i (0-based) of the set; the same for every call.
v1::Document DocumentAt(const DocumentSet& set, int64_t i);

// The set as CSV with a header, in the column order of bench/run's bare table.
int WriteDocumentsCsv(const DocumentSet& set, const std::string& path);

// Syncs the set in calls of at most `per_call` documents, one call after another.
int SyncDocumentSet(const std::string& address, const std::string& token, const DocumentSet& set,
                    int per_call);

// Exports the caller's received documents and counts the stream's rows and bytes.
int ExportReceived(const std::string& address, const std::string& token);

// Median latency of ListDocuments (received, default page size) page 1 and page `far_page`;
// prints documents_page1_ms and documents_far_page_ms.
int CompareDocumentPages(const std::string& address, const std::string& token, int far_page,
                         int repeat);

// Creates an admin service account of the admin's company; prints its key.
int CreateServiceKey(const std::string& address, const std::string& admin_token);

// Waits until the server accepts connections (at most `seconds`).
int WaitForServer(const std::string& address, int seconds);

}  // namespace supplynet::bench
