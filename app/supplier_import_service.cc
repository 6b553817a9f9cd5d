#include "app/supplier_import_service.h"

#include <utility>
#include <variant>

#include "app/background_writer.h"
#include "domain/field_violation.h"
#include "domain/status_macros.h"
#include "storage/supplier_import_repository.h"

namespace supplynet {
namespace {

using storage::ImportBatchResult;
using storage::SupplierImportRepository;
using storage::Tx;

constexpr char kImportOperation[] = "SupplierNetworkService/ImportSuppliers";

absl::Status CheckOptions(const ImportOptions& options) {
  FieldViolations violations;
  if (!options.country.has_value()) {
    violations.Add("options.default_country", "is required");
  } else {
    violations.Merge(
        CheckImportTaxIdType(*options.country, options.tax_id_type, "options.default_tax_id_type"));
  }
  violations.Merge(CheckRequestId(options.request_id.id, "options.request_id"));
  return violations.ToStatus();
}

}  // namespace

SupplierImportService::SupplierImportService(
    storage::Database& db, const Clock& clock,
    std::unique_ptr<const ResultCodec<ImportReport>> replay_codec, size_t batch_rows,
    ImportInviter* inviter)
    : db_(db),
      clock_(clock),
      replay_codec_(std::move(replay_codec)),
      batch_rows_(batch_rows > 0 ? batch_rows : 1),
      inviter_(inviter) {}

absl::StatusOr<ImportReport> SupplierImportService::ImportSuppliers(const Principal& caller,
                                                                    const ImportOptions& options,
                                                                    ImportChunkSource& file) {
  RETURN_IF_ERROR(CheckOptions(options));
  const absl::Time now = clock_.Now();
  const auto import = [&](Tx& tx) { return Import(tx, caller, options, file, now); };
  // A dry run does the real work and rolls it back, so its counts are the real run's.
  if (options.dry_run) return db_.WriteAndRollBack(import);
  // The fingerprint covers the options; the file itself is not known before it is read.
  return WriteOnce<ImportReport>(
      db_, IdempotencyKeyOf(caller.company_id, kImportOperation, options.request_id), now,
      *replay_codec_, import, "options.request_id");
}

absl::StatusOr<ImportReport> SupplierImportService::Import(Tx& tx, const Principal& caller,
                                                           const ImportOptions& options,
                                                           ImportChunkSource& file,
                                                           absl::Time now) {
  RETURN_IF_ERROR(SupplierImportRepository::Begin(tx));
  SupplierImportParser parser({*options.country, options.tax_id_type, {}});
  ImportReport report;
  report.dry_run = options.dry_run;
  // What the batches did; written on the writer's thread only, read once it has finished.
  ImportReport written;
  const auto write_batch = [&](std::vector<SupplierRow> batch) -> absl::Status {
    ASSIGN_OR_RETURN(ImportBatchResult merged,
                     SupplierImportRepository::MergeBatch(tx, caller.company_id, *options.country,
                                                          batch, options.follow_notify, now));
    written.created += merged.created;
    written.updated += merged.updated;
    written.unchanged += merged.unchanged;
    written.invitations_requested += static_cast<int64_t>(merged.invite_requested_ids.size());
    if (options.dry_run || inviter_ == nullptr || merged.invite_requested_ids.empty()) {
      return absl::OkStatus();
    }
    return inviter_->InviteImported(tx, caller, merged.invite_requested_ids, now);
  };
  // PostgreSQL merges one batch while the next is read off the stream and parsed.
  BackgroundWriter<std::vector<SupplierRow>> writer(write_batch);
  std::vector<SupplierRow> batch;
  std::string chunk;
  for (bool more = true; more;) {
    ASSIGN_OR_RETURN(more, file.Next(&chunk));
    if (more) {
      parser.Feed(chunk);
    } else {
      parser.Finish();
    }
    RETURN_IF_ERROR(parser.header_status());
    for (ImportItem& item : parser.TakeReady()) {
      if (SupplierRow* row = std::get_if<SupplierRow>(&item)) {
        batch.push_back(std::move(*row));
      } else {
        report.AddRejected(std::get<RejectedRow>(item));
      }
    }
    const bool full = batch.size() >= batch_rows_ || (!more && !batch.empty());
    if (full && !writer.Put(std::exchange(batch, {}))) break;  // Finish says why.
  }
  RETURN_IF_ERROR(writer.Finish());
  report.created = written.created;
  report.updated = written.updated;
  report.unchanged = written.unchanged;
  report.invitations_requested = written.invitations_requested;
  report.rows_read = parser.rows_read();
  return report;
}

}  // namespace supplynet
