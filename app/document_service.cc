#include "app/document_service.h"

#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "domain/etag.h"
#include "domain/field_violation.h"
#include "domain/ids.h"
#include "domain/secrets.h"
#include "domain/status_macros.h"
#include "storage/workflow_repository.h"

namespace supplynet {
namespace {

using storage::Actor;
using storage::ActorOf;
using storage::DocumentRepository;
using storage::DocumentView;
using storage::HistoryCursor;
using storage::Tx;

constexpr char kValidateOperation[] = "DocumentStatusService/UpdateValidationInfo";
constexpr char kRestartOperation[] = "DocumentStatusService/RestartValidation";
constexpr char kDecideOperation[] = "DocumentStatusService/ChangeDocumentStatus";
constexpr char kDocumentsList[] = "documents";
constexpr char kHistoryList[] = "status_history";

absl::Status Stale() {
  return absl::AbortedError("the document changed since it was read (stale etag)");
}

absl::Status IssuerOnly() {
  return absl::PermissionDeniedError("only the document's issuer completes its validation");
}

// The common input of a mutation on one document.
struct Target {
  std::string document_id;
  std::optional<int64_t> version;
};

absl::StatusOr<Target> CheckTarget(std::string_view document_id, std::string_view etag,
                                   std::string_view request_id, FieldViolations& violations) {
  violations.Merge(CheckId(document_id, "document_id"));
  absl::StatusOr<std::optional<int64_t>> version = ParseEtag(etag, "etag");
  violations.Merge(version.status());
  violations.Merge(CheckRequestId(request_id));
  RETURN_IF_ERROR(violations.ToStatus());
  return Target{std::string(document_id), *version};
}

// Locks a visible document and checks its etag.
absl::StatusOr<DocumentView> LockChecked(Tx& tx, const Principal& caller, const Target& target) {
  ASSIGN_OR_RETURN(DocumentView view, DocumentRepository::FindVisible(tx, caller.company_id,
                                                                      target.document_id, true));
  if (target.version.has_value() && *target.version != view.document.version) return Stale();
  return view;
}

// Runs `change(tx, view, now)` once per request_id on the locked, etag-checked document: the
// shape every mutation of one document shares.
template <typename Outcome, typename Change>
absl::StatusOr<Outcome> ChangeOnce(storage::Database& db, absl::Time now, const Principal& caller,
                                   std::string_view operation, const RequestId& request_id,
                                   const Target& target, const ResultCodec<Outcome>& codec,
                                   Change&& change) {
  return WriteOnce<Outcome>(db, IdempotencyKeyOf(caller.company_id, operation, request_id), now,
                            codec, [&](Tx& tx) -> absl::StatusOr<Outcome> {
                              ASSIGN_OR_RETURN(DocumentView view, LockChecked(tx, caller, target));
                              return change(tx, view, now);
                            });
}

// Stores the new state and, when the status changed, its history entry.
absl::StatusOr<DocumentView> Store(Tx& tx, const DocumentView& before, const Document& after,
                                   const Actor& actor, absl::Time now,
                                   StatusChange* change = nullptr) {
  ASSIGN_OR_RETURN(Document stored, DocumentRepository::UpdateState(tx, after, now));
  if (before.document.status != after.status) {
    ASSIGN_OR_RETURN(StatusChange entry,
                     DocumentRepository::AppendChange(
                         tx, after.receiver_company_id, after.document_id, before.document.status,
                         after.status, after.status_reason, actor, now));
    if (change != nullptr) *change = std::move(entry);
  }
  return DocumentView{std::move(stored), before.direction};
}

absl::StatusOr<std::optional<DocumentCursor>> DocumentCursorFrom(PageScope scope,
                                                                 std::string_view token,
                                                                 const std::string& digest) {
  ASSIGN_OR_RETURN(std::vector<std::string> key, DecodePageToken(scope, token, 3));
  if (key.empty()) return std::optional<DocumentCursor>();
  if (!IsUuid(key[1]) || CheckDate(key[0], "page_token").code() != absl::StatusCode::kOk) {
    return InvalidField("page_token", "is not a page token of this list");
  }
  if (key[2] != digest) {
    return InvalidField("page_token", "was made for other filters than this request's");
  }
  return std::optional<DocumentCursor>(DocumentCursor{key[0], key[1]});
}

absl::StatusOr<std::optional<HistoryCursor>> HistoryCursorFrom(PageScope scope,
                                                               std::string_view token,
                                                               std::string_view document_id) {
  ASSIGN_OR_RETURN(std::vector<std::string> key, DecodePageToken(scope, token, 3));
  if (key.empty()) return std::optional<HistoryCursor>();
  int64_t micros = 0;
  if (!absl::SimpleAtoi(key[0], &micros) || !IsUuid(key[1]) || key[2] != document_id) {
    return InvalidField("page_token", "is not a page token of this document's history");
  }
  return std::optional<HistoryCursor>(HistoryCursor{micros, key[1]});
}

}  // namespace

absl::StatusOr<const Workflow*> WorkflowCache::For(const std::string& receiver_company_id) {
  auto it = workflows_.find(receiver_company_id);
  if (it == workflows_.end()) {
    ASSIGN_OR_RETURN(Workflow w, storage::WorkflowRepository::Find(tx_, receiver_company_id));
    it = workflows_.emplace(receiver_company_id, std::move(w)).first;
  }
  return &it->second;
}

absl::StatusOr<DocumentDetail> Detail(WorkflowCache& workflows, DocumentView view) {
  ASSIGN_OR_RETURN(const Workflow* workflow, workflows.For(view.document.receiver_company_id));
  std::vector<FieldState> fields =
      FieldStates(*workflow, view.document.content.document_fields, view.document.issuer_values);
  return DocumentDetail{std::move(view), std::move(fields), ""};
}

DocumentService::DocumentService(storage::Database& db, storage::Database& read_db,
                                 const Clock& clock, DocumentCodecs codecs)
    : db_(db), read_db_(read_db), clock_(clock), codecs_(std::move(codecs)) {}

absl::StatusOr<DocumentDetail> DocumentService::GetDocument(const Principal& caller,
                                                            std::string_view document_id) {
  RETURN_IF_ERROR(CheckId(document_id, "document_id"));
  return db_.Read([&](Tx& tx) -> absl::StatusOr<DocumentDetail> {
    ASSIGN_OR_RETURN(DocumentView view, DocumentRepository::FindVisible(tx, caller.company_id,
                                                                        std::string(document_id),
                                                                        /*lock=*/false));
    WorkflowCache workflows(tx);
    return Detail(workflows, std::move(view));
  });
}

absl::StatusOr<Page<DocumentDetail>> DocumentService::ListDocuments(
    const Principal& caller, const DocumentFilterInput& input, int page_size,
    std::string_view page_token) {
  FieldViolations violations;
  absl::StatusOr<int> size = NormalisePageSize(page_size);
  absl::StatusOr<DocumentFilter> filter = MakeDocumentFilter(input, "filter.");
  violations.Merge(size.status());
  violations.Merge(filter.status());
  RETURN_IF_ERROR(violations.ToStatus());
  const std::string digest = HashToken(filter->Fingerprint()).substr(0, 16);
  const PageScope scope{kDocumentsList, caller.company_id};
  ASSIGN_OR_RETURN(std::optional<DocumentCursor> after,
                   DocumentCursorFrom(scope, page_token, digest));
  return read_db_.Read([&](Tx& tx) -> absl::StatusOr<Page<DocumentDetail>> {
    // One extra row tells whether another page follows.
    ASSIGN_OR_RETURN(std::vector<DocumentView> rows,
                     DocumentRepository::List(tx, caller.company_id, *filter, after, *size + 1));
    Page<DocumentDetail> page;
    if (static_cast<int>(rows.size()) > *size) {
      rows.resize(*size);
      const Document& last = rows.back().document;
      page.next_page_token =
          EncodePageToken(scope, {last.content.issue_date, last.document_id, digest});
    }
    WorkflowCache workflows(tx);
    for (DocumentView& view : rows) {
      ASSIGN_OR_RETURN(DocumentDetail detail, Detail(workflows, std::move(view)));
      page.items.push_back(std::move(detail));
    }
    return page;
  });
}

absl::StatusOr<Page<StatusChange>> DocumentService::ListStatusHistory(const Principal& caller,
                                                                      std::string_view document_id,
                                                                      int page_size,
                                                                      std::string_view page_token) {
  FieldViolations violations;
  violations.Merge(CheckId(document_id, "document_id"));
  absl::StatusOr<int> size = NormalisePageSize(page_size);
  violations.Merge(size.status());
  RETURN_IF_ERROR(violations.ToStatus());
  const PageScope scope{kHistoryList, caller.company_id};
  ASSIGN_OR_RETURN(std::optional<HistoryCursor> after,
                   HistoryCursorFrom(scope, page_token, document_id));
  const std::string id(document_id);
  const auto read_history = [&](Tx& tx) -> absl::StatusOr<Page<StatusChange>> {
    RETURN_IF_ERROR(DocumentRepository::FindVisible(tx, caller.company_id, id, false).status());
    ASSIGN_OR_RETURN(std::vector<StatusChange> changes,
                     DocumentRepository::ListChanges(tx, id, after, *size + 1));
    Page<StatusChange> page;
    if (static_cast<int>(changes.size()) > *size) {
      changes.resize(*size);
      const StatusChange& last = changes.back();
      page.next_page_token = EncodePageToken(
          scope, {absl::StrCat(absl::ToUnixMicros(last.change_time)), last.status_change_id, id});
    }
    page.items = std::move(changes);
    return page;
  };
  absl::StatusOr<Page<StatusChange>> page = read_db_.Read(read_history);
  // A document synced a moment ago may not have reached the standby yet: NOT_FOUND is the
  // primary's to say.
  if (absl::IsNotFound(page.status()) && &read_db_ != &db_) return db_.Read(read_history);
  return page;
}

absl::StatusOr<ValidationOutcome> DocumentService::UpdateValidationInfo(
    const Principal& caller, const ValidationUpdate& update, const RequestId& request_id) {
  FieldViolations violations;
  ASSIGN_OR_RETURN(Target target,
                   CheckTarget(update.document_id, update.etag, request_id.id, violations));
  return ChangeOnce<ValidationOutcome>(
      db_, clock_.Now(), caller, kValidateOperation, request_id, target, *codecs_.validation,
      [&](Tx& tx, const DocumentView& view, absl::Time now) -> absl::StatusOr<ValidationOutcome> {
        if (view.direction != Direction::kIssued) return IssuerOnly();
        if (view.document.status != DocumentStatus::kPendingInformation) {
          return absl::FailedPreconditionError(
              "validation information can change only while PENDING_INFORMATION");
        }
        WorkflowCache workflows(tx);
        ASSIGN_OR_RETURN(const Workflow* workflow,
                         workflows.For(view.document.receiver_company_id));
        const FieldMap& original = view.document.content.document_fields;
        RETURN_IF_ERROR(CheckIssuerValues(*workflow, original, update.values, ""));
        Document after = view.document;
        for (const auto& [name, value] : update.values) {
          if (value.empty()) {
            after.issuer_values.erase(name);
          } else {
            after.issuer_values[name] = value;
          }
        }
        const std::vector<FieldState> states =
            FieldStates(*workflow, original, after.issuer_values);
        if (AllValid(states)) {
          after.status = DocumentStatus::kSent;
          after.status_reason = {};
        }
        ASSIGN_OR_RETURN(DocumentView stored, Store(tx, view, after, Actor{}, now));
        ASSIGN_OR_RETURN(DocumentDetail detail, Detail(workflows, std::move(stored)));
        std::vector<std::string> missing = MissingFields(detail.fields);
        return ValidationOutcome{std::move(detail), std::move(missing), ""};
      });
}

absl::StatusOr<DocumentDetail> DocumentService::RestartValidation(const Principal& caller,
                                                                  std::string_view document_id,
                                                                  std::string_view etag,
                                                                  const RequestId& request_id) {
  FieldViolations violations;
  ASSIGN_OR_RETURN(Target target, CheckTarget(document_id, etag, request_id.id, violations));
  return ChangeOnce<DocumentDetail>(
      db_, clock_.Now(), caller, kRestartOperation, request_id, target, *codecs_.restart,
      [&](Tx& tx, const DocumentView& view, absl::Time now) -> absl::StatusOr<DocumentDetail> {
        if (view.direction != Direction::kIssued) return IssuerOnly();
        const DocumentStatus status = view.document.status;
        if (status != DocumentStatus::kPendingInformation && status != DocumentStatus::kSent) {
          return absl::FailedPreconditionError(
              "validation can restart only while PENDING_INFORMATION or SENT");
        }
        if (view.document.restarts_used >= kMaxValidationRestarts) {
          return absl::FailedPreconditionError(
              absl::StrCat("the validation of this document was restarted ", kMaxValidationRestarts,
                           " times already, the most allowed"));
        }
        Document after = view.document;
        after.issuer_values.clear();
        after.restarts_used += 1;
        after.status = DocumentStatus::kPendingInformation;
        after.status_reason = {};
        ASSIGN_OR_RETURN(DocumentView stored, Store(tx, view, after, ActorOf(caller), now));
        WorkflowCache workflows(tx);
        return Detail(workflows, std::move(stored));
      });
}

absl::StatusOr<StatusDecision> DocumentService::ChangeDocumentStatus(
    const Principal& caller, const StatusChangeRequest& request, const RequestId& request_id) {
  FieldViolations violations;
  if (!request.status.has_value() || !IsDecisionStatus(*request.status)) {
    violations.Add("status", "must be ACCEPTED, REJECTED, PAYMENT_SCHEDULED or PAID");
  } else {
    violations.Merge(CheckStatusReason(*request.status, request.reason, "reason"));
  }
  ASSIGN_OR_RETURN(Target target,
                   CheckTarget(request.document_id, request.etag, request_id.id, violations));
  return ChangeOnce<StatusDecision>(
      db_, clock_.Now(), caller, kDecideOperation, request_id, target, *codecs_.decision,
      [&](Tx& tx, const DocumentView& view, absl::Time now) -> absl::StatusOr<StatusDecision> {
        if (view.direction != Direction::kReceived) {
          return absl::PermissionDeniedError("only the document's receiver decides on it");
        }
        WorkflowCache workflows(tx);
        ASSIGN_OR_RETURN(const Workflow* workflow,
                         workflows.For(view.document.receiver_company_id));
        const DocumentStatus from = view.document.status;
        if (!workflow->Allows(from, *request.status)) {
          return absl::FailedPreconditionError(
              absl::StrCat("the workflow does not allow ", AsAbsl(DocumentStatusName(from)), " -> ",
                           AsAbsl(DocumentStatusName(*request.status))));
        }
        Document after = view.document;
        after.status = *request.status;
        after.status_reason = request.reason;
        StatusChange change;
        ASSIGN_OR_RETURN(DocumentView stored,
                         Store(tx, view, after, ActorOf(caller), now, &change));
        ASSIGN_OR_RETURN(DocumentDetail detail, Detail(workflows, std::move(stored)));
        return StatusDecision{std::move(detail), std::move(change), ""};
      });
}

}  // namespace supplynet
