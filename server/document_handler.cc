#include "server/document_handler.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "domain/status_macros.h"
#include "server/document_convert.h"
#include "server/known_enums.h"
#include "server/request_fingerprint.h"
#include "server/request_stream.h"

namespace supplynet::server {
namespace {

void FillSyncResponse(const DocumentSync& sync, v1::SyncDocumentsResponse* response) {
  for (const SyncResult& r : sync.results()) {
    ToProto(r, response->add_results());
    switch (r.outcome) {
      case SyncOutcome::kCreated:
        response->set_created(response->created() + 1);
        break;
      case SyncOutcome::kUpdated:
        response->set_updated(response->updated() + 1);
        break;
      case SyncOutcome::kUnchanged:
        response->set_unchanged(response->unchanged() + 1);
        break;
      case SyncOutcome::kRejected:
        response->set_rejected(response->rejected() + 1);
        break;
    }
  }
}

}  // namespace

grpc::Status DocumentHandler::SyncDocuments(grpc::ServerContext* context,
                                            grpc::ServerReader<v1::SyncDocumentsRequest>* reader,
                                            v1::SyncDocumentsResponse* response) {
  return HandleRpc(
      context, "DocumentStatusService/SyncDocuments", deps_, [&](RpcCall& call) -> absl::Status {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        DocumentSync sync = use_cases_.sync->Begin(caller);
        RETURN_IF_ERROR(sync.Start());
        v1::SyncDocumentsRequest request;
        for (;;) {
          // An unparseable document ends the call; the batches flushed before it stay stored.
          ASSIGN_OR_RETURN(bool read, ReadRequest(*reader, &request));
          if (!read) break;
          if (sync.count() >= DocumentSync::kMaxDocuments) {
            RETURN_IF_ERROR(sync.Flush());  // The earlier documents stay stored.
            return absl::ResourceExhaustedError(
                absl::StrCat("a call syncs at most ", DocumentSync::kMaxDocuments, " documents"));
          }
          RETURN_IF_ERROR(sync.Add(DocumentInputFromProto(request.document()), request.client_key(),
                                   CheckKnownEnums(request)));
        }
        RETURN_IF_ERROR(sync.Flush());
        FillSyncResponse(sync, response);
        return absl::OkStatus();
      });
}

grpc::Status DocumentHandler::GetDocument(grpc::ServerContext* context,
                                          const v1::GetDocumentRequest* request,
                                          v1::GetDocumentResponse* response) {
  return HandleRpc(context, "DocumentStatusService/GetDocument", deps_, *request,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
                     ASSIGN_OR_RETURN(DocumentDetail detail, use_cases_.documents->GetDocument(
                                                                 caller, request->document_id()));
                     ToProto(detail, response->mutable_document());
                     return absl::OkStatus();
                   });
}

grpc::Status DocumentHandler::ListDocuments(grpc::ServerContext* context,
                                            const v1::ListDocumentsRequest* request,
                                            v1::ListDocumentsResponse* response) {
  return HandleRpc(context, "DocumentStatusService/ListDocuments", deps_, *request,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
                     ASSIGN_OR_RETURN(Page<DocumentDetail> page,
                                      use_cases_.documents->ListDocuments(
                                          caller, FilterFromProto(request->filter()),
                                          request->page_size(), request->page_token()));
                     for (const DocumentDetail& d : page.items)
                       ToProto(d, response->add_documents());
                     response->set_next_page_token(page.next_page_token);
                     return absl::OkStatus();
                   });
}

grpc::Status DocumentHandler::GetWorkflow(grpc::ServerContext* context,
                                          const v1::GetWorkflowRequest*,
                                          v1::GetWorkflowResponse* response) {
  return HandleRpc(context, "DocumentStatusService/GetWorkflow", deps_,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
                     ASSIGN_OR_RETURN(Workflow workflow, use_cases_.workflows->GetWorkflow(caller));
                     ToProto(workflow, response->mutable_workflow());
                     return absl::OkStatus();
                   });
}

grpc::Status DocumentHandler::UpdateWorkflow(grpc::ServerContext* context,
                                             const v1::UpdateWorkflowRequest* request,
                                             v1::UpdateWorkflowResponse* response) {
  return HandleRpc(context, "DocumentStatusService/UpdateWorkflow", deps_, *request,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
                     WorkflowUpdate update;
                     ASSIGN_OR_RETURN(update.values, WorkflowFromProto(request->workflow()));
                     update.mask_paths.assign(request->update_mask().paths().begin(),
                                              request->update_mask().paths().end());
                     update.etag = request->workflow().etag();
                     ASSIGN_OR_RETURN(Workflow workflow,
                                      use_cases_.workflows->UpdateWorkflow(caller, update));
                     ToProto(workflow, response->mutable_workflow());
                     return absl::OkStatus();
                   });
}

grpc::Status DocumentHandler::UpdateValidationInfo(grpc::ServerContext* context,
                                                   const v1::UpdateValidationInfoRequest* request,
                                                   v1::UpdateValidationInfoResponse* response) {
  return HandleRpc(
      context, "DocumentStatusService/UpdateValidationInfo", deps_, *request,
      [&](RpcCall& call) -> absl::Status {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        ValidationUpdate update{request->document_id(),
                                FieldMap(request->values().begin(), request->values().end()),
                                request->etag()};
        ASSIGN_OR_RETURN(ValidationOutcome outcome, use_cases_.documents->UpdateValidationInfo(
                                                        caller, update, RequestIdOf(*request)));
        if (!outcome.replay.empty()) {
          return response->ParseFromString(outcome.replay)
                     ? absl::OkStatus()
                     : absl::InternalError("stored result is unreadable");
        }
        ToProto(outcome.detail, response->mutable_document());
        for (const std::string& name : outcome.missing_fields) response->add_missing_fields(name);
        return absl::OkStatus();
      });
}

grpc::Status DocumentHandler::RestartValidation(grpc::ServerContext* context,
                                                const v1::RestartValidationRequest* request,
                                                v1::RestartValidationResponse* response) {
  return HandleRpc(context, "DocumentStatusService/RestartValidation", deps_, *request,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
                     ASSIGN_OR_RETURN(DocumentDetail detail,
                                      use_cases_.documents->RestartValidation(
                                          caller, request->document_id(), request->etag(),
                                          RequestIdOf(*request)));
                     if (!detail.replay.empty()) {
                       return response->ParseFromString(detail.replay)
                                  ? absl::OkStatus()
                                  : absl::InternalError("stored result is unreadable");
                     }
                     ToProto(detail, response->mutable_document());
                     response->set_restarts_remaining(response->document().restarts_remaining());
                     return absl::OkStatus();
                   });
}

grpc::Status DocumentHandler::ChangeDocumentStatus(grpc::ServerContext* context,
                                                   const v1::ChangeDocumentStatusRequest* request,
                                                   v1::ChangeDocumentStatusResponse* response) {
  return HandleRpc(
      context, "DocumentStatusService/ChangeDocumentStatus", deps_, *request,
      [&](RpcCall& call) -> absl::Status {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        StatusChangeRequest change{request->document_id(), FromProto(request->status()),
                                   ReasonFromProto(request->reason()), request->etag()};
        ASSIGN_OR_RETURN(StatusDecision decision, use_cases_.documents->ChangeDocumentStatus(
                                                      caller, change, RequestIdOf(*request)));
        if (!decision.replay.empty()) {
          return response->ParseFromString(decision.replay)
                     ? absl::OkStatus()
                     : absl::InternalError("stored result is unreadable");
        }
        ToProto(decision.detail, response->mutable_document());
        ToProto(decision.change, response->mutable_status_change());
        return absl::OkStatus();
      });
}

grpc::Status DocumentHandler::ListStatusHistory(grpc::ServerContext* context,
                                                const v1::ListStatusHistoryRequest* request,
                                                v1::ListStatusHistoryResponse* response) {
  return HandleRpc(context, "DocumentStatusService/ListStatusHistory", deps_, *request,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
                     ASSIGN_OR_RETURN(Page<StatusChange> page,
                                      use_cases_.documents->ListStatusHistory(
                                          caller, request->document_id(), request->page_size(),
                                          request->page_token()));
                     for (const StatusChange& c : page.items) {
                       ToProto(c, response->add_status_changes());
                     }
                     response->set_next_page_token(page.next_page_token);
                     return absl::OkStatus();
                   });
}

grpc::Status DocumentHandler::ExportDocumentReport(
    grpc::ServerContext* context, const v1::ExportDocumentReportRequest* request,
    grpc::ServerWriter<v1::ExportDocumentReportResponse>* writer) {
  return HandleRpc(context, "DocumentStatusService/ExportDocumentReport", deps_, *request,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
                     ASSIGN_OR_RETURN(
                         DocumentFilter filter,
                         use_cases_.reports->Prepare(FilterFromProto(request->filter())));
                     bool first = true;
                     return use_cases_.reports->Export(caller, filter, [&](std::string_view chunk) {
                       v1::ExportDocumentReportResponse message;
                       message.set_chunk(std::string(chunk));
                       if (first) {
                         message.set_content_type("text/csv; charset=utf-8");
                         message.set_filename(use_cases_.reports->FileName(filter));
                         first = false;
                       }
                       return !context->IsCancelled() && writer->Write(message);
                     });
                   });
}

grpc::Status DocumentHandler::WatchDocumentEvents(
    grpc::ServerContext* context, const v1::WatchDocumentEventsRequest* request,
    grpc::ServerWriter<v1::WatchDocumentEventsResponse>* writer) {
  return HandleRpc(context, "DocumentStatusService/WatchDocumentEvents", deps_, *request,
                   [&](RpcCall& call) -> absl::Status {
                     ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
                     return use_cases_.watch->Watch(
                         caller, FromProto(request->direction()), request->start_cursor(),
                         [&](const WatchMessage& m) {
                           v1::WatchDocumentEventsResponse out;
                           out.set_cursor(m.cursor);
                           if (m.event.has_value()) {
                             out.mutable_event()->set_direction(ToProto(m.direction));
                             ToProto(m.event->change, out.mutable_event()->mutable_status_change());
                           }
                           return writer->Write(out);
                         },
                         [&] { return context->IsCancelled(); });
                   });
}

}  // namespace supplynet::server
