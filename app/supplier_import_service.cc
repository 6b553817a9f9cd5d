#include "app/supplier_import_service.h"

#include <algorithm>
#include <memory>
#include <utility>
#include <variant>

#include "app/background_writer.h"
#include "app/two_stage_writer.h"
#include "domain/field_violation.h"
#include "domain/import_repeats.h"
#include "domain/status_macros.h"
#include "storage/spare_transaction.h"
#include "storage/supplier_import_repository.h"
#include "storage/supplier_import_seen_repository.h"
#include "storage/supplier_import_writer.h"

namespace supplynet {
namespace {

using storage::ImportBatchResult;
using storage::SupplierImportRepository;
using storage::SupplierImportSeenRepository;
using storage::SupplierImportWriter;
using storage::Tx;

constexpr char kImportOperation[] = "SupplierNetworkService/ImportSuppliers";

// A batch of the file on its way to PostgreSQL.
struct ImportBatch {
  std::vector<ImportItem> items;        // In file order; once prepared, the rejected rows only.
  storage::ImportBatchColumns columns;  // Once prepared, the valid rows.
};

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
  // The file's tax IDs are recorded on a second connection when the pool has one free, so that
  // PostgreSQL looks up the next batch's repeats while it writes this one; else in `tx`.
  const std::unique_ptr<storage::SpareTransaction> spare =
      storage::SpareTransaction::TryBegin(db_.pool());
  const auto in_repeats_tx = [&](auto fn) -> absl::Status {
    return spare != nullptr ? spare->Run(fn) : fn(tx);
  };
  RETURN_IF_ERROR(in_repeats_tx([](Tx& on) { return SupplierImportSeenRepository::Begin(on); }));
  SupplierImportParser parser({*options.country, options.tax_id_type, {}});
  // Filled by the batches on the merging thread only, read once it has finished.
  ImportReport report;
  report.dry_run = options.dry_run;
  // A batch holds every item, rejected rows included: each row's tax ID counts for repeats,
  // and the report lists the rejected rows in file order. Once its repeats are known, its valid
  // rows become the write's parameters and its items keep the rejected rows only.
  const auto prepare = [&](ImportBatch& batch) -> absl::Status {
    RETURN_IF_ERROR(in_repeats_tx([&](Tx& on) -> absl::Status {
      ASSIGN_OR_RETURN(const TaxIdFirstLines earlier,
                       SupplierImportSeenRepository::RecordBatch(on, FirstTaxIdLines(batch.items)));
      RejectRepeatedTaxIds(earlier, &batch.items);
      return absl::OkStatus();
    }));
    std::vector<SupplierRow> rows;
    rows.reserve(batch.items.size());
    for (ImportItem& item : batch.items) {
      if (SupplierRow* row = std::get_if<SupplierRow>(&item)) rows.push_back(std::move(*row));
    }
    batch.items.erase(std::remove_if(batch.items.begin(), batch.items.end(),
                                     [](const ImportItem& item) {
                                       return std::holds_alternative<SupplierRow>(item);
                                     }),
                      batch.items.end());
    batch.columns = SupplierImportRepository::Columns(rows, options.follow_notify);
    return absl::OkStatus();
  };
  SupplierImportWriter network(caller.company_id, *options.country, now);
  const auto write = [&](const ImportBatch& batch) -> absl::Status {
    for (const ImportItem& item : batch.items) report.AddRejected(std::get<RejectedRow>(item));
    ASSIGN_OR_RETURN(ImportBatchResult written, network.Write(tx, batch.columns));
    report.created += written.created;
    report.updated += written.updated;
    report.unchanged += written.unchanged;
    report.invitations_requested += static_cast<int64_t>(written.invite_requested_ids.size());
    if (options.dry_run || inviter_ == nullptr || written.invite_requested_ids.empty()) {
      return absl::OkStatus();
    }
    return inviter_->InviteImported(tx, caller, written.invite_requested_ids, now);
  };
  // PostgreSQL writes one batch while the next is read off the stream and parsed, and, with a
  // spare connection, has its repeats looked up and becomes the write's parameters.
  const auto feed = [&](auto& writer) -> absl::Status {
    ImportBatch batch;
    std::string chunk;
    bool writing = true;
    for (bool more = true; more && writing;) {
      ASSIGN_OR_RETURN(more, file.Next(&chunk));
      if (more) {
        parser.Feed(chunk);
      } else {
        parser.Finish();
      }
      RETURN_IF_ERROR(parser.header_status());
      for (ImportItem& item : parser.TakeReady()) {
        batch.items.push_back(std::move(item));
        if (batch.items.size() < batch_rows_) continue;
        writing = writer.Put(std::exchange(batch, {}));
        if (!writing) break;  // Finish says why.
      }
    }
    if (writing && !batch.items.empty()) writer.Put(std::move(batch));
    return writer.Finish();
  };
  if (spare != nullptr) {
    TwoStageWriter<ImportBatch> writer(prepare, write);
    RETURN_IF_ERROR(feed(writer));
  } else {
    BackgroundWriter<ImportBatch> writer([&](ImportBatch batch) -> absl::Status {
      RETURN_IF_ERROR(prepare(batch));
      return write(batch);
    });
    RETURN_IF_ERROR(feed(writer));
  }
  report.rows_read = parser.rows_read();
  return report;
}

}  // namespace supplynet
