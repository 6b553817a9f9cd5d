// gRPC face of DocumentStatusService: decode, authorize, call the use case, encode. Reads are
// open to every principal of a company that may see the document; mutations need the
// administrator profile; who may act on a document (issuer or receiver) is the use case's rule.
#pragma once

#include "app/document_events.h"
#include "app/document_report.h"
#include "app/document_service.h"
#include "app/document_sync.h"
#include "app/workflow_service.h"
#include "server/rpc_call.h"
#include "supplynet/v1/document_status.grpc.pb.h"

namespace supplynet::server {

struct DocumentUseCases {
  SyncService* sync;
  DocumentService* documents;
  WorkflowService* workflows;
  DocumentReport* reports;
  DocumentWatch* watch;
};

class DocumentHandler : public v1::DocumentStatusService::Service {
 public:
  DocumentHandler(DocumentUseCases use_cases, const CallDeps& deps)
      : use_cases_(use_cases), deps_(deps) {}

  grpc::Status SyncDocuments(grpc::ServerContext* context,
                             grpc::ServerReader<v1::SyncDocumentsRequest>* reader,
                             v1::SyncDocumentsResponse* response) override;
  grpc::Status GetDocument(grpc::ServerContext* context, const v1::GetDocumentRequest* request,
                           v1::GetDocumentResponse* response) override;
  grpc::Status ListDocuments(grpc::ServerContext* context, const v1::ListDocumentsRequest* request,
                             v1::ListDocumentsResponse* response) override;
  grpc::Status GetWorkflow(grpc::ServerContext* context, const v1::GetWorkflowRequest* request,
                           v1::GetWorkflowResponse* response) override;
  grpc::Status UpdateWorkflow(grpc::ServerContext* context,
                              const v1::UpdateWorkflowRequest* request,
                              v1::UpdateWorkflowResponse* response) override;
  grpc::Status UpdateValidationInfo(grpc::ServerContext* context,
                                    const v1::UpdateValidationInfoRequest* request,
                                    v1::UpdateValidationInfoResponse* response) override;
  grpc::Status RestartValidation(grpc::ServerContext* context,
                                 const v1::RestartValidationRequest* request,
                                 v1::RestartValidationResponse* response) override;
  grpc::Status ChangeDocumentStatus(grpc::ServerContext* context,
                                    const v1::ChangeDocumentStatusRequest* request,
                                    v1::ChangeDocumentStatusResponse* response) override;
  grpc::Status ListStatusHistory(grpc::ServerContext* context,
                                 const v1::ListStatusHistoryRequest* request,
                                 v1::ListStatusHistoryResponse* response) override;
  grpc::Status ExportDocumentReport(
      grpc::ServerContext* context, const v1::ExportDocumentReportRequest* request,
      grpc::ServerWriter<v1::ExportDocumentReportResponse>* writer) override;
  grpc::Status WatchDocumentEvents(
      grpc::ServerContext* context, const v1::WatchDocumentEventsRequest* request,
      grpc::ServerWriter<v1::WatchDocumentEventsResponse>* writer) override;

 protected:
  const DocumentUseCases use_cases_;
  const CallDeps& deps_;
};

}  // namespace supplynet::server
