// Reading documents out of result rows: the columns of a document's content by position,
// and the keys ("country|issuer|type|series|number") that match rows to synced documents.
// Internal to storage/.
#pragma once

#include <string>
#include <vector>

#include "domain/document.h"
#include "pqxx/result"
#include "pqxx/row"
#include "storage/document_repository.h"

namespace supplynet::storage {

// Positions of the CONTENT_COLUMNS, looked up once per result: looking every field up by name
// in every row was most of a large report's CPU time.
struct ContentColumns {
  // `r`: a pqxx::result, or a single pqxx::row.
  template <typename ResultOrRow>
  explicit ContentColumns(const ResultOrRow& r)
      : document_id(r.column_number("document_id")),
        country(r.column_number("country")),
        doc_type(r.column_number("doc_type")),
        series(r.column_number("series")),
        number(r.column_number("number")),
        issuer{r.column_number("country"), r.column_number("issuer_tax_id_type"),
               r.column_number("issuer_tax_id"), r.column_number("issuer_verification_digit")},
        issuer_name(r.column_number("issuer_name")),
        receiver{r.column_number("receiver_country"), r.column_number("receiver_tax_id_type"),
                 r.column_number("receiver_tax_id"),
                 r.column_number("receiver_verification_digit")},
        receiver_name(r.column_number("receiver_name")),
        issue_date(r.column_number("issue_date")),
        currency_code(r.column_number("currency_code")),
        net_amount(r.column_number("net_amount")),
        tax_amount(r.column_number("tax_amount")),
        total_amount(r.column_number("total_amount")),
        status(r.column_number("status")),
        status_change_time(r.column_number("status_change_time")) {}

  struct TaxIdColumns {
    pqxx::row_size_type country, type, value, verification_digit;
  };
  pqxx::row_size_type document_id, country, doc_type, series, number;
  TaxIdColumns issuer;
  pqxx::row_size_type issuer_name;
  TaxIdColumns receiver;
  pqxx::row_size_type receiver_name, issue_date, currency_code, net_amount, tax_amount,
      total_amount, status, status_change_time;
};

Document DocumentFromRow(const pqxx::row& row);
// Overwrites `out` in place (its strings keep their capacity).
void ReadReportRow(const pqxx::row& row, const ContentColumns& columns, ReportRow* out);
DocumentView ViewFromRow(const pqxx::row& row);
// The key of a row holding the KEY_COLUMNS.
std::string KeyOfRow(const pqxx::row& row);

// The keys of `contents`, one array per key column, to bind as arrays.
struct KeyArrays {
  std::vector<std::string> country, tax_id, type, series, number;
};
KeyArrays KeysOf(const std::vector<DocumentContent>& contents);

}  // namespace supplynet::storage
