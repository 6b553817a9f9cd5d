#include "server/supplier_import_convert.h"

#include <utility>

#include "domain/field_violation.h"
#include "domain/status_macros.h"
#include "server/known_enums.h"
#include "server/message_codec.h"
#include "server/proto_convert.h"
#include "server/request_fingerprint.h"
#include "server/request_stream.h"

namespace supplynet::server {
namespace {

absl::StatusOr<ImportReport> StoredImportReport(const v1::ImportSuppliersResponse& in) {
  return ImportReportFromProto(in);
}

absl::Status OptionsFirst() {
  return InvalidField("options", "the first message of the stream must carry the options");
}

absl::StatusOr<bool> FollowsNotify(v1::ImportNotifyMode mode) {
  switch (mode) {
    case v1::IMPORT_NOTIFY_MODE_UNSPECIFIED:
      return true;
    case v1::IMPORT_NOTIFY_MODE_NEVER:
      return false;
    default:
      return InvalidField("options.notify_mode", "is not a known mode");
  }
}

}  // namespace

absl::StatusOr<bool> ImportRequestStream::Read() {
  ASSIGN_OR_RETURN(bool read, ReadRequest(*reader_, &message_));
  if (read) return true;
  if (context_->IsCancelled()) return absl::CancelledError("the client cancelled the import");
  return false;
}

absl::StatusOr<ImportOptions> ImportRequestStream::ReadOptions() {
  ASSIGN_OR_RETURN(bool read, Read());
  if (!read || !message_.has_options()) return OptionsFirst();
  RETURN_IF_ERROR(CheckKnownEnums(message_));
  const v1::ImportSuppliersOptions& in = message_.options();
  ImportOptions options;
  options.dry_run = in.dry_run();
  options.request_id = RequestIdOf(in);
  options.country = FromProto(in.default_country());
  options.tax_id_type = FromProto(in.default_tax_id_type());
  ASSIGN_OR_RETURN(options.follow_notify, FollowsNotify(in.notify_mode()));
  return options;
}

absl::StatusOr<bool> ImportRequestStream::Next(std::string* chunk) {
  ASSIGN_OR_RETURN(bool read, Read());
  if (!read) return false;
  switch (message_.content_case()) {
    case v1::ImportSuppliersRequest::kChunk:
      if (message_.chunk().size() > kMaxImportChunkBytes) {
        return InvalidField("chunk", "is larger than 1 MiB");
      }
      *chunk = std::move(*message_.mutable_chunk());
      return true;
    case v1::ImportSuppliersRequest::kOptions:
      return InvalidField("options", "may only be sent in the first message of the stream");
    default:
      return InvalidField("chunk", "every message after the first must carry a chunk");
  }
}

void ImportRequestStream::Discard() {
  while (reader_->Read(&message_)) {
  }
}

void ToProto(const ImportReport& report, v1::ImportSuppliersResponse* out) {
  out->set_rows_read(report.rows_read);
  out->set_created(report.created);
  out->set_updated(report.updated);
  out->set_unchanged(report.unchanged);
  out->set_rejected(report.rejected);
  out->set_invitations_requested(report.invitations_requested);
  for (const RowError& error : report.errors) {
    v1::ImportRowError* e = out->add_errors();
    e->set_line(error.line);
    e->set_column(error.column);
    e->set_message(error.message);
  }
  out->set_errors_truncated(report.errors_truncated);
  out->set_dry_run(report.dry_run);
}

ImportReport ImportReportFromProto(const v1::ImportSuppliersResponse& in) {
  ImportReport report;
  report.rows_read = in.rows_read();
  report.created = in.created();
  report.updated = in.updated();
  report.unchanged = in.unchanged();
  report.rejected = in.rejected();
  report.invitations_requested = in.invitations_requested();
  for (const v1::ImportRowError& e : in.errors()) {
    report.errors.push_back({e.line(), e.column(), e.message()});
  }
  report.errors_truncated = in.errors_truncated();
  report.dry_run = in.dry_run();
  return report;
}

std::unique_ptr<const ResultCodec<ImportReport>> ImportReportReplayCodec() {
  return MakeMessageCodec<ImportReport, v1::ImportSuppliersResponse>(&ToProto, &StoredImportReport,
                                                                     "import report");
}

}  // namespace supplynet::server
