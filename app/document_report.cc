#include "app/document_report.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "app/handoff.h"
#include "domain/csv_writer.h"
#include "domain/status_macros.h"
#include "domain/time_text.h"
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

// A tax ID as printed: the Colombian NIT with its verification digit after a dash. `text` is
// the caller's, reused from row to row.
std::string_view Printed(const TaxId& id, std::string* text) {
  if (id.verification_digit.empty()) return id.value;
  text->assign(id.value);
  text->push_back('-');
  text->append(id.verification_digit);
  return *text;
}

// The report's lines, written from one row read in place for every line (no string is built
// per value, so a line costs no allocation once the buffers have grown).
class DocumentLines {
 public:
  void Append(const ReportSlice& slice, size_t i, std::string* out) {
    slice.Read(i, &row_);
    const DocumentContent& c = row_.content;
    status_time_.clear();
    AppendUtcSecond(row_.status_change_time, &status_time_);
    AppendCsvRecord(
        {row_.document_id, CountryCode(c.country), DocumentTypeName(c.type), c.series, c.number,
         Printed(c.issuer, &issuer_), c.issuer_name, Printed(c.receiver, &receiver_),
         c.receiver_name, c.issue_date, c.currency_code, c.net_amount, c.tax_amount, c.total_amount,
         DocumentStatusName(row_.status), status_time_},
        out);
  }

 private:
  ReportRow row_;
  std::string issuer_, receiver_, status_time_;
};

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
  DocumentLines lines;
  while (std::optional<ReportSlice> rows = slices.Take()) {
    for (size_t i = 0; i < rows->size(); ++i) lines.Append(*rows, i, &buffer);
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
