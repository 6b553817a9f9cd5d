// The SQL column lists and joins of the document queries (documents `d`, the caller's company
// `me` as $1, the receiver's supplier entry `s`). Internal to storage/document_repository.cc.
#pragma once

// A document's content without its document fields, its status and when that was set.
#define CONTENT_COLUMNS                                                                 \
  "d.document_id::text AS document_id, d.country, d.doc_type, d.series, d.number, "     \
  "d.issuer_tax_id_type, d.issuer_tax_id, d.issuer_verification_digit, d.issuer_name, " \
  "d.receiver_country, d.receiver_tax_id_type, d.receiver_tax_id, "                     \
  "d.receiver_verification_digit, d.receiver_name, "                                    \
  "d.issue_date - DATE '1970-01-01' AS issue_date, d.currency_code, "                   \
  "d.net_amount::text AS net_amount, d.tax_amount::text AS tax_amount, "                \
  "d.total_amount::text AS total_amount, d.status, "                                    \
  "sn_micros(d.status_change_time) AS status_change_time"

#define DOCUMENT_COLUMNS                                                                        \
  CONTENT_COLUMNS                                                                               \
  ", d.receiver_company_id::text AS receiver_company_id, "                                      \
  "sn_map_text(d.document_fields) AS document_fields, "                                         \
  "sn_map_text(d.issuer_values) AS issuer_values, d.status_reason_code, d.status_reason_text, " \
  "d.restarts_used, d.version, sn_micros(d.create_time) AS create_time, "                       \
  "sn_micros(d.update_time) AS update_time"

// The caller's view: `me` is the caller's company ($1), `s` the receiver's entry for the
// issuer. The issuer's company is the one linked to that entry.
#define VISIBLE_COLUMNS                                                 \
  DOCUMENT_COLUMNS                                                      \
  ", CASE WHEN d.receiver_company_id = $1::uuid "                       \
  "THEN coalesce(s.supplier_id::text, '') ELSE '' END AS supplier_id, " \
  "d.receiver_company_id = $1::uuid AS received"

#define VISIBLE_FROM                                                      \
  " FROM documents d JOIN companies me ON me.company_id = $1::uuid "      \
  "LEFT JOIN suppliers s ON s.client_company_id = d.receiver_company_id " \
  "AND s.country = d.country AND s.tax_id = d.issuer_tax_id "

// What the report shows; the document fields and issuer values are not read (decoding them
// row by row was most of the cost of a large report).
#define REPORT_COLUMNS CONTENT_COLUMNS

#define RECEIVED_BY_ME " d.receiver_company_id = $1::uuid "
#define ISSUED_BY_ME                                              \
  " (d.country = me.country AND d.issuer_tax_id = me.tax_id AND " \
  "s.linked_company_id = $1::uuid) "

#define KEY_COLUMNS "d.country, d.issuer_tax_id, d.doc_type, d.series, d.number"
