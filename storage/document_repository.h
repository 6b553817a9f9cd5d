// Documents and their status history. Every read for a caller is scoped by visibility: the
// receiver sees what it received; the issuer sees what it issued to clients in whose network
// it is REGISTERED (the receiver's supplier entry for it is linked to its company). Anything
// else is simply not found.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/account.h"
#include "domain/document.h"
#include "domain/document_filter.h"
#include "storage/database.h"

namespace supplynet::storage {

// A document as one caller sees it.
struct DocumentView {
  Document document;
  Direction direction = Direction::kReceived;
};

// A document's line in the report: its content (without document fields), status and when
// the status was set.
struct ReportRow {
  std::string document_id;
  DocumentContent content;
  DocumentStatus status = DocumentStatus::kPendingInformation;
  absl::Time status_change_time;
};

// One FETCH of the report's cursor, decoded row by row when read: the thread that formats the
// report decodes it, while the thread that fetched it is already waiting for the next one.
class ReportSlice {
 public:
  size_t size() const;
  // Row `i` into `row`, whose strings are overwritten in place: a row reused for every line
  // of the report allocates nothing once its strings have grown to the longest values.
  void Read(size_t i, ReportRow* row) const;

 private:
  friend class DocumentRepository;
  struct Rows;
  explicit ReportSlice(std::shared_ptr<const Rows> rows) : rows_(std::move(rows)) {}
  std::shared_ptr<const Rows> rows_;
};

// A new document of a sync batch, validated, with its receiver resolved and its first status.
struct NewDocumentRow {
  DocumentContent content;
  std::string receiver_company_id;
  DocumentStatus status = DocumentStatus::kPendingInformation;
};

// The identity of a document at its tax authority.
std::string DocumentKey(const DocumentContent& content);

// Who makes a change: a principal, or the platform (SYSTEM) when unset.
struct Actor {
  ActorType type = ActorType::kSystem;
  std::string id;
  std::string company_id;
};
Actor ActorOf(const Principal& principal);

// A position in the history order (change_time, status_change_id).
struct HistoryCursor {
  int64_t change_micros = 0;
  std::string status_change_id;
};

class DocumentRepository {
 public:
  // Company ids by "CC:taxid" of the given tax IDs (those without a company are absent).
  static absl::StatusOr<std::map<std::string, std::string>> FindCompanies(
      Tx& tx, const std::vector<TaxId>& tax_ids);
  // Inserts the rows that do not exist yet, each with its initial history entry (SYSTEM);
  // returns the ids of the inserted ones by DocumentKey.
  static absl::StatusOr<std::map<std::string, std::string>> InsertNew(
      Tx& tx, const std::vector<NewDocumentRow>& rows, absl::Time now);
  // The stored documents among the given identities, by DocumentKey.
  static absl::StatusOr<std::map<std::string, Document>> FindByKeys(
      Tx& tx, const std::vector<DocumentContent>& contents);
  // Stores updated names and document fields, bumping each document's version.
  static absl::Status UpdateContents(Tx& tx, const std::vector<Document>& documents,
                                     absl::Time now);
  // Adds each issuer missing from its receiver's network (origin DOCUMENT): NOT_INVITED, or
  // REGISTERED when the issuer's company already has an account (a registered company is on
  // the network and cannot be invited).
  static absl::Status AddIssuersToNetworks(Tx& tx, const std::vector<NewDocumentRow>& rows,
                                           absl::Time now);

  // The document if `company_id` may see it; NOT_FOUND otherwise. `lock` locks it until the
  // transaction ends.
  static absl::StatusOr<DocumentView> FindVisible(Tx& tx, const std::string& company_id,
                                                  const std::string& document_id, bool lock);
  // One page of the caller's documents in list order, after `after`.
  static absl::StatusOr<std::vector<DocumentView>> List(Tx& tx, const std::string& company_id,
                                                        const DocumentFilter& filter,
                                                        const std::optional<DocumentCursor>& after,
                                                        int limit);
  // Opens server-side cursor `name` over every matching document in list order; read it with
  // FetchReport until it returns fewer rows than asked.
  static absl::Status OpenReport(Tx& tx, const std::string& company_id,
                                 const DocumentFilter& filter, const std::string& name);
  static absl::StatusOr<ReportSlice> FetchReport(Tx& tx, const std::string& name, int count);

  // Stores a new state and bumps the version.
  static absl::StatusOr<Document> UpdateState(Tx& tx, const Document& document, absl::Time now);
  // Appends a history entry (actor names are copied, so the entry outlives a renamed user).
  static absl::StatusOr<StatusChange> AppendChange(Tx& tx, const std::string& receiver_company_id,
                                                   const std::string& document_id,
                                                   std::optional<DocumentStatus> from,
                                                   DocumentStatus to, const StatusReason& reason,
                                                   const Actor& actor, absl::Time now);
  static absl::StatusOr<std::vector<StatusChange>> ListChanges(
      Tx& tx, const std::string& document_id, const std::optional<HistoryCursor>& after, int limit);
};

}  // namespace supplynet::storage
