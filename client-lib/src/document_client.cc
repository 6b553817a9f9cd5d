// Client methods of DocumentStatusService.
#include <utility>

#include "client_call.h"
#include "supplynet/client/client.h"

namespace supplynet::client {

void WatchCancellation::Cancel() {
  std::lock_guard<std::mutex> lock(mu_);
  cancelled_ = true;
  if (context_ != nullptr) context_->TryCancel();
}

bool WatchCancellation::cancelled() const {
  std::lock_guard<std::mutex> lock(mu_);
  return cancelled_;
}

void WatchCancellation::Attach(grpc::ClientContext* context) {
  std::lock_guard<std::mutex> lock(mu_);
  context_ = context;
  // gRPC cancels a call whose context was cancelled before the call started.
  if (context_ != nullptr && cancelled_) context_->TryCancel();
}

namespace {

void AddTotals(const v1::SyncDocumentsResponse& call, v1::SyncDocumentsResponse* totals) {
  totals->set_created(totals->created() + call.created());
  totals->set_updated(totals->updated() + call.updated());
  totals->set_unchanged(totals->unchanged() + call.unchanged());
  totals->set_rejected(totals->rejected() + call.rejected());
}

}  // namespace

absl::StatusOr<v1::SyncDocumentsResponse> Client::SyncDocuments(
    const DocumentSource& source, const SyncResultVisitor& visit,
    const SyncProgressCallback& progress, int per_call) {
  if (per_call <= 0 || per_call > kMaxDocumentsPerSync) {
    return absl::InvalidArgumentError("per_call must be 1 to " +
                                      std::to_string(kMaxDocumentsPerSync));
  }
  v1::SyncDocumentsResponse totals;
  SyncProgress sent;
  v1::SyncDocumentsRequest next;
  // The next document is read before a call opens, so that no call is ever empty.
  absl::StatusOr<bool> more = source(next);
  while (more.ok() && *more) {
    grpc::ClientContext context;
    PrepareStream(context);
    v1::SyncDocumentsResponse response;
    std::unique_ptr<grpc::ClientWriter<v1::SyncDocumentsRequest>> writer =
        documents_->SyncDocuments(&context, &response);
    const int32_t first_index = static_cast<int32_t>(sent.documents_sent);
    // A failed Write means the server already ended the call: Finish() says why.
    bool open = true;
    for (int in_call = 0; open && more.ok() && *more && in_call < per_call; ++in_call) {
      open = writer->Write(next);
      ++sent.documents_sent;
      if (progress) progress(sent);
      next.Clear();
      more = source(next);
    }
    if (!more.ok()) {
      context.TryCancel();
      writer->Finish();
      return more.status();
    }
    if (open) writer->WritesDone();
    const grpc::Status status = writer->Finish();
    if (!status.ok()) return FromGrpcStatus(status);
    for (v1::SyncDocumentResult& result : *response.mutable_results()) {
      result.set_index(first_index + result.index());
      if (visit) visit(result);
    }
    sent.results_received += response.results_size();
    AddTotals(response, &totals);
  }
  if (!more.ok()) return more.status();
  sent.done = true;
  if (progress) progress(sent);
  return totals;
}

absl::StatusOr<v1::SyncDocumentsResponse> Client::SyncDocuments(
    const std::vector<v1::Document>& documents) {
  size_t next_document = 0;
  v1::SyncDocumentsResponse all;
  auto source = [&](v1::SyncDocumentsRequest& next) -> absl::StatusOr<bool> {
    if (next_document == documents.size()) return false;
    *next.mutable_document() = documents[next_document++];
    return true;
  };
  auto totals = SyncDocuments(
      source, [&all](const v1::SyncDocumentResult& result) { *all.add_results() = result; });
  if (!totals.ok()) return totals.status();
  AddTotals(*totals, &all);
  return all;
}

absl::StatusOr<v1::Document> Client::GetDocument(const std::string& document_id) {
  v1::GetDocumentRequest request;
  request.set_document_id(document_id);
  auto response = Call(*documents_, &v1::DocumentStatusService::Stub::GetDocument, request);
  if (!response.ok()) return response.status();
  return response->document();
}

absl::StatusOr<v1::ListDocumentsResponse> Client::ListDocuments(
    const v1::ListDocumentsRequest& request) {
  return Call(*documents_, &v1::DocumentStatusService::Stub::ListDocuments, request);
}

absl::Status Client::ForEachDocument(const v1::DocumentFilter& filter,
                                     const std::function<void(const v1::Document&)>& visit,
                                     int32_t page_size) {
  v1::ListDocumentsRequest request;
  *request.mutable_filter() = filter;
  request.set_page_size(page_size);
  return internal::ForEachPage(
      request, [this](const v1::ListDocumentsRequest& page) { return ListDocuments(page); },
      [](const v1::ListDocumentsResponse& page) -> const auto& { return page.documents(); }, visit);
}

absl::StatusOr<v1::Workflow> Client::GetWorkflow() {
  auto response =
      Call(*documents_, &v1::DocumentStatusService::Stub::GetWorkflow, v1::GetWorkflowRequest());
  if (!response.ok()) return response.status();
  return response->workflow();
}

absl::StatusOr<v1::Workflow> Client::UpdateWorkflow(const v1::Workflow& workflow,
                                                    const std::vector<std::string>& paths) {
  v1::UpdateWorkflowRequest request;
  *request.mutable_workflow() = workflow;
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  auto response = Call(*documents_, &v1::DocumentStatusService::Stub::UpdateWorkflow, request);
  if (!response.ok()) return response.status();
  return response->workflow();
}

absl::StatusOr<v1::UpdateValidationInfoResponse> Client::UpdateValidationInfo(
    const std::string& document_id, const std::map<std::string, std::string>& values,
    const std::string& etag, const std::string& request_id) {
  v1::UpdateValidationInfoRequest request;
  request.set_document_id(document_id);
  request.mutable_values()->insert(values.begin(), values.end());
  request.set_etag(etag);
  request.set_request_id(request_id);
  return Call(*documents_, &v1::DocumentStatusService::Stub::UpdateValidationInfo, request);
}

absl::StatusOr<v1::RestartValidationResponse> Client::RestartValidation(
    const std::string& document_id, const std::string& etag, const std::string& request_id) {
  v1::RestartValidationRequest request;
  request.set_document_id(document_id);
  request.set_etag(etag);
  request.set_request_id(request_id);
  return Call(*documents_, &v1::DocumentStatusService::Stub::RestartValidation, request);
}

absl::StatusOr<v1::ChangeDocumentStatusResponse> Client::ChangeDocumentStatus(
    const std::string& document_id, v1::DocumentStatus status, const v1::StatusReason& reason,
    const std::string& etag, const std::string& request_id) {
  v1::ChangeDocumentStatusRequest request;
  request.set_document_id(document_id);
  request.set_status(status);
  *request.mutable_reason() = reason;
  request.set_etag(etag);
  request.set_request_id(request_id);
  return Call(*documents_, &v1::DocumentStatusService::Stub::ChangeDocumentStatus, request);
}

absl::StatusOr<v1::ListStatusHistoryResponse> Client::ListStatusHistory(
    const v1::ListStatusHistoryRequest& request) {
  return Call(*documents_, &v1::DocumentStatusService::Stub::ListStatusHistory, request);
}

absl::Status Client::ForEachStatusChange(
    const std::string& document_id, const std::function<void(const v1::StatusChange&)>& visit) {
  v1::ListStatusHistoryRequest request;
  request.set_document_id(document_id);
  return internal::ForEachPage(
      request, [this](const v1::ListStatusHistoryRequest& page) { return ListStatusHistory(page); },
      [](const v1::ListStatusHistoryResponse& page) -> const auto& {
        return page.status_changes();
      },
      visit);
}

absl::StatusOr<std::vector<v1::StatusChange>> Client::ListAllStatusChanges(
    const std::string& document_id) {
  return internal::CollectAll<v1::StatusChange>(
      [&](const auto& visit) { return ForEachStatusChange(document_id, visit); });
}

absl::StatusOr<ReportDownload> Client::ExportDocumentReport(const v1::DocumentFilter& filter,
                                                            std::ostream& out) {
  grpc::ClientContext context;
  PrepareStream(context);
  v1::ExportDocumentReportRequest request;
  *request.mutable_filter() = filter;
  std::unique_ptr<grpc::ClientReader<v1::ExportDocumentReportResponse>> reader =
      documents_->ExportDocumentReport(&context, request);
  ReportDownload download;
  v1::ExportDocumentReportResponse message;
  while (reader->Read(&message)) {
    if (!message.filename().empty()) download.filename = message.filename();
    if (!message.content_type().empty()) download.content_type = message.content_type();
    out.write(message.chunk().data(), static_cast<std::streamsize>(message.chunk().size()));
    download.bytes += static_cast<int64_t>(message.chunk().size());
    if (!out) {
      context.TryCancel();
      reader->Finish();
      return absl::DataLossError("writing the report failed after " +
                                 std::to_string(download.bytes) + " bytes");
    }
  }
  const grpc::Status status = reader->Finish();
  if (!status.ok()) return FromGrpcStatus(status);
  return download;
}

absl::Status Client::WatchDocumentEvents(const v1::WatchDocumentEventsRequest& request,
                                         const DocumentEventVisitor& visit,
                                         WatchCancellation* cancellation) {
  grpc::ClientContext context;
  Authorize(context);
  if (cancellation != nullptr) cancellation->Attach(&context);
  std::unique_ptr<grpc::ClientReader<v1::WatchDocumentEventsResponse>> reader =
      documents_->WatchDocumentEvents(&context, request);
  v1::WatchDocumentEventsResponse message;
  bool stopped = false;
  while (!stopped && reader->Read(&message)) {
    if (!visit(message)) {
      stopped = true;
      context.TryCancel();
    }
  }
  const grpc::Status status = reader->Finish();
  if (cancellation != nullptr) {
    cancellation->Attach(nullptr);
    stopped = stopped || cancellation->cancelled();
  }
  if (stopped) return absl::OkStatus();
  return FromGrpcStatus(status);
}

}  // namespace supplynet::client
