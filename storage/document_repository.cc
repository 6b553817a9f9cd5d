#include "storage/document_repository.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "domain/absl_compat.h"
#include "pqxx/prepared_statement"
#include "storage/document_columns.h"
#include "storage/document_row.h"
#include "storage/list_query.h"
#include "storage/pg_text.h"
#include "storage/row.h"
#include "storage/status_change_row.h"

namespace supplynet::storage {
namespace {

const Statement kFindCompanies{
    "document_find_companies",
    "SELECT c.company_id::text, c.country || ':' || c.tax_id AS key FROM companies c "
    "JOIN unnest($1::text[], $2::text[]) AS i(country, tax_id) "
    "ON c.country = i.country AND c.tax_id = i.tax_id"};

const Statement kInsertNew{
    "document_insert_new",
    "WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], "
    "$5::text[], $6::text[], $7::text[], $8::text[], $9::uuid[], $10::text[], $11::text[], "
    "$12::text[], $13::text[], $14::text[], $15::date[], $16::text[], $17::numeric[], "
    "$18::numeric[], $19::numeric[], $20::text[], $21::text[]) AS i(country, doc_type, series, "
    "number, issuer_tax_id_type, issuer_tax_id, issuer_verification_digit, issuer_name, "
    "receiver_company_id, receiver_country, receiver_tax_id_type, receiver_tax_id, "
    "receiver_verification_digit, receiver_name, issue_date, currency_code, net_amount, "
    "tax_amount, total_amount, document_fields, status)), "
    "ins AS (INSERT INTO documents (country, doc_type, series, number, issuer_tax_id_type, "
    "issuer_tax_id, issuer_verification_digit, issuer_name, receiver_company_id, "
    "receiver_country, receiver_tax_id_type, receiver_tax_id, receiver_verification_digit, "
    "receiver_name, issue_date, currency_code, net_amount, tax_amount, total_amount, "
    "document_fields, status, status_change_time, create_time, update_time) "
    "SELECT country, doc_type, series, number, issuer_tax_id_type, issuer_tax_id, "
    "issuer_verification_digit, issuer_name, receiver_company_id, receiver_country, "
    "receiver_tax_id_type, receiver_tax_id, receiver_verification_digit, receiver_name, "
    "issue_date, currency_code, net_amount, tax_amount, total_amount, "
    "document_fields::jsonb, status, sn_from_micros($22), sn_from_micros($22), "
    "sn_from_micros($22) FROM input "
    "ON CONFLICT (country, issuer_tax_id, doc_type, series, number) DO NOTHING "
    "RETURNING document_id, receiver_company_id, country, issuer_tax_id, doc_type, series, "
    "number, status), "
    "history AS (INSERT INTO document_status_changes (document_id, receiver_company_id, "
    "to_status, actor_type, change_time) SELECT document_id, receiver_company_id, status, "
    "'SYSTEM', sn_from_micros($22) FROM ins) "
    "SELECT d.document_id::text AS document_id, " KEY_COLUMNS " FROM ins d"};

const Statement kFindByKeys{
    "document_find_by_keys",
    "SELECT " DOCUMENT_COLUMNS
    " FROM documents d "
    "JOIN unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[]) "
    "AS k(country, issuer_tax_id, doc_type, series, number) "
    "ON d.country = k.country AND d.issuer_tax_id = k.issuer_tax_id AND "
    "d.doc_type = k.doc_type AND d.series = k.series AND d.number = k.number"};

const Statement kUpdateContents{
    "document_update_contents",
    "UPDATE documents d SET issuer_name = u.issuer_name, receiver_name = u.receiver_name, "
    "document_fields = u.document_fields::jsonb, version = d.version + 1, "
    "update_time = sn_from_micros($5) "
    "FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $6::uuid[]) "
    "AS u(document_id, issuer_name, receiver_name, document_fields, receiver_company_id) "
    "WHERE d.document_id = u.document_id AND d.receiver_company_id = u.receiver_company_id"};

// Most issuers are already in the network: they are skipped by a lookup of the key before the
// insert, as ON CONFLICT alone would first build each row (its generated folded name, the
// issuer's company) and try a speculative insertion. ON CONFLICT still covers a concurrent
// insert of the same issuer. Rows go in key order: two batches of one sync, written at once,
// then wait for each other's new issuers in one order and cannot deadlock.
const Statement kAddIssuers{
    "document_add_issuers",
    "INSERT INTO suppliers (client_company_id, country, tax_id_type, tax_id, "
    "verification_digit, name, origin, linked_company_id, create_time, update_time) "
    "SELECT i.client, i.country, i.tax_id_type, i.tax_id, i.dv, i.name, 'DOCUMENT', "
    "c.company_id, sn_from_micros($7), sn_from_micros($7) "
    "FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], "
    "$6::text[]) AS i(client, country, tax_id_type, tax_id, dv, name) "
    "LEFT JOIN companies c ON c.country = i.country AND c.tax_id = i.tax_id "
    "WHERE NOT EXISTS (SELECT 1 FROM suppliers s WHERE s.client_company_id = i.client "
    "AND s.country = i.country AND s.tax_id = i.tax_id) "
    "ORDER BY i.client, i.country, i.tax_id "
    "ON CONFLICT (client_company_id, country, tax_id) DO NOTHING"};

const Statement kFindVisible{"document_find_visible",
                             "SELECT " VISIBLE_COLUMNS VISIBLE_FROM
                             "WHERE d.document_id = $2::uuid AND (" RECEIVED_BY_ME
                             " OR " ISSUED_BY_ME ")"};

const Statement kLockVisible{"document_lock_visible",
                             "SELECT " VISIBLE_COLUMNS VISIBLE_FROM
                             "WHERE d.document_id = $2::uuid AND (" RECEIVED_BY_ME
                             " OR " ISSUED_BY_ME ") FOR UPDATE OF d"};

const Statement kUpdateState{
    "document_update_state",
    "UPDATE documents d SET status = $2, status_reason_code = $3, status_reason_text = $4, "
    "status_change_time = CASE WHEN d.status = $2 THEN d.status_change_time "
    "ELSE sn_from_micros($7) END, issuer_values = $5::jsonb, restarts_used = $6, "
    "version = d.version + 1, update_time = sn_from_micros($7) "
    "WHERE d.document_id = $1::uuid AND d.receiver_company_id = $8::uuid "
    "RETURNING " DOCUMENT_COLUMNS};

// The actor's names are found under its company ($8, '' for the system), by key: matching a
// text cast of the id alone read every user and every company for each change.
const Statement kAppendChange{
    "document_append_change",
    "INSERT INTO document_status_changes AS c (document_id, receiver_company_id, from_status, "
    "to_status, reason_code, reason_text, actor_type, actor_id, actor_name, actor_company_name, "
    "change_time) VALUES ($1::uuid, $10::uuid, $2, $3, $4, $5, $6, $7, "
    "coalesce(CASE $6 WHEN 'USER' THEN (SELECT username FROM users "
    "WHERE company_id = NULLIF($8, '')::uuid AND user_id::text = $7) "
    "WHEN 'SERVICE_ACCOUNT' THEN (SELECT display_name FROM service_accounts "
    "WHERE company_id = NULLIF($8, '')::uuid AND service_account_id::text = $7) END, ''), "
    "coalesce((SELECT legal_name FROM companies WHERE company_id = NULLIF($8, '')::uuid), ''), "
    "sn_from_micros($9)) RETURNING " SN_STATUS_CHANGE_COLUMNS};

const Statement kListChanges{"document_list_changes",
                             "SELECT " SN_STATUS_CHANGE_COLUMNS
                             " FROM document_status_changes c WHERE c.document_id = $1::uuid "
                             "ORDER BY c.change_time, c.status_change_id LIMIT $2"};

const Statement kListChangesAfter{
    "document_list_changes_after",
    "SELECT " SN_STATUS_CHANGE_COLUMNS
    " FROM document_status_changes c WHERE c.document_id = $1::uuid "
    "AND (c.change_time, c.status_change_id) > (sn_from_micros($3), $4::uuid) "
    "ORDER BY c.change_time, c.status_change_id LIMIT $2"};

std::string TypeIn(const std::vector<DocumentType>& types) {
  std::vector<std::string> names;
  names.reserve(types.size());
  for (DocumentType t : types) names.emplace_back(AsAbsl(DocumentTypeName(t)));
  return TextArray(names);
}

std::string StatusIn(const std::vector<DocumentStatus>& statuses) {
  std::vector<std::string> names;
  names.reserve(statuses.size());
  for (DocumentStatus s : statuses) names.emplace_back(AsAbsl(DocumentStatusName(s)));
  return TextArray(names);
}

// The list query for one combination of filters (see ListQuery). `columns`: VISIBLE_COLUMNS,
// or REPORT_COLUMNS for the report.
ListQuery DocumentListQuery(const char* columns, const std::string& company_id,
                            const DocumentFilter& f, const std::optional<DocumentCursor>& after,
                            std::optional<int> limit) {
  const bool received = f.direction == Direction::kReceived;
  ListQuery q("document_list_", absl::StrCat("SELECT ", columns, VISIBLE_FROM "WHERE ",
                                             received ? RECEIVED_BY_ME : ISSUED_BY_ME));
  q.BindWritten(company_id).Flag(received ? "r" : "i");
  if (!f.statuses.empty()) q.Where("d.status = ANY(", StatusIn(f.statuses), "::text[])").Flag("s");
  if (!f.types.empty()) q.Where("d.doc_type = ANY(", TypeIn(f.types), "::text[])").Flag("t");
  if (f.counterparty.has_value()) {
    const std::string country(AsAbsl(CountryCode(f.counterparty->country)));
    q.Where(received ? "d.country = " : "d.receiver_country = ", country)
        .Where(received ? "d.issuer_tax_id = " : "d.receiver_tax_id = ", f.counterparty->value)
        .Flag("c");
  }
  if (!f.issue_date_from.empty()) {
    q.Where("d.issue_date >= ", f.issue_date_from, "::date").Flag("f");
  }
  if (!f.issue_date_to.empty()) q.Where("d.issue_date <= ", f.issue_date_to, "::date").Flag("u");
  if (!f.number.empty()) q.Where("d.number = ", f.number).Flag("n");
  if (f.series.has_value()) q.Where("d.series = ", *f.series).Flag("e");
  if (after.has_value()) {
    q.Sql(" AND (d.issue_date, d.document_id) < (")
        .Bind(after->issue_date, "::date, ")
        .Bind(after->document_id, "::uuid)")
        .Flag("a");
  }
  q.OrderBy("d.issue_date DESC, d.document_id DESC", limit);
  return q;
}

}  // namespace

std::string DocumentKey(const DocumentContent& c) {
  return absl::StrCat(AsAbsl(CountryCode(c.country)), "|", c.issuer.value, "|",
                      AsAbsl(DocumentTypeName(c.type)), "|", c.series, "|", c.number);
}

Actor ActorOf(const Principal& p) {
  if (p.is_user()) return {ActorType::kUser, p.user_id, p.company_id};
  return {ActorType::kServiceAccount, p.service_account_id, p.company_id};
}

absl::StatusOr<std::map<std::string, std::string>> DocumentRepository::FindCompanies(
    Tx& tx, const std::vector<TaxId>& tax_ids) {
  std::vector<std::string> countries, values;
  for (const TaxId& id : tax_ids) {
    countries.emplace_back(AsAbsl(CountryCode(id.country)));
    values.push_back(id.value);
  }
  std::map<std::string, std::string> out;
  for (const pqxx::row& row : tx.Exec(kFindCompanies, TextArray(countries), TextArray(values))) {
    out[Text(row, "key")] = Text(row, "company_id");
  }
  return out;
}

absl::StatusOr<std::map<std::string, std::string>> DocumentRepository::InsertNew(
    Tx& tx, const std::vector<NewDocumentRow>& rows, absl::Time now) {
  std::vector<std::vector<std::string>> cols(21);
  for (const NewDocumentRow& r : rows) {
    const DocumentContent& c = r.content;
    const std::string values[21] = {std::string(CountryCode(c.country)),
                                    std::string(DocumentTypeName(c.type)),
                                    c.series,
                                    c.number,
                                    std::string(TaxIdTypeName(c.issuer.type)),
                                    c.issuer.value,
                                    c.issuer.verification_digit,
                                    c.issuer_name,
                                    r.receiver_company_id,
                                    std::string(CountryCode(c.receiver.country)),
                                    std::string(TaxIdTypeName(c.receiver.type)),
                                    c.receiver.value,
                                    c.receiver.verification_digit,
                                    c.receiver_name,
                                    c.issue_date,
                                    c.currency_code,
                                    c.net_amount,
                                    c.tax_amount,
                                    c.total_amount,
                                    JsonObjectText(c.document_fields),
                                    std::string(DocumentStatusName(r.status))};
    for (int i = 0; i < 21; ++i) cols[i].push_back(values[i]);
  }
  std::vector<std::string> params;
  params.reserve(cols.size() + 1);
  for (const auto& col : cols) params.push_back(TextArray(col));
  params.push_back(absl::StrCat(Micros(now)));
  std::map<std::string, std::string> out;
  for (const pqxx::row& row : tx.Exec(kInsertNew, pqxx::prepare::make_dynamic_params(params))) {
    out[KeyOfRow(row)] = Text(row, "document_id");
  }
  return out;
}

absl::StatusOr<std::map<std::string, Document>> DocumentRepository::FindByKeys(
    Tx& tx, const std::vector<DocumentContent>& contents) {
  std::map<std::string, Document> out;
  if (contents.empty()) return out;  // A sync's batch of new documents looks none up.
  const KeyArrays k = KeysOf(contents);
  for (const pqxx::row& row :
       tx.Exec(kFindByKeys, TextArray(k.country), TextArray(k.tax_id), TextArray(k.type),
               TextArray(k.series), TextArray(k.number))) {
    Document d = DocumentFromRow(row);
    out[DocumentKey(d.content)] = std::move(d);
  }
  return out;
}

absl::Status DocumentRepository::UpdateContents(Tx& tx, const std::vector<Document>& documents,
                                                absl::Time now) {
  if (documents.empty()) return absl::OkStatus();
  std::vector<std::string> ids, issuer_names, receiver_names, fields, receivers;
  for (const Document& d : documents) {
    ids.push_back(d.document_id);
    receivers.push_back(d.receiver_company_id);
    issuer_names.push_back(d.content.issuer_name);
    receiver_names.push_back(d.content.receiver_name);
    fields.push_back(JsonObjectText(d.content.document_fields));
  }
  tx.Exec(kUpdateContents, TextArray(ids), TextArray(issuer_names), TextArray(receiver_names),
          TextArray(fields), Micros(now), TextArray(receivers));
  return absl::OkStatus();
}

absl::Status DocumentRepository::AddIssuersToNetworks(Tx& tx,
                                                      const std::vector<NewDocumentRow>& rows,
                                                      absl::Time now) {
  if (rows.empty()) return absl::OkStatus();
  std::vector<std::string> clients, countries, types, tax_ids, dvs, names;
  for (const NewDocumentRow& r : rows) {
    clients.push_back(r.receiver_company_id);
    countries.emplace_back(AsAbsl(CountryCode(r.content.issuer.country)));
    types.emplace_back(TaxIdTypeName(r.content.issuer.type));
    tax_ids.push_back(r.content.issuer.value);
    dvs.push_back(r.content.issuer.verification_digit);
    names.push_back(r.content.issuer_name);
  }
  tx.Exec(kAddIssuers, TextArray(clients), TextArray(countries), TextArray(types),
          TextArray(tax_ids), TextArray(dvs), TextArray(names), Micros(now));
  return absl::OkStatus();
}

absl::StatusOr<DocumentView> DocumentRepository::FindVisible(Tx& tx, const std::string& company_id,
                                                             const std::string& document_id,
                                                             bool lock) {
  pqxx::result rows = tx.Exec(lock ? kLockVisible : kFindVisible, company_id, document_id);
  if (rows.empty()) return absl::NotFoundError("document not found");
  return ViewFromRow(rows[0]);
}

absl::StatusOr<std::vector<DocumentView>> DocumentRepository::List(
    Tx& tx, const std::string& company_id, const DocumentFilter& filter,
    const std::optional<DocumentCursor>& after, int limit) {
  const ListQuery query = DocumentListQuery(VISIBLE_COLUMNS, company_id, filter, after, limit);
  std::vector<DocumentView> out;
  for (const pqxx::row& row : query.Run(tx)) {
    out.push_back(ViewFromRow(row));
  }
  return out;
}

absl::Status DocumentRepository::OpenReport(Tx& tx, const std::string& company_id,
                                            const DocumentFilter& filter, const std::string& name) {
  const ListQuery query =
      DocumentListQuery(REPORT_COLUMNS, company_id, filter, std::nullopt, std::nullopt);
  // A report reads its cursor to the end: plan for every row, not for the first tenth
  // (PostgreSQL's default for cursors favours walking the index, a heap fetch per row).
  tx.work().exec("SET LOCAL cursor_tuple_fraction = 1.0");
  tx.work().exec_params(
      "DECLARE " + tx.work().quote_name(name) + " NO SCROLL CURSOR FOR " + query.sql(),
      pqxx::prepare::make_dynamic_params(query.params()));
  return absl::OkStatus();
}

struct ReportSlice::Rows {
  // pqxx::result shares its data: a copy is a reference count.
  explicit Rows(const pqxx::result& r) : result(r), columns(result) {}
  const pqxx::result result;
  const ContentColumns columns;
};

size_t ReportSlice::size() const { return rows_->result.size(); }

void ReportSlice::Read(size_t i, ReportRow* row) const {
  ReadReportRow(rows_->result[static_cast<pqxx::result::size_type>(i)], rows_->columns, row);
}

absl::StatusOr<ReportSlice> DocumentRepository::FetchReport(Tx& tx, const std::string& name,
                                                            int count) {
  pqxx::result rows =
      tx.work().exec(absl::StrCat("FETCH ", count, " FROM ", tx.work().quote_name(name)));
  return ReportSlice(std::make_shared<const ReportSlice::Rows>(std::move(rows)));
}

absl::StatusOr<Document> DocumentRepository::UpdateState(Tx& tx, const Document& d,
                                                         absl::Time now) {
  pqxx::result rows =
      tx.Exec(kUpdateState, d.document_id, std::string(DocumentStatusName(d.status)),
              std::string(ReasonCodeName(d.status_reason.code)), d.status_reason.text,
              JsonObjectText(d.issuer_values), d.restarts_used, Micros(now), d.receiver_company_id);
  if (rows.empty()) return absl::NotFoundError("document not found");
  Document out = DocumentFromRow(rows[0]);
  out.supplier_id = d.supplier_id;
  return out;
}

absl::StatusOr<StatusChange> DocumentRepository::AppendChange(
    Tx& tx, const std::string& receiver_company_id, const std::string& document_id,
    std::optional<DocumentStatus> from, DocumentStatus to, const StatusReason& reason,
    const Actor& actor, absl::Time now) {
  pqxx::result rows =
      tx.Exec(kAppendChange, document_id,
              from.has_value() ? std::string(DocumentStatusName(*from)) : std::string(),
              std::string(DocumentStatusName(to)), std::string(ReasonCodeName(reason.code)),
              reason.text, std::string(ActorTypeName(actor.type)), actor.id, actor.company_id,
              Micros(now), receiver_company_id);
  return StatusChangeFromRow(rows[0]);
}

absl::StatusOr<std::vector<StatusChange>> DocumentRepository::ListChanges(
    Tx& tx, const std::string& document_id, const std::optional<HistoryCursor>& after, int limit) {
  pqxx::result rows = after.has_value() ? tx.Exec(kListChangesAfter, document_id, limit,
                                                  after->change_micros, after->status_change_id)
                                        : tx.Exec(kListChanges, document_id, limit);
  std::vector<StatusChange> out;
  for (const pqxx::row& row : rows) out.push_back(StatusChangeFromRow(row));
  return out;
}

}  // namespace supplynet::storage
