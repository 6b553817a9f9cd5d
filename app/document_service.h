// The document use cases after sync: read and list the caller's documents, the issuer's
// validation information and restarts, the receiver's decisions, and the status history.
// Reads are open to every principal of a company that may see the document; mutations need
// the administrator profile (checked by the caller). Who may act: the issuer validates, the
// receiver decides; the other side gets PERMISSION_DENIED, any other company NOT_FOUND.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "app/idempotency.h"
#include "domain/account.h"
#include "domain/clock.h"
#include "domain/document.h"
#include "domain/document_filter.h"
#include "domain/paging.h"
#include "domain/workflow.h"
#include "storage/database.h"
#include "storage/document_repository.h"

namespace supplynet {

// A document as its caller sees it, with the receiver's required fields on it.
struct DocumentDetail {
  storage::DocumentView view;
  std::vector<FieldState> fields;
  std::string replay;  // Set instead of the rest when a retried call returns a stored result.
};

struct ValidationOutcome {
  DocumentDetail detail;
  std::vector<std::string> missing_fields;
  std::string replay;
};

struct StatusDecision {
  DocumentDetail detail;
  StatusChange change;
  std::string replay;
};

// Stores and restores the results of retried mutations (app/idempotency.h).
struct DocumentCodecs {
  std::unique_ptr<const ResultCodec<ValidationOutcome>> validation;
  std::unique_ptr<const ResultCodec<DocumentDetail>> restart;
  std::unique_ptr<const ResultCodec<StatusDecision>> decision;
};

struct ValidationUpdate {
  std::string document_id;
  FieldMap values;  // An empty value clears the stored one.
  std::string etag;
};

struct StatusChangeRequest {
  std::string document_id;
  std::optional<DocumentStatus> status;
  StatusReason reason;
  std::string etag;
};

class DocumentService {
 public:
  // ListDocuments and ListStatusHistory read from `read_db`, which may lag behind `db` (a hot
  // standby; `db` itself without one); everything else, GetDocument included, uses `db`.
  DocumentService(storage::Database& db, storage::Database& read_db, const Clock& clock,
                  DocumentCodecs codecs);

  absl::StatusOr<DocumentDetail> GetDocument(const Principal& caller, std::string_view document_id);
  absl::StatusOr<Page<DocumentDetail>> ListDocuments(const Principal& caller,
                                                     const DocumentFilterInput& filter,
                                                     int page_size, std::string_view page_token);
  absl::StatusOr<Page<StatusChange>> ListStatusHistory(const Principal& caller,
                                                       std::string_view document_id, int page_size,
                                                       std::string_view page_token);
  absl::StatusOr<ValidationOutcome> UpdateValidationInfo(const Principal& caller,
                                                         const ValidationUpdate& update,
                                                         const RequestId& request_id);
  absl::StatusOr<DocumentDetail> RestartValidation(const Principal& caller,
                                                   std::string_view document_id,
                                                   std::string_view etag,
                                                   const RequestId& request_id);
  absl::StatusOr<StatusDecision> ChangeDocumentStatus(const Principal& caller,
                                                      const StatusChangeRequest& request,
                                                      const RequestId& request_id);

 private:
  storage::Database& db_;
  storage::Database& read_db_;
  const Clock& clock_;
  const DocumentCodecs codecs_;
};

// The receiver's workflows, read once per call and receiver.
class WorkflowCache {
 public:
  explicit WorkflowCache(storage::Tx& tx) : tx_(tx) {}
  absl::StatusOr<const Workflow*> For(const std::string& receiver_company_id);

 private:
  storage::Tx& tx_;
  std::map<std::string, Workflow> workflows_;
};

// The view with the receiver's required fields filled in.
absl::StatusOr<DocumentDetail> Detail(WorkflowCache& workflows, storage::DocumentView view);

}  // namespace supplynet
