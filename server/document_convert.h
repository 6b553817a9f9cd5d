// Conversions between supplynet.v1 document messages and the domain, for the
// DocumentStatusService handler and the replay codecs of its retry-safe calls.
#pragma once

#include <optional>

#include "app/document_service.h"
#include "app/document_sync.h"
#include "app/workflow_service.h"
#include "domain/document.h"
#include "domain/document_filter.h"
#include "domain/workflow.h"
#include "supplynet/v1/document_status.pb.h"

namespace supplynet::server {

std::optional<DocumentStatus> FromProto(v1::DocumentStatus status);
v1::DocumentStatus ToProto(DocumentStatus status);
std::optional<DocumentType> FromProto(v1::DocumentType type);
std::optional<Direction> FromProto(v1::DocumentDirection direction);
v1::DocumentDirection ToProto(Direction direction);
v1::TrafficLightColor ColorOf(DocumentStatus status);

DocumentInput DocumentInputFromProto(const v1::Document& in);
DocumentFilterInput FilterFromProto(const v1::DocumentFilter& in);
StatusReason ReasonFromProto(const v1::StatusReason& in);
// INVALID_ARGUMENT for a transition without both statuses.
absl::StatusOr<Workflow> WorkflowFromProto(const v1::Workflow& in);

void ToProto(const DocumentDetail& detail, v1::Document* out);
void ToProto(const StatusChange& change, v1::StatusChange* out);
void ToProto(const Workflow& workflow, v1::Workflow* out);
void ToProto(const SyncResult& result, v1::SyncDocumentResult* out);

// Stores the results of retried calls as their response messages' bytes.
DocumentCodecs DocumentReplayCodecs();

}  // namespace supplynet::server
