#include "app/document_report.h"

#include <algorithm>
#include <optional>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "app/handoff.h"
#include "domain/csv_writer.h"
#include "domain/status_macros.h"
#include "storage/document_repository.h"

namespace supplynet {
namespace {

using storage::DocumentRepository;
using storage::ReportRow;
using storage::ReportSlice;

constexpr int kFetchRows = 1000;
constexpr char kCursor[] = "document_report";

const std::vector<std::string>& Header() {
  static const std::vector<std::string> header = {
      "Document ID", "Country",         "Type",          "Series",     "Number",   "Issuer Tax ID",
      "Issuer Name", "Receiver Tax ID", "Receiver Name", "Issue Date", "Currency", "Net Amount",
      "Tax Amount",  "Total Amount",    "Status",        "Status Time"};
  return header;
}

// A tax ID as printed: the Colombian NIT with its verification digit after a dash.
std::string Printed(const TaxId& id) {
  if (id.verification_digit.empty()) return id.value;
  return absl::StrCat(id.value, "-", id.verification_digit);
}

void AppendDocument(const ReportRow& d, std::string* out) {
  const DocumentContent& c = d.content;
  AppendCsvRecord(
      {d.document_id, std::string(CountryCode(c.country)), std::string(DocumentTypeName(c.type)),
       c.series, c.number, Printed(c.issuer), c.issuer_name, Printed(c.receiver), c.receiver_name,
       c.issue_date, c.currency_code, c.net_amount, c.tax_amount, c.total_amount,
       std::string(DocumentStatusName(d.status)),
       absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", d.status_change_time, absl::UTCTimeZone())},
      out);
}

// Sends whole chunks of `buffer` (all of it when `final`); false when the sink gave up.
bool Drain(std::string* buffer, const ChunkSink& sink, bool final) {
  size_t sent = 0;
  while (buffer->size() - sent >= kReportChunkBytes || (final && sent < buffer->size())) {
    const size_t n = std::min(kReportChunkBytes, buffer->size() - sent);
    if (!sink(std::string_view(buffer->data() + sent, n))) return false;
    sent += n;
  }
  buffer->erase(0, sent);
  return true;
}

// Formats the slices into the CSV (header first) and sends it; false when the sink gave up.
bool WriteSlices(Handoff<ReportSlice>& slices, const ChunkSink& sink) {
  std::string buffer;
  AppendCsvRecord(Header(), &buffer);
  while (std::optional<ReportSlice> rows = slices.Take()) {
    for (size_t i = 0; i < rows->size(); ++i) AppendDocument(rows->Row(i), &buffer);
    if (!Drain(&buffer, sink, /*final=*/false)) {
      slices.Abandon();
      return false;
    }
  }
  if (slices.abandoned()) return false;
  return Drain(&buffer, sink, /*final=*/true);
}

// On every way out of the fetching loop (an error, an exception), the writer is stopped and
// joined before the transaction ends.
struct StopAndJoin {
  Handoff<ReportSlice>& slices;
  std::thread& writer;
  ~StopAndJoin() {
    if (!writer.joinable()) return;
    slices.Abandon();
    writer.join();
  }
};

}  // namespace

absl::StatusOr<DocumentFilter> DocumentReport::Prepare(const DocumentFilterInput& input) const {
  return MakeDocumentFilter(input, "filter.");
}

std::string DocumentReport::FileName(const DocumentFilter& filter) const {
  return absl::StrCat("documents-", filter.direction == Direction::kIssued ? "issued" : "received",
                      "-", absl::FormatTime("%Y%m%d", clock_.Now(), absl::UTCTimeZone()), ".csv");
}

absl::Status DocumentReport::Export(const Principal& caller, const DocumentFilter& filter,
                                    const ChunkSink& sink) {
  return db_.Read([&](storage::Tx& tx) -> absl::Status {
    RETURN_IF_ERROR(DocumentRepository::OpenReport(tx, caller.company_id, filter, kCursor));
    // This thread only fetches: it asks for the next slice while the writer decodes, formats
    // and sends the previous one, so PostgreSQL and the server work at the same time instead
    // of taking turns.
    Handoff<ReportSlice> slices;
    bool sent_all = false;
    std::thread writer([&] { sent_all = WriteSlices(slices, sink); });
    StopAndJoin stop{slices, writer};
    for (;;) {
      ASSIGN_OR_RETURN(ReportSlice rows, DocumentRepository::FetchReport(tx, kCursor, kFetchRows));
      const bool last = static_cast<int>(rows.size()) < kFetchRows;
      if (!slices.Put(std::move(rows)) || last) break;
    }
    slices.Finish();
    writer.join();
    if (!sent_all) return absl::CancelledError("the client stopped reading the report");
    return absl::OkStatus();
  });
}

}  // namespace supplynet
