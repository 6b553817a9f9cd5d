#include "server/document_convert.h"

#include <memory>
#include <string>
#include <utility>

#include "app/workflow_service.h"
#include "domain/etag.h"
#include "domain/field_violation.h"
#include "google/rpc/status.pb.h"
#include "server/enum_table.h"
#include "server/proto_convert.h"
#include "server/status_mapping.h"

namespace supplynet::server {
namespace {

constexpr std::pair<DocumentStatus, v1::DocumentStatus> kStatuses[] = {
    {DocumentStatus::kPendingInformation, v1::DOCUMENT_STATUS_PENDING_INFORMATION},
    {DocumentStatus::kSent, v1::DOCUMENT_STATUS_SENT},
    {DocumentStatus::kAccepted, v1::DOCUMENT_STATUS_ACCEPTED},
    {DocumentStatus::kRejected, v1::DOCUMENT_STATUS_REJECTED},
    {DocumentStatus::kPaymentScheduled, v1::DOCUMENT_STATUS_PAYMENT_SCHEDULED},
    {DocumentStatus::kPaid, v1::DOCUMENT_STATUS_PAID},
};

constexpr std::pair<DocumentType, v1::DocumentType> kTypes[] = {
    {DocumentType::kInvoice, v1::DOCUMENT_TYPE_INVOICE},
    {DocumentType::kCreditNote, v1::DOCUMENT_TYPE_CREDIT_NOTE},
    {DocumentType::kDebitNote, v1::DOCUMENT_TYPE_DEBIT_NOTE},
    {DocumentType::kDispatchGuide, v1::DOCUMENT_TYPE_DISPATCH_GUIDE},
};

constexpr std::pair<ReasonCode, v1::StatusReasonCode> kReasons[] = {
    {ReasonCode::kNone, v1::STATUS_REASON_CODE_UNSPECIFIED},
    {ReasonCode::kInconsistencies, v1::STATUS_REASON_CODE_INCONSISTENCIES},
    {ReasonCode::kGoodsNotDelivered, v1::STATUS_REASON_CODE_GOODS_NOT_DELIVERED},
    {ReasonCode::kGoodsPartlyDelivered, v1::STATUS_REASON_CODE_GOODS_PARTLY_DELIVERED},
    {ReasonCode::kServiceNotProvided, v1::STATUS_REASON_CODE_SERVICE_NOT_PROVIDED},
    {ReasonCode::kOther, v1::STATUS_REASON_CODE_OTHER},
};

constexpr std::pair<ActorType, v1::StatusActorType> kActors[] = {
    {ActorType::kUser, v1::STATUS_ACTOR_TYPE_USER},
    {ActorType::kServiceAccount, v1::STATUS_ACTOR_TYPE_SERVICE_ACCOUNT},
    {ActorType::kSystem, v1::STATUS_ACTOR_TYPE_SYSTEM},
};

constexpr std::pair<ValueSource, v1::ValidationValueSource> kSources[] = {
    {ValueSource::kEmpty, v1::VALIDATION_VALUE_SOURCE_EMPTY},
    {ValueSource::kDocument, v1::VALIDATION_VALUE_SOURCE_DOCUMENT},
    {ValueSource::kIssuer, v1::VALIDATION_VALUE_SOURCE_ISSUER},
};

constexpr std::pair<SyncOutcome, v1::SyncDocumentOutcome> kOutcomes[] = {
    {SyncOutcome::kCreated, v1::SYNC_DOCUMENT_OUTCOME_CREATED},
    {SyncOutcome::kUnchanged, v1::SYNC_DOCUMENT_OUTCOME_UNCHANGED},
    {SyncOutcome::kUpdated, v1::SYNC_DOCUMENT_OUTCOME_UPDATED},
    {SyncOutcome::kRejected, v1::SYNC_DOCUMENT_OUTCOME_REJECTED},
};

void ToProto(const StatusReason& reason, v1::StatusReason* out) {
  out->set_code(ProtoOf(kReasons, reason.code, v1::STATUS_REASON_CODE_UNSPECIFIED));
  out->set_text(reason.text);
}

// The fields of a party: country, type and the ID as on the document (with its DV).
void PartyToProto(const TaxId& id, v1::TaxId* out) { ::supplynet::server::ToProto(id, out); }

// Stores a result as its response message; a replay hands the bytes back unparsed (the
// handler sends them as they are), so decoding only carries them.
template <typename T, typename Response>
class StoredResponseCodec final : public ResultCodec<T> {
 public:
  using ToResponse = void (*)(const T&, Response*);
  explicit StoredResponseCodec(ToResponse to_response) : to_response_(to_response) {}

  std::string Encode(const T& result) const override {
    Response response;
    to_response_(result, &response);
    return response.SerializeAsString();
  }

  absl::StatusOr<T> Decode(const std::string& bytes) const override {
    T result;
    result.replay = bytes;
    return result;
  }

 private:
  const ToResponse to_response_;
};

}  // namespace

std::optional<DocumentStatus> FromProto(v1::DocumentStatus status) {
  return DomainOf(kStatuses, status);
}
v1::DocumentStatus ToProto(DocumentStatus status) {
  return ProtoOf(kStatuses, status, v1::DOCUMENT_STATUS_UNSPECIFIED);
}
std::optional<DocumentType> FromProto(v1::DocumentType type) { return DomainOf(kTypes, type); }

std::optional<Direction> FromProto(v1::DocumentDirection direction) {
  if (direction == v1::DOCUMENT_DIRECTION_ISSUED) return Direction::kIssued;
  if (direction == v1::DOCUMENT_DIRECTION_RECEIVED) return Direction::kReceived;
  return std::nullopt;
}

v1::DocumentDirection ToProto(Direction direction) {
  return direction == Direction::kIssued ? v1::DOCUMENT_DIRECTION_ISSUED
                                         : v1::DOCUMENT_DIRECTION_RECEIVED;
}

v1::TrafficLightColor ColorOf(DocumentStatus status) {
  switch (status) {
    case DocumentStatus::kPendingInformation:
      return v1::TRAFFIC_LIGHT_COLOR_ORANGE;
    case DocumentStatus::kSent:
      return v1::TRAFFIC_LIGHT_COLOR_YELLOW;
    case DocumentStatus::kRejected:
      return v1::TRAFFIC_LIGHT_COLOR_RED;
    case DocumentStatus::kAccepted:
    case DocumentStatus::kPaymentScheduled:
    case DocumentStatus::kPaid:
      break;
  }
  return v1::TRAFFIC_LIGHT_COLOR_GREEN;
}

DocumentInput DocumentInputFromProto(const v1::Document& in) {
  DocumentInput d;
  d.country = FromProto(in.country());
  d.type = FromProto(in.type());
  d.series = in.series();
  d.number = in.number();
  d.issuer_country = FromProto(in.issuer_tax_id().country());
  d.issuer_tax_id_type = FromProto(in.issuer_tax_id().type());
  d.issuer_tax_id = in.issuer_tax_id().value();
  d.issuer_name = in.issuer_name();
  d.receiver_country = FromProto(in.receiver_tax_id().country());
  d.receiver_tax_id_type = FromProto(in.receiver_tax_id().type());
  d.receiver_tax_id = in.receiver_tax_id().value();
  d.receiver_name = in.receiver_name();
  d.issue_date = in.issue_date();
  d.currency_code = in.currency_code();
  d.net_amount = in.net_amount();
  d.tax_amount = in.tax_amount();
  d.total_amount = in.total_amount();
  d.document_fields = FieldMap(in.document_fields().begin(), in.document_fields().end());
  return d;
}

DocumentFilterInput FilterFromProto(const v1::DocumentFilter& in) {
  DocumentFilterInput f;
  f.direction = FromProto(in.direction());
  for (int s : in.statuses()) {
    if (auto status = FromProto(static_cast<v1::DocumentStatus>(s))) f.statuses.push_back(*status);
  }
  for (int t : in.types()) {
    if (auto type = FromProto(static_cast<v1::DocumentType>(t))) f.types.push_back(*type);
  }
  f.counterparty_country = FromProto(in.counterparty_tax_id().country());
  f.counterparty_tax_id_type = FromProto(in.counterparty_tax_id().type());
  f.counterparty_tax_id = in.counterparty_tax_id().value();
  f.issue_date_from = in.issue_date_from();
  f.issue_date_to = in.issue_date_to();
  f.number = in.number();
  f.series = in.series();
  return f;
}

StatusReason ReasonFromProto(const v1::StatusReason& in) {
  return {DomainOf(kReasons, in.code()).value_or(ReasonCode::kNone), in.text()};
}

absl::StatusOr<Workflow> WorkflowFromProto(const v1::Workflow& in) {
  Workflow w;
  for (const v1::ValidationField& f : in.required_fields()) {
    w.required_fields.push_back({f.name(), f.label(), f.pattern()});
  }
  FieldViolations violations;
  for (int i = 0; i < in.allowed_transitions_size(); ++i) {
    const v1::DecisionTransition& t = in.allowed_transitions(i);
    const std::optional<DocumentStatus> from = FromProto(t.from_status());
    const std::optional<DocumentStatus> to = FromProto(t.to_status());
    const std::string at = "workflow.allowed_transitions[" + std::to_string(i) + "]";
    if (!from.has_value()) violations.Add(at + ".from_status", "is required");
    if (!to.has_value()) violations.Add(at + ".to_status", "is required");
    if (from.has_value() && to.has_value()) w.allowed_transitions.emplace_back(*from, *to);
  }
  if (!violations.empty()) return violations.ToStatus();
  return w;
}

void ToProto(const DocumentDetail& detail, v1::Document* out) {
  const Document& d = detail.view.document;
  const DocumentContent& c = d.content;
  out->set_document_id(d.document_id);
  out->set_country(ToProto(c.country));
  out->set_type(ProtoOf(kTypes, c.type, v1::DOCUMENT_TYPE_UNSPECIFIED));
  out->set_series(c.series);
  out->set_number(c.number);
  PartyToProto(c.issuer, out->mutable_issuer_tax_id());
  out->set_issuer_name(c.issuer_name);
  PartyToProto(c.receiver, out->mutable_receiver_tax_id());
  out->set_receiver_name(c.receiver_name);
  out->set_issue_date(c.issue_date);
  out->set_currency_code(c.currency_code);
  out->set_net_amount(c.net_amount);
  out->set_tax_amount(c.tax_amount);
  out->set_total_amount(c.total_amount);
  out->mutable_document_fields()->insert(c.document_fields.begin(), c.document_fields.end());
  out->set_status(ToProto(d.status));
  out->set_color(ColorOf(d.status));
  for (const FieldState& s : detail.fields) {
    v1::ValidationFieldState* f = out->add_validation_fields();
    f->set_name(s.field.name);
    f->set_label(s.field.label);
    f->set_pattern(s.field.pattern);
    f->set_value(s.value);
    f->set_source(ProtoOf(kSources, s.source, v1::VALIDATION_VALUE_SOURCE_UNSPECIFIED));
    f->set_valid(s.valid);
  }
  out->set_restarts_used(d.restarts_used);
  out->set_restarts_remaining(kMaxValidationRestarts - d.restarts_used);
  if (detail.view.direction == Direction::kReceived) out->set_supplier_id(d.supplier_id);
  if (d.status_reason.code != ReasonCode::kNone || !d.status_reason.text.empty()) {
    ToProto(d.status_reason, out->mutable_status_reason());
  }
  ToProto(d.status_change_time, out->mutable_status_change_time());
  ToProto(d.create_time, out->mutable_create_time());
  ToProto(d.update_time, out->mutable_update_time());
  out->set_etag(EtagOf(d.version));
}

void ToProto(const StatusChange& c, v1::StatusChange* out) {
  out->set_status_change_id(c.status_change_id);
  out->set_document_id(c.document_id);
  out->set_from_status(c.from_status.has_value() ? ToProto(*c.from_status)
                                                 : v1::DOCUMENT_STATUS_UNSPECIFIED);
  out->set_to_status(ToProto(c.to_status));
  if (c.reason.code != ReasonCode::kNone || !c.reason.text.empty()) {
    ToProto(c.reason, out->mutable_reason());
  }
  out->set_actor_type(ProtoOf(kActors, c.actor_type, v1::STATUS_ACTOR_TYPE_UNSPECIFIED));
  out->set_actor_id(c.actor_id);
  out->set_actor_name(c.actor_name);
  out->set_actor_company_name(c.actor_company_name);
  ToProto(c.change_time, out->mutable_change_time());
}

void ToProto(const Workflow& w, v1::Workflow* out) {
  for (const ValidationField& f : w.required_fields) {
    v1::ValidationField* field = out->add_required_fields();
    field->set_name(f.name);
    field->set_label(f.label);
    field->set_pattern(f.pattern);
  }
  for (const auto& [from, to] : w.allowed_transitions) {
    v1::DecisionTransition* t = out->add_allowed_transitions();
    t->set_from_status(ToProto(from));
    t->set_to_status(ToProto(to));
  }
  if (w.update_time.has_value()) ToProto(*w.update_time, out->mutable_update_time());
  out->set_etag(WorkflowEtag(w));
}

void ToProto(const SyncResult& r, v1::SyncDocumentResult* out) {
  out->set_index(r.index);
  out->set_client_key(r.client_key);
  out->set_outcome(ProtoOf(kOutcomes, r.outcome, v1::SYNC_DOCUMENT_OUTCOME_UNSPECIFIED));
  out->set_document_id(r.document_id);
  if (r.status.has_value() && r.error.ok()) out->set_status(ToProto(*r.status));
  if (!r.error.ok()) {
    const grpc::Status mapped = ToGrpcStatus(r.error);
    google::rpc::Status* error = out->mutable_error();
    if (mapped.error_details().empty() || !error->ParseFromString(mapped.error_details())) {
      error->set_code(static_cast<int>(mapped.error_code()));
      error->set_message(mapped.error_message());
    }
  }
}

DocumentCodecs DocumentReplayCodecs() {
  DocumentCodecs codecs;
  codecs.validation =
      std::make_unique<StoredResponseCodec<ValidationOutcome, v1::UpdateValidationInfoResponse>>(
          [](const ValidationOutcome& r, v1::UpdateValidationInfoResponse* response) {
            ToProto(r.detail, response->mutable_document());
            for (const std::string& name : r.missing_fields) response->add_missing_fields(name);
          });
  codecs.restart =
      std::make_unique<StoredResponseCodec<DocumentDetail, v1::RestartValidationResponse>>(
          [](const DocumentDetail& r, v1::RestartValidationResponse* response) {
            ToProto(r, response->mutable_document());
            response->set_restarts_remaining(response->document().restarts_remaining());
          });
  codecs.decision =
      std::make_unique<StoredResponseCodec<StatusDecision, v1::ChangeDocumentStatusResponse>>(
          [](const StatusDecision& r, v1::ChangeDocumentStatusResponse* response) {
            ToProto(r.detail, response->mutable_document());
            ToProto(r.change, response->mutable_status_change());
          });
  return codecs;
}

}  // namespace supplynet::server
