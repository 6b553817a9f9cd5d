#include "storage/document_row.h"

#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "storage/pg_text.h"
#include "storage/row.h"

namespace supplynet::storage {
namespace {

// A text column by position (NULL reads as empty), without a copy.
std::string_view At(const pqxx::row& row, pqxx::row_size_type column) {
  const pqxx::field field = row[column];
  return {field.c_str(), field.size()};
}

void ReadTaxId(const pqxx::row& row, const ContentColumns::TaxIdColumns& columns, TaxId* id) {
  id->country = CountryFromCode(At(row, columns.country)).value_or(Country::kColombia);
  id->type = TaxIdTypeFromName(At(row, columns.type)).value_or(TaxIdType::kUnspecified);
  id->value.assign(At(row, columns.value));
  id->verification_digit.assign(At(row, columns.verification_digit));
}

// The CONTENT_COLUMNS of a row but the document id, status and its time, into `c` in place
// (strings assigned, not rebuilt: a report reuses one row for all its lines).
void ReadContent(const pqxx::row& row, const ContentColumns& columns, DocumentContent* c) {
  c->country = CountryFromCode(At(row, columns.country)).value_or(Country::kColombia);
  c->type = DocumentTypeFromName(At(row, columns.doc_type)).value_or(DocumentType::kInvoice);
  c->series.assign(At(row, columns.series));
  c->number.assign(At(row, columns.number));
  ReadTaxId(row, columns.issuer, &c->issuer);
  c->issuer_name.assign(At(row, columns.issuer_name));
  ReadTaxId(row, columns.receiver, &c->receiver);
  c->receiver_name.assign(At(row, columns.receiver_name));
  c->issue_date.clear();
  AppendDateFromEpochDays(row[columns.issue_date].as<int64_t>(), &c->issue_date);
  c->currency_code.assign(At(row, columns.currency_code));
  c->net_amount.assign(At(row, columns.net_amount));
  c->tax_amount.assign(At(row, columns.tax_amount));
  c->total_amount.assign(At(row, columns.total_amount));
}

}  // namespace

Document DocumentFromRow(const pqxx::row& row) {
  Document d;
  d.document_id = Text(row, "document_id");
  ReadContent(row, ContentColumns(row), &d.content);
  d.content.document_fields = DecodeHexMap(Text(row, "document_fields"));
  d.receiver_company_id = Text(row, "receiver_company_id");
  d.issuer_values = DecodeHexMap(Text(row, "issuer_values"));
  d.status =
      DocumentStatusFromName(Text(row, "status")).value_or(DocumentStatus::kPendingInformation);
  d.status_reason = {ReasonCodeFromName(Text(row, "status_reason_code")),
                     Text(row, "status_reason_text")};
  d.status_change_time = Time(row, "status_change_time");
  d.restarts_used = row["restarts_used"].as<int>();
  d.version = row["version"].as<int64_t>();
  d.create_time = Time(row, "create_time");
  d.update_time = Time(row, "update_time");
  return d;
}

void ReadReportRow(const pqxx::row& row, const ContentColumns& columns, ReportRow* out) {
  out->document_id.assign(At(row, columns.document_id));
  ReadContent(row, columns, &out->content);
  out->status =
      DocumentStatusFromName(At(row, columns.status)).value_or(DocumentStatus::kPendingInformation);
  out->status_change_time = absl::FromUnixMicros(row[columns.status_change_time].as<int64_t>());
}

DocumentView ViewFromRow(const pqxx::row& row) {
  DocumentView view{DocumentFromRow(row),
                    row["received"].as<bool>() ? Direction::kReceived : Direction::kIssued};
  view.document.supplier_id = Text(row, "supplier_id");
  return view;
}

std::string KeyOfRow(const pqxx::row& row) {
  return absl::StrCat(Text(row, "country"), "|", Text(row, "issuer_tax_id"), "|",
                      Text(row, "doc_type"), "|", Text(row, "series"), "|", Text(row, "number"));
}

KeyArrays KeysOf(const std::vector<DocumentContent>& contents) {
  KeyArrays k;
  for (const DocumentContent& c : contents) {
    k.country.emplace_back(AsAbsl(CountryCode(c.country)));
    k.tax_id.push_back(c.issuer.value);
    k.type.emplace_back(AsAbsl(DocumentTypeName(c.type)));
    k.series.push_back(c.series);
    k.number.push_back(c.number);
  }
  return k;
}

}  // namespace supplynet::storage
