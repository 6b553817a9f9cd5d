#include "app/document_sync.h"

#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "app/document_service.h"
#include "domain/absl_compat.h"
#include "domain/status_macros.h"
#include "domain/text.h"
#include "storage/company_repository.h"
#include "storage/document_repository.h"

namespace supplynet {
namespace {

using storage::DocumentRepository;
using storage::NewDocumentRow;
using storage::Tx;

bool SameTaxId(const TaxId& a, const TaxId& b) {
  return a.country == b.country && a.value == b.value;
}

std::string CompanyKey(const TaxId& id) {
  return absl::StrCat(AsAbsl(CountryCode(id.country)), ":", id.value);
}

}  // namespace

DocumentSync::DocumentSync(storage::Database& db, const Clock& clock, const IngestionPolicy& policy,
                           Principal caller)
    : db_(db),
      clock_(clock),
      policy_(policy),
      caller_(std::move(caller)),
      writer_([this](std::vector<Pending> batch) { return WriteBatch(batch); }, kWriterThreads) {}

absl::Status DocumentSync::Start() {
  ASSIGN_OR_RETURN(Company company, db_.Read([&](Tx& tx) {
    return storage::CompanyRepository::FindById(tx, caller_.company_id);
  }));
  caller_tax_id_ = company.tax_id;
  platform_ = !caller_.is_user() && policy_.platform_company.has_value() &&
              SameTaxId(*policy_.platform_company, company.tax_id);
  return absl::OkStatus();
}

bool DocumentSync::MayIngest(const DocumentContent& content) const {
  if (platform_) return true;
  return caller_tax_id_.has_value() && (SameTaxId(*caller_tax_id_, content.issuer) ||
                                        SameTaxId(*caller_tax_id_, content.receiver));
}

absl::Status DocumentSync::Add(const DocumentInput& input, const std::string& client_key,
                               absl::Status found) {
  SyncResult result;
  result.index = count();
  result.client_key = client_key;
  absl::StatusOr<DocumentContent> content = ValidDocumentInput(input, "");
  if (!found.ok()) {
    result.error = std::move(found);
  } else if (absl::Status key = CheckText(client_key, "client_key", 200); !key.ok()) {
    result.error = key;
  } else if (!content.ok()) {
    result.error = content.status();
  } else if (!MayIngest(*content)) {
    result.error = absl::PermissionDeniedError(
        "the caller's company is neither the issuer nor the receiver of this document");
  }
  results_.push_back(std::move(result));
  if (!results_.back().error.ok()) return absl::OkStatus();
  const std::string key = storage::DocumentKey(*content);
  // A document repeated within a batch is compared with its stored first copy.
  if (pending_keys_.count(key) > 0) RETURN_IF_ERROR(HandOver());
  if (handed_keys_.count(key) > 0) pending_repeats_handed_ = true;
  pending_keys_.insert(key);
  pending_.push_back({&results_.back(), *std::move(content)});
  if (pending_.size() >= kBatchSize) return HandOver();
  return absl::OkStatus();
}

absl::Status DocumentSync::HandOver() {
  if (pending_.empty()) return absl::OkStatus();
  if (std::exchange(pending_repeats_handed_, false) && !writer_.Drain()) return writer_.Finish();
  handed_keys_.merge(pending_keys_);
  pending_keys_.clear();
  if (!writer_.Put(std::exchange(pending_, {}))) return writer_.Finish();
  return absl::OkStatus();
}

absl::Status DocumentSync::Flush() {
  RETURN_IF_ERROR(HandOver());
  return writer_.Finish();
}

absl::Status DocumentSync::WriteBatch(const std::vector<Pending>& batch) {
  const absl::Time now = clock_.Now();
  return db_.Write([&](Tx& tx) -> absl::Status {
    std::vector<TaxId> receivers;
    for (const Pending& p : batch) receivers.push_back(p.content.receiver);
    ASSIGN_OR_RETURN(auto companies, DocumentRepository::FindCompanies(tx, receivers));
    WorkflowCache workflows(tx);
    std::vector<NewDocumentRow> rows;
    std::vector<const Pending*> accepted;
    for (const Pending& p : batch) {
      auto company = companies.find(CompanyKey(p.content.receiver));
      if (company == companies.end()) {
        p.result->error = absl::FailedPreconditionError(
            "the receiver is not a company registered on the platform");
        continue;
      }
      ASSIGN_OR_RETURN(const Workflow* workflow, workflows.For(company->second));
      rows.push_back(
          {p.content, company->second, InitialStatus(*workflow, p.content.document_fields)});
      accepted.push_back(&p);
    }
    ASSIGN_OR_RETURN(auto created, DocumentRepository::InsertNew(tx, rows, now));
    std::vector<DocumentContent> existing;
    std::vector<NewDocumentRow> new_rows;
    for (size_t i = 0; i < rows.size(); ++i) {
      SyncResult& r = *accepted[i]->result;
      auto it = created.find(storage::DocumentKey(rows[i].content));
      if (it == created.end()) {
        existing.push_back(rows[i].content);
        continue;
      }
      r.outcome = SyncOutcome::kCreated;
      r.document_id = it->second;
      r.status = rows[i].status;
      new_rows.push_back(rows[i]);
    }
    ASSIGN_OR_RETURN(auto stored, DocumentRepository::FindByKeys(tx, existing));
    std::vector<Document> updates;
    for (size_t i = 0; i < rows.size(); ++i) {
      SyncResult& r = *accepted[i]->result;
      if (r.outcome == SyncOutcome::kCreated) continue;
      auto it = stored.find(storage::DocumentKey(rows[i].content));
      if (it == stored.end()) {
        r.error = absl::AbortedError("the document changed during the sync; send it again");
        continue;
      }
      const Document& doc = it->second;
      r.document_id = doc.document_id;
      if (ConflictsWith(doc.content, rows[i].content)) {
        r.error = absl::FailedPreconditionError(
            "a document with this identity is stored with another receiver, date, currency or "
            "amount");
        continue;
      }
      r.status = doc.status;
      std::optional<DocumentContent> merged = MergeResend(doc.content, rows[i].content);
      r.outcome = merged.has_value() ? SyncOutcome::kUpdated : SyncOutcome::kUnchanged;
      if (merged.has_value()) {
        updates.push_back(doc);
        updates.back().content = *std::move(merged);
      }
    }
    RETURN_IF_ERROR(DocumentRepository::UpdateContents(tx, updates, now));
    return DocumentRepository::AddIssuersToNetworks(tx, new_rows, now);
  });
}

}  // namespace supplynet
