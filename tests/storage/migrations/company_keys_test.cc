// Migration 0011 (company keys) on a populated database: every row is kept, the history's new
// receiver column is filled from its document, and the new keys refuse what they must. Then,
// at the head schema, every table is placed as docs/scaling.md places it on Citus and every key
// of a distributed table holds its distribution column.
#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "pqxx/pqxx"
#include "storage/migrator.h"
#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

using testing::TestDatabase;

constexpr int kCompanyKeys = 11;

// Client companies A and B, and supplier company S, which A's network links.
constexpr char kA[] = "00000000-0000-4000-8000-0000000000a1";
constexpr char kB[] = "00000000-0000-4000-8000-0000000000b1";
constexpr char kS[] = "00000000-0000-4000-8000-0000000000c1";
constexpr char kInvitationAX[] = "00000000-0000-4000-8000-0000000001a2";
constexpr char kDocumentA1[] = "00000000-0000-4000-8000-0000000002a1";
// Documents beside the named ones, half to each client, each with its first history row.
constexpr int kBulkDocuments = 1000;

std::vector<Migration> MigrationsThrough(int version) {
  std::vector<Migration> out;
  for (const Migration& m : EmbeddedMigrations()) {
    if (m.version <= version) out.push_back(m);
  }
  return out;
}

// Plain SQL at the schema of migration 10: a row in every table.
std::string FillSql() {
  return absl::StrCat(
      "INSERT INTO companies (company_id, country, tax_id_type, tax_id, legal_name, create_time) "
      "VALUES ('",
      kA, "', 'CO', 'CO_NIT', '800000001', 'Cliente A', now()), ('", kB,
      "', 'CO', 'CO_NIT', '800000002', 'Cliente B', now()), ('", kS,
      "', 'CO', 'CO_NIT', '900000001', 'Proveedor S', now());"
      "INSERT INTO users (company_id, user_id, username, email, password_hash, role, create_time, "
      "update_time) VALUES ('",
      kA,
      "', '00000000-0000-4000-8000-0000000010a1', 'ana', "
      "'ana@a.co', 'h', 'ADMIN', now(), now()), ('",
      kS,
      "', '00000000-0000-4000-8000-0000000010c1', 'sara', 'sara@s.co', 'h', 'ADMIN', now(), "
      "now());"
      "INSERT INTO sessions (token_hash, company_id, user_id, create_time, expire_time) VALUES "
      "('token-a', '",
      kA,
      "', '00000000-0000-4000-8000-0000000010a1', now(), "
      "now() + interval '1 hour');"
      "INSERT INTO service_accounts (company_id, display_name, role, key_hash, create_time) "
      "VALUES ('",
      kA,
      "', 'nightly', 'ADMIN', 'key-a', now());"
      "INSERT INTO login_throttles VALUES ('throttle', 1, now(), NULL);"
      "INSERT INTO idempotency_keys (company_id, operation, request_id, response, create_time) "
      "VALUES ('",
      kA,
      "', 'AddSupplier', gen_random_uuid(), '\\x01', now());"
      "INSERT INTO activation_lockouts VALUES ('",
      kS,
      "', 'CO', '800000002', 2, now(), NULL);"
      "INSERT INTO workflows (company_id, allowed_transitions, update_time) VALUES ('",
      kA,
      "', '{SENT>ACCEPTED}', now());"
      "INSERT INTO workflow_fields VALUES ('",
      kA,
      "', 1, 'po', 'Purchase order', '^PO-[0-9]+$');"
      // A's network: S (registered) and X (invited); B's: S (from a document).
      "INSERT INTO suppliers (client_company_id, supplier_id, country, tax_id_type, tax_id, name, "
      "origin, linked_company_id, create_time, update_time) VALUES ('",
      kA,
      "', '00000000-0000-4000-8000-0000000000a3', 'CO', 'CO_NIT', '900000001', 'Proveedor S', "
      "'MANUAL', '",
      kS, "', now(), now()), ('", kA,
      "', '00000000-0000-4000-8000-0000000000a4', 'CO', 'CO_NIT', '900000009', 'Proveedor X', "
      "'IMPORT', NULL, now(), now()), ('",
      kB,
      "', '00000000-0000-4000-8000-0000000000b3', 'CO', 'CO_NIT', '900000001', 'Proveedor S', "
      "'DOCUMENT', NULL, now(), now());"
      "INSERT INTO invitations (client_company_id, invitation_id, supplier_id, emails, status, "
      "code_hash, delivery_status, latest_outbox_id, accepted_company_id, create_time, "
      "expire_time, update_time) VALUES ('",
      kA,
      "', '00000000-0000-4000-8000-0000000001a1', '00000000-0000-4000-8000-0000000000a3', "
      "'{s@s.co}', 'ACCEPTED', 'code-1', 'SENT', '00000000-0000-4000-8000-0000000003a1', '",
      kS, "', now(), now() + interval '30 days', now()), ('", kA, "', '", kInvitationAX,
      "', '00000000-0000-4000-8000-0000000000a4', '{x@x.co}', 'PENDING', 'code-2', 'QUEUED', "
      "'00000000-0000-4000-8000-0000000003a2', NULL, now(), now() + interval '30 days', now());"
      "UPDATE suppliers SET pending_invitation_id = '",
      kInvitationAX,
      "' WHERE supplier_id = '00000000-0000-4000-8000-0000000000a4';"
      "INSERT INTO email_outbox (outbox_id, client_company_id, invitation_id, recipients, "
      "message, state, next_attempt_time, create_time) SELECT latest_outbox_id, "
      "client_company_id, invitation_id, emails, CASE WHEN status = 'PENDING' THEN 'message' END, "
      "CASE WHEN status = 'PENDING' THEN 'PENDING' ELSE 'SENT' END, now(), now() "
      "FROM invitations;"
      "INSERT INTO documents (document_id, country, doc_type, series, number, issuer_tax_id_type, "
      "issuer_tax_id, issuer_name, receiver_company_id, receiver_country, receiver_tax_id_type, "
      "receiver_tax_id, receiver_name, issue_date, currency_code, net_amount, tax_amount, "
      "total_amount, status, status_change_time, create_time, update_time) VALUES ('",
      kDocumentA1, "', 'CO', 'INVOICE', 'FE', '1', 'CO_NIT', '900000001', 'Proveedor S', '", kA,
      "', 'CO', 'CO_NIT', '800000001', 'Cliente A', '2026-01-02', 'COP', 100, 19, 119, "
      "'ACCEPTED', now(), now(), now());"
      "INSERT INTO documents (country, doc_type, series, number, issuer_tax_id_type, "
      "issuer_tax_id, issuer_name, receiver_company_id, receiver_country, receiver_tax_id_type, "
      "receiver_tax_id, receiver_name, issue_date, currency_code, net_amount, tax_amount, "
      "total_amount, status, status_change_time, create_time, update_time) "
      "SELECT 'CO', 'INVOICE', 'FB', n::text, 'CO_NIT', '900000001', 'Proveedor S', "
      "CASE WHEN n % 2 = 0 THEN '",
      kA, "'::uuid ELSE '", kB,
      "'::uuid END, 'CO', 'CO_NIT', CASE WHEN n % 2 = 0 THEN '800000001' ELSE '800000002' END, "
      "'Cliente', date '2026-01-01' + n % 300, 'COP', n, 0, n, 'SENT', now(), now(), now() "
      "FROM generate_series(1, ",
      kBulkDocuments,
      ") AS n;"
      "INSERT INTO document_status_changes (document_id, to_status, actor_type, change_time) "
      "SELECT document_id, 'SENT', 'SYSTEM', now() FROM documents;"
      "INSERT INTO document_status_changes (document_id, from_status, to_status, actor_type, "
      "actor_id, change_time) VALUES ('",
      kDocumentA1,
      "', 'SENT', 'ACCEPTED', 'USER', '00000000-0000-4000-8000-0000000010a1', now());");
}

// Every table of the schema at migration 10.
const std::vector<std::string> kTables = {
    "companies",        "users",           "sessions",     "service_accounts",
    "suppliers",        "invitations",     "email_outbox", "activation_lockouts",
    "workflows",        "workflow_fields", "documents",    "document_status_changes",
    "idempotency_keys", "login_throttles"};

// A digest of a table's rows as they were before the migration (the added column left out).
std::string Digest(const TestDatabase& db, const std::string& table) {
  return db.QueryValue(
      absl::StrCat("SELECT count(*) || ':' || md5(string_agg(r, ',' ORDER BY r)) FROM (SELECT "
                   "(to_jsonb(t) - 'receiver_company_id')::text AS r FROM ",
                   table, " t) AS rows"));
}

// The SQLSTATE `sql` fails with ("" when it succeeds).
std::string SqlState(const TestDatabase& db, const std::string& sql) {
  try {
    db.Exec(sql);
  } catch (const pqxx::sql_error& e) {
    return e.sqlstate();
  }
  return "";
}

class CompanyKeysMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = TestDatabase::Create();
    pool_ = std::make_unique<ConnectionPool>(PoolOptions{db_->url(), 1});
    ASSERT_TRUE(ApplyMigrations(*pool_, MigrationsThrough(kCompanyKeys - 1)).ok());
    db_->Exec(FillSql());
    for (const std::string& table : kTables) {
      before_[table] = Digest(*db_, table);
      ASSERT_NE(before_[table], "") << table << " was left empty";
    }
    const absl::Status migrated = ApplyMigrations(*pool_, MigrationsThrough(kCompanyKeys));
    ASSERT_TRUE(migrated.ok()) << migrated;
  }

  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<ConnectionPool> pool_;
  std::map<std::string, std::string> before_;
};

TEST_F(CompanyKeysMigrationTest, EveryRowIsKept) {
  EXPECT_EQ(db_->QueryValue("SELECT max(version) FROM schema_migrations"),
            std::to_string(kCompanyKeys));
  for (const std::string& table : kTables) {
    EXPECT_EQ(Digest(*db_, table), before_[table]) << table;
  }
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM documents"), std::to_string(kBulkDocuments + 1));
}

TEST_F(CompanyKeysMigrationTest, HistoryCarriesItsDocumentsReceiver) {
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM document_status_changes c "
                            "JOIN documents d USING (document_id) "
                            "WHERE c.receiver_company_id = d.receiver_company_id"),
            std::to_string(kBulkDocuments + 2));
  EXPECT_EQ(db_->QueryValue(absl::StrCat("SELECT count(*) FROM document_status_changes "
                                         "WHERE receiver_company_id = '",
                                         kA, "'")),
            std::to_string(kBulkDocuments / 2 + 2));
  EXPECT_EQ(db_->QueryValue(absl::StrCat("SELECT count(*) FROM document_status_changes "
                                         "WHERE receiver_company_id = '",
                                         kB, "'")),
            std::to_string(kBulkDocuments / 2));
  // The column is required from now on.
  EXPECT_EQ(SqlState(*db_, absl::StrCat("INSERT INTO document_status_changes (document_id, "
                                        "to_status, actor_type, change_time) VALUES ('",
                                        kDocumentA1, "', 'PAID', 'SYSTEM', now())")),
            "23502");
}

TEST_F(CompanyKeysMigrationTest, ReferencesAcrossCompaniesAreRefused) {
  // A's document with B as its history's company.
  EXPECT_EQ(SqlState(*db_, absl::StrCat("INSERT INTO document_status_changes (document_id, "
                                        "receiver_company_id, to_status, actor_type, change_time) "
                                        "VALUES ('",
                                        kDocumentA1, "', '", kB, "', 'PAID', 'SYSTEM', now())")),
            "23503");
  // An email of B's for A's invitation.
  EXPECT_EQ(SqlState(*db_, absl::StrCat("INSERT INTO email_outbox (client_company_id, "
                                        "invitation_id, recipients, state, next_attempt_time, "
                                        "create_time) VALUES ('",
                                        kB, "', '", kInvitationAX,
                                        "', '{x@x.co}', 'PENDING', now(), now())")),
            "23503");
  // The same under the right company is accepted.
  EXPECT_EQ(SqlState(*db_, absl::StrCat("INSERT INTO document_status_changes (document_id, "
                                        "receiver_company_id, to_status, actor_type, change_time) "
                                        "VALUES ('",
                                        kDocumentA1, "', '", kA, "', 'PAID', 'SYSTEM', now())")),
            "");
  // Deleting a document still takes its history with it.
  db_->Exec(absl::StrCat("DELETE FROM documents WHERE document_id = '", kDocumentA1, "'"));
  EXPECT_EQ(db_->QueryValue(absl::StrCat("SELECT count(*) FROM document_status_changes "
                                         "WHERE document_id = '",
                                         kDocumentA1, "'")),
            "0");
}

TEST_F(CompanyKeysMigrationTest, ActivationCodesAreUniqueWithinTheirClient) {
  const auto invite = [&](const char* client, const char* supplier_id) {
    return SqlState(*db_, absl::StrCat("INSERT INTO invitations (client_company_id, supplier_id, "
                                       "emails, status, code_hash, delivery_status, "
                                       "latest_outbox_id, create_time, expire_time, update_time) "
                                       "VALUES ('",
                                       client, "', '", supplier_id,
                                       "', '{s@s.co}', 'REVOKED', 'code-2', 'FAILED', "
                                       "gen_random_uuid(), now(), now(), now())"));
  };
  EXPECT_EQ(invite(kA, "00000000-0000-4000-8000-0000000000a3"), "23505");
  EXPECT_EQ(invite(kB, "00000000-0000-4000-8000-0000000000b3"), "");
}

// How docs/scaling.md places each table on Citus: distributed by a column (in a co-location
// group), a reference table, or a table left on the coordinator.
struct Placement {
  std::string column;  // The distribution column; empty when not distributed.
  std::string group;   // "company", "token", "reference" or "local".
};

const std::map<std::string, Placement>& Placements() {
  static const std::map<std::string, Placement> kPlacements = {
      {"companies", {"", "reference"}},
      {"users", {"", "reference"}},
      {"service_accounts", {"", "reference"}},
      {"sessions", {"token_hash", "token"}},
      {"login_throttles", {"", "local"}},
      {"schema_migrations", {"", "local"}},
      {"idempotency_keys", {"company_id", "company"}},
      {"activation_lockouts", {"company_id", "company"}},
      {"workflows", {"company_id", "company"}},
      {"workflow_fields", {"company_id", "company"}},
      {"suppliers", {"client_company_id", "company"}},
      {"invitations", {"client_company_id", "company"}},
      {"email_outbox", {"client_company_id", "company"}},
      {"documents", {"receiver_company_id", "company"}},
      {"document_status_changes", {"receiver_company_id", "company"}},
  };
  return kPlacements;
}

// The placements as an SQL VALUES list (table_name, column_name, group_name).
std::string PlacementValues() {
  std::vector<std::string> rows;
  for (const auto& [table, p] : Placements()) {
    rows.push_back(absl::StrCat("('", table, "', '", p.column, "', '", p.group, "')"));
  }
  return absl::StrCat("(VALUES ", absl::StrJoin(rows, ", "),
                      ") AS p(table_name, column_name, "
                      "group_name)");
}

// At the head schema, so that a later migration cannot add a table or a key that the move to
// Citus would have to undo.
TEST(CompanyKeysTest, EveryTableIsPlacedAndEveryKeyHoldsItsDistributionColumn) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  ConnectionPool pool(PoolOptions{db->url(), 1});
  ASSERT_TRUE(ApplyMigrations(pool).ok());

  EXPECT_EQ(db->QueryValue(absl::StrCat(
                "SELECT string_agg(c.relname, ', ') FROM pg_class c JOIN pg_namespace n "
                "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
                "AND c.relname NOT IN (SELECT table_name FROM ",
                PlacementValues(), ")")),
            "")
      << "a table that docs/scaling.md does not place";

  EXPECT_EQ(
      db->QueryValue(absl::StrCat(
          "SELECT string_agg(p.table_name || '.' || p.column_name, ', ') FROM ", PlacementValues(),
          " WHERE p.column_name <> '' AND NOT EXISTS (SELECT 1 FROM pg_attribute a "
          "WHERE a.attrelid = to_regclass(p.table_name) AND a.attname = p.column_name "
          "AND a.attnotnull)")),
      "")
      << "a distributed table without its distribution column, or with one that may be NULL";

  // The document's identity at the tax authority spans receivers (see the migration).
  EXPECT_EQ(db->QueryValue(absl::StrCat(
                "SELECT string_agg(i.indexrelid::regclass::text, ', ') FROM pg_index i "
                "JOIN pg_class c ON c.oid = i.indrelid JOIN ",
                PlacementValues(),
                " ON p.table_name = c.relname AND p.column_name <> '' "
                "JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = p.column_name "
                "WHERE i.indisunique AND NOT a.attnum = ANY (i.indkey::int2[]) "
                "AND i.indexrelid <> "
                "'documents_country_issuer_tax_id_doc_type_series_number_key'::regclass")),
            "")
      << "a primary key or unique index without its table's distribution column";

  // Allowed: between two tables of one distribution group, on the distribution column at the
  // same place on both sides; from any table to a reference table.
  EXPECT_EQ(
      db->QueryValue(absl::StrCat(
          "WITH p AS (SELECT * FROM ", PlacementValues(),
          ") SELECT string_agg(con.conname, ', ') FROM pg_constraint con "
          "JOIN pg_class src ON src.oid = con.conrelid "
          "JOIN pg_class dst ON dst.oid = con.confrelid "
          "JOIN p sp ON sp.table_name = src.relname JOIN p dp ON dp.table_name = dst.relname "
          "LEFT JOIN pg_attribute sa ON sa.attrelid = src.oid AND sa.attname = sp.column_name "
          "LEFT JOIN pg_attribute da ON da.attrelid = dst.oid AND da.attname = dp.column_name "
          "WHERE con.contype = 'f' AND dp.group_name <> 'reference' AND NOT coalesce("
          "sp.group_name = dp.group_name AND sp.column_name <> '' AND "
          "array_position(con.conkey, sa.attnum) = array_position(con.confkey, da.attnum), "
          "false)")),
      "")
      << "a foreign key that Citus cannot keep";
}

}  // namespace
}  // namespace supplynet::storage
