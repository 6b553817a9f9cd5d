#include "bench/document_bench.h"

#include <algorithm>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "bench/bench_common.h"
#include "bench/page_latency.h"
#include "supplynet/v1/account.grpc.pb.h"
#include "supplynet/v1/document_status.grpc.pb.h"

namespace supplynet::bench {
namespace {

constexpr int kIssuerNitBase = 700000000;

std::string Cents(int64_t cents) { return absl::StrFormat("%d.%02d", cents / 100, cents % 100); }

// RFC 4180: quoted only when needed.
std::string CsvField(const std::string& value) {
  if (value.find_first_of(",\"\r\n") == std::string::npos) return value;
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// The document fields as a JSON object for the bare table's jsonb column (plain ASCII keys and
// values, nothing to escape).
std::string FieldsJson(const v1::Document& d) {
  std::string out = "{";
  for (const auto& [key, value] : d.document_fields()) {
    absl::StrAppend(&out, out.size() > 1 ? "," : "", "\"", key, "\":\"", value, "\"");
  }
  return out + "}";
}

}  // namespace

v1::Document DocumentAt(const DocumentSet& set, int64_t i) {
  v1::Document d;
  d.set_country(v1::COUNTRY_CO);
  d.set_type(v1::DOCUMENT_TYPE_INVOICE);
  d.set_series(set.series);
  d.set_number(absl::StrCat(i + 1));
  const std::string issuer = absl::StrCat(kIssuerNitBase + i % set.issuers);
  d.mutable_issuer_tax_id()->set_country(v1::COUNTRY_CO);
  d.mutable_issuer_tax_id()->set_value(issuer);
  d.set_issuer_name(absl::StrCat("Proveedor ", issuer, " S.A.S."));
  d.mutable_receiver_tax_id()->set_country(v1::COUNTRY_CO);
  d.mutable_receiver_tax_id()->set_value(set.receiver_nit);
  d.set_receiver_name(absl::StrCat("Cliente ", set.receiver_nit, " S.A.S."));
  d.set_issue_date(absl::FormatCivilTime(absl::CivilDay(2024, 1, 1) + i % 366));
  d.set_currency_code("COP");
  const int64_t net = 100000 + (i * 7919) % 9900000;
  const int64_t tax = net * 19 / 100;
  d.set_net_amount(Cents(net));
  d.set_tax_amount(Cents(tax));
  d.set_total_amount(Cents(net + tax));
  (*d.mutable_document_fields())["purchase_order"] = absl::StrCat("OC-", i + 1);
  return d;
}

int WriteDocumentsCsv(const DocumentSet& set, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  out << "country,doc_type,series,number,issuer_country,issuer_tax_id,issuer_name,"
         "receiver_country,receiver_tax_id,receiver_name,issue_date,currency_code,net_amount,"
         "tax_amount,total_amount,document_fields\n";
  for (int64_t i = 0; i < set.rows; ++i) {
    const v1::Document d = DocumentAt(set, i);
    out << "CO,INVOICE," << d.series() << "," << d.number() << ",CO," << d.issuer_tax_id().value()
        << "," << CsvField(d.issuer_name()) << ",CO," << d.receiver_tax_id().value() << ","
        << CsvField(d.receiver_name()) << "," << d.issue_date() << "," << d.currency_code() << ","
        << d.net_amount() << "," << d.tax_amount() << "," << d.total_amount() << ","
        << CsvField(FieldsJson(d)) << "\n";
  }
  return out.good() ? 0 : 1;
}

int SyncDocumentSet(const std::string& address, const std::string& token, const DocumentSet& set,
                    int per_call) {
  auto documents = v1::DocumentStatusService::NewStub(NewChannel(address));
  int64_t created = 0, unchanged = 0, updated = 0, rejected = 0;
  const Clock::time_point start = Clock::now();
  for (int64_t first = 0; first < set.rows; first += per_call) {
    std::unique_ptr<grpc::ClientContext> context = Ctx(token);
    v1::SyncDocumentsResponse response;
    auto writer = documents->SyncDocuments(context.get(), &response);
    v1::SyncDocumentsRequest request;
    for (int64_t i = first; i < std::min(set.rows, first + per_call); ++i) {
      *request.mutable_document() = DocumentAt(set, i);
      request.set_client_key(request.document().number());
      if (!writer->Write(request)) break;
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    if (!status.ok()) return Fail("SyncDocuments", status);
    for (const v1::SyncDocumentResult& r : response.results()) {
      if (r.outcome() == v1::SYNC_DOCUMENT_OUTCOME_REJECTED && rejected == 0) {
        std::cerr << "first rejected document: " << r.error().message() << "\n";
      }
    }
    created += response.created();
    unchanged += response.unchanged();
    updated += response.updated();
    rejected += response.rejected();
  }
  std::cout << "sync_seconds=" << SecondsSince(start) << "\n"
            << "sync_created=" << created << "\n"
            << "sync_unchanged=" << unchanged << "\n"
            << "sync_updated=" << updated << "\n"
            << "sync_rejected=" << rejected << "\n";
  return 0;
}

int ExportReceived(const std::string& address, const std::string& token) {
  auto documents = v1::DocumentStatusService::NewStub(NewChannel(address));
  v1::ExportDocumentReportRequest request;
  request.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
  int64_t bytes = 0, lines = 0;
  const Clock::time_point start = Clock::now();
  std::unique_ptr<grpc::ClientContext> context = Ctx(token);
  auto reader = documents->ExportDocumentReport(context.get(), request);
  v1::ExportDocumentReportResponse message;
  while (reader->Read(&message)) {
    bytes += static_cast<int64_t>(message.chunk().size());
    lines += std::count(message.chunk().begin(), message.chunk().end(), '\n');
  }
  const grpc::Status status = reader->Finish();
  const double seconds = SecondsSince(start);
  if (!status.ok()) return Fail("ExportDocumentReport", status);
  std::cout << "export_seconds=" << seconds << "\n"
            << "export_rows=" << lines - 1 << "\n"  // Without the header.
            << "export_bytes=" << bytes << "\n";
  return 0;
}

int CompareDocumentPages(const std::string& address, const std::string& token, int far_page,
                         int repeat) {
  auto documents = v1::DocumentStatusService::NewStub(NewChannel(address));
  v1::ListDocumentsRequest first;
  first.mutable_filter()->set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
  const std::optional<PageLatency> pages =
      ComparePages<v1::ListDocumentsRequest, v1::ListDocumentsResponse>(
          first, far_page, repeat,
          [&](const v1::ListDocumentsRequest& request, v1::ListDocumentsResponse* response) {
            return documents->ListDocuments(Ctx(token).get(), request, response);
          });
  return PrintPages(pages, "documents");
}

int CreateServiceKey(const std::string& address, const std::string& admin_token) {
  auto accounts = v1::AccountService::NewStub(NewChannel(address));
  v1::CreateServiceAccountRequest request;
  request.mutable_service_account()->set_display_name("bench tax-authority channel");
  request.mutable_service_account()->set_role(v1::ROLE_ADMIN);
  v1::CreateServiceAccountResponse response;
  const grpc::Status status =
      accounts->CreateServiceAccount(Ctx(admin_token).get(), request, &response);
  if (!status.ok()) return Fail("CreateServiceAccount", status);
  std::cout << "service_key=" << response.key() << "\n";
  return 0;
}

int WaitForServer(const std::string& address, int seconds) {
  const bool up = NewChannel(address)->WaitForConnected(std::chrono::system_clock::now() +
                                                        std::chrono::seconds(seconds));
  if (!up) std::cerr << "the server at " << address << " did not come up\n";
  return up ? 0 : 1;
}

}  // namespace supplynet::bench
