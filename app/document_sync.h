// SyncDocuments: documents from a tax-authority channel, one at a time from a stream, written
// in batches (set-based SQL, memory bounded by the batch). Idempotent on country + issuer tax
// ID + type + series + number: a re-send is UNCHANGED, UPDATED (names, added document fields)
// or REJECTED when it conflicts (receiver, date, currency or an amount differ). A new document
// starts SENT when it carries every field its receiver requires, else PENDING_INFORMATION, and
// its issuer joins the receiver's network (origin DOCUMENT) when missing: NOT_INVITED, or
// REGISTERED when the issuer's company already has an account on the platform.
//
// Who may sync a document: an administrator (user or service account) of its issuing or
// receiving company; any document: a service account of the platform's ingestion company
// (IngestionPolicy), the batch job that reads the tax authorities' channels.
#pragma once

#include <deque>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "app/background_writer.h"
#include "domain/account.h"
#include "domain/clock.h"
#include "domain/document.h"
#include "storage/database.h"

namespace supplynet {

struct IngestionPolicy {
  std::optional<TaxId> platform_company;  // Unset: no platform-wide ingestion account.
};

enum class SyncOutcome { kCreated, kUnchanged, kUpdated, kRejected };

struct SyncResult {
  int index = 0;
  std::string client_key;
  SyncOutcome outcome = SyncOutcome::kRejected;
  std::string document_id;
  std::optional<DocumentStatus> status;
  absl::Status error;  // Set when REJECTED.
};

class DocumentSync {
 public:
  static constexpr int kMaxDocuments = 10000;
  static constexpr size_t kBatchSize = 500;

  DocumentSync(storage::Database& db, const Clock& clock, const IngestionPolicy& policy,
               Principal caller);

  // Reads who the caller is; call once before Add.
  absl::Status Start();
  // Takes the next document of the stream; may hand a batch to the writer, which writes it
  // while the stream goes on. A bad document only gets a REJECTED result; an error here (the
  // database, from an earlier batch) fails the call.
  // `found` is a violation the caller already found in the request (e.g. an enum value the
  // contract does not define); the document is then rejected with it.
  absl::Status Add(const DocumentInput& input, const std::string& client_key,
                   absl::Status found = absl::OkStatus());
  // Writes what is still queued and waits until every batch is written; call it last.
  absl::Status Flush();
  int count() const { return static_cast<int>(results_.size()); }
  // Complete once Flush returned.
  const std::deque<SyncResult>& results() const { return results_; }

 private:
  struct Pending {
    // Its result, filled in by the writer: a deque's elements stay where they are while the
    // stream's thread appends more.
    SyncResult* result;
    DocumentContent content;
  };
  bool MayIngest(const DocumentContent& content) const;
  // Hands the pending documents to the writer. A batch that repeats a document of an earlier
  // batch of the call waits until the earlier batches are written, so that the repeat finds
  // its first copy stored (batches are otherwise written two at a time).
  absl::Status HandOver();
  // On the writer's thread.
  absl::Status WriteBatch(const std::vector<Pending>& batch);

  storage::Database& db_;
  const Clock& clock_;
  const IngestionPolicy& policy_;
  const Principal caller_;
  std::optional<TaxId> caller_tax_id_;
  bool platform_ = false;
  std::deque<SyncResult> results_;
  std::vector<Pending> pending_;
  std::set<std::string> pending_keys_;
  // The keys of the documents already handed over in this call (at most kMaxDocuments), and
  // whether the pending batch repeats one of them.
  std::set<std::string> handed_keys_;
  bool pending_repeats_handed_ = false;
  // PostgreSQL writes two batches, on two connections, while the stream's next documents are
  // read and checked: one batch leaves PostgreSQL's backend idle while the writer's thread
  // prepares and reads back its statements, and at each end of a call.
  static constexpr int kWriterThreads = 2;
  BackgroundWriter<std::vector<Pending>> writer_;
};

// Starts a DocumentSync per call.
class SyncService {
 public:
  SyncService(storage::Database& db, const Clock& clock, IngestionPolicy policy)
      : db_(db), clock_(clock), policy_(std::move(policy)) {}
  DocumentSync Begin(const Principal& caller) { return DocumentSync(db_, clock_, policy_, caller); }

 private:
  storage::Database& db_;
  const Clock& clock_;
  const IngestionPolicy policy_;
};

}  // namespace supplynet
