// SupplierNetworkService.ImportSuppliers over a real channel against a real PostgreSQL: the
// report, the CSV corpus, the write rules (set-based batches in one transaction) and the
// stream protocol.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "pqxx/pqxx"
#include "storage/supplier_import_writer.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/eventually.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kRequestId[] = "4f1c2d3e-5a6b-4c7d-8e9f-a0b1c2d3e4f5";
constexpr char kHeader[] =
    "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*\n";
// Rows per write batch of the fixture's server: small, so that the tests cross batches.
constexpr size_t kBatchRows = 3;

v1::ImportSuppliersRequest OptionsMessage(const v1::ImportSuppliersOptions& options) {
  v1::ImportSuppliersRequest message;
  *message.mutable_options() = options;
  return message;
}

v1::ImportSuppliersOptions Colombia() {
  v1::ImportSuppliersOptions options;
  options.set_default_country(v1::COUNTRY_CO);
  return options;
}

// The file as chunk messages of at most `size` bytes.
std::vector<v1::ImportSuppliersRequest> Chunks(const std::string& file, size_t size) {
  std::vector<v1::ImportSuppliersRequest> out;
  for (size_t at = 0; at < file.size(); at += size) {
    out.emplace_back();
    out.back().set_chunk(file.substr(at, size));
  }
  return out;
}

// A data row of the template: NIT, name, city, email, groups, notify.
std::string Row(const std::string& nit, const std::string& name, const std::string& city = "",
                const std::string& groups = "", const std::string& notify = "0") {
  return nit + "," + name + ",,," + city + ",,,,compras@" + nit + ".example," + groups + "," +
         notify + "\n";
}

// "line: column: message" of each reported error.
std::vector<std::string> ErrorsOf(const v1::ImportSuppliersResponse& report) {
  std::vector<std::string> out;
  for (const v1::ImportRowError& e : report.errors()) {
    out.push_back(std::to_string(e.line()) + ": " + e.column() + ": " + e.message());
  }
  return out;
}

// The FROM clause of the backends, other than the caller's, holding a write lock on `table`:
// those of an open import's transaction once it has written there.
std::string WritersOf(const std::string& table) {
  return "FROM pg_locks l JOIN pg_class c ON c.oid = l.relation WHERE c.relname = '" + table +
         "' AND l.mode = 'RowExclusiveLock' AND l.pid <> pg_backend_pid()";
}

class SupplierImportHandlerTest : public SharedServerTest {
 protected:
  static void SetUpTestSuite() {
    server::ServerOptions options = TestServer::DefaultOptions();
    options.import_batch_rows = kBatchRows;
    StartServer(options);
  }
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    accounts_ = server_->Accounts();
    suppliers_ = v1::SupplierNetworkService::NewStub(server_->channel());
    client_ = NewTenant();
  }

  static std::string NextNit() { return std::to_string(700000000 + next_++); }
  Tenant NewTenant() {
    const int n = next_++;
    return RegisterTenant(*accounts_, std::to_string(910000000 + n),
                          "impadmin" + std::to_string(n));
  }

  grpc::Status Send(const std::string& token,
                    const std::vector<v1::ImportSuppliersRequest>& messages,
                    v1::ImportSuppliersResponse* report) {
    std::unique_ptr<grpc::ClientContext> context = Ctx(token);
    std::unique_ptr<grpc::ClientWriter<v1::ImportSuppliersRequest>> writer =
        suppliers_->ImportSuppliers(context.get(), report);
    for (const v1::ImportSuppliersRequest& message : messages) {
      if (!writer->Write(message)) break;  // The server answered early; Finish says why.
    }
    writer->WritesDone();
    return writer->Finish();
  }
  grpc::Status Import(const std::string& file, v1::ImportSuppliersResponse* report,
                      const v1::ImportSuppliersOptions& options = Colombia(),
                      size_t chunk_size = 1 << 20, const std::string& token = "") {
    std::vector<v1::ImportSuppliersRequest> messages = {OptionsMessage(options)};
    for (v1::ImportSuppliersRequest& chunk : Chunks(file, chunk_size)) messages.push_back(chunk);
    return Send(token.empty() ? client_.admin_token : token, messages, report);
  }
  // Imports and fails the test unless the call succeeds.
  v1::ImportSuppliersResponse MustImport(const std::string& file,
                                         const v1::ImportSuppliersOptions& options = Colombia(),
                                         size_t chunk_size = 1 << 20) {
    v1::ImportSuppliersResponse report;
    const grpc::Status status = Import(file, &report, options, chunk_size);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return report;
  }

  // An import that has sent its options and `rows` rows (Notify = `notify`) in 50-byte chunks
  // and is still open.
  struct OpenImport {
    std::unique_ptr<grpc::ClientContext> context;
    // On the heap: the writer keeps its address, which must survive moving the struct.
    std::unique_ptr<v1::ImportSuppliersResponse> report;
    std::unique_ptr<grpc::ClientWriter<v1::ImportSuppliersRequest>> writer;
  };
  OpenImport StartImport(int rows, const std::string& notify) {
    OpenImport open{Ctx(client_.admin_token), std::make_unique<v1::ImportSuppliersResponse>(),
                    nullptr};
    open.writer = suppliers_->ImportSuppliers(open.context.get(), open.report.get());
    std::string file = kHeader;
    for (int i = 0; i < rows; ++i) file += Row(NextNit(), "Proveedor", "", "", notify);
    EXPECT_TRUE(open.writer->Write(OptionsMessage(Colombia())));
    for (const v1::ImportSuppliersRequest& chunk : Chunks(file, 50)) open.writer->Write(chunk);
    return open;
  }

  // The entry of `nit` in the tenant's network (an empty message when there is none).
  v1::Supplier Find(const std::string& nit, const Tenant* tenant = nullptr) {
    v1::ListSuppliersRequest request;
    request.mutable_tax_id()->set_country(v1::COUNTRY_CO);
    request.mutable_tax_id()->set_value(nit);
    v1::ListSuppliersResponse response;
    const grpc::Status status = suppliers_->ListSuppliers(
        Ctx((tenant ? *tenant : client_).admin_token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.suppliers().empty() ? v1::Supplier() : response.suppliers(0);
  }
  std::string CountNetwork(const Tenant& tenant) {
    return db_->QueryValue("SELECT count(*) FROM suppliers WHERE client_company_id = '" +
                           tenant.company_id + "'");
  }
  std::string CountInviteRequests() {
    return db_->QueryValue(
        "SELECT count(*) FROM suppliers WHERE (invite_requested_time IS NOT NULL OR "
        "pending_invitation_id IS NOT NULL) AND "
        "client_company_id = '" +
        client_.company_id + "'");
  }
  std::string MemberToken() {
    const std::string username = "impmember" + std::to_string(next_++);
    CreateUser(*accounts_, client_.admin_token, username, v1::ROLE_MEMBER);
    return LoginToken(*accounts_, username);
  }

  // Rows whose tax ID repeats one of an earlier batch, or of the same batch, are rejected with
  // the line of the first; what the repeats were looked up on (a spare connection or the
  // import's own) does not show.
  void ExpectRepeatsRejectedAcrossBatches() {
    for (size_t chunk_size : {7, 1 << 20}) {
      SCOPED_TRACE(chunk_size);
      client_ = NewTenant();
      const std::string a = NextNit(), b = NextNit(), c = NextNit(), d = NextNit();
      const std::string c_dotted = c.substr(0, 3) + "." + c.substr(3, 3) + "." + c.substr(6);
      const std::string file = std::string(kHeader) +                             // line 1
                               Row(a, "Primero") +                                // line 2
                               b + ",Mal correo,,,,,,,no-es-correo,,0\n" +        // 3: bad email
                               Row(c, "Tercero") +                                // line 4
                               Row(a, "Repetido") +                               // 5: repeats 2
                               a + ",Notifica mal,,,,,,,a@b.example,,quizas\n" +  // 6: both
                               Row(b, "Corregido") +                              // 7: repeats 3
                               Row(d, "Cuarto") +                                 // line 8
                               Row(d, "Cuarto otra vez") +                        // 9: repeats 8
                               Row(c_dotted, "Tercero otra vez");                 // 10: repeats 4
      const v1::ImportSuppliersResponse report = MustImport(file, Colombia(), chunk_size);
      EXPECT_EQ(report.rows_read(), 9);
      EXPECT_EQ(report.created(), 3);
      EXPECT_EQ(report.updated(), 0);
      EXPECT_EQ(report.unchanged(), 0);
      EXPECT_EQ(report.rejected(), 6);
      EXPECT_FALSE(report.errors_truncated());
      const auto repeats = [](int line, int first) {
        return std::to_string(line) + ": : the Tax ID repeats the one of line " +
               std::to_string(first) + "; each supplier may appear once in the file";
      };
      const std::vector<std::string> errors = ErrorsOf(report);
      ASSERT_EQ(errors.size(), 7u) << ::testing::PrintToString(errors);
      EXPECT_THAT(errors[0], ::testing::StartsWith("3: Email: "));
      EXPECT_EQ(errors[1], repeats(5, 2));
      EXPECT_THAT(errors[2], ::testing::StartsWith("6: Notify: "));
      EXPECT_EQ(errors[3], repeats(6, 2));
      EXPECT_EQ(errors[4], repeats(7, 3));
      EXPECT_EQ(errors[5], repeats(9, 8));
      EXPECT_EQ(errors[6], repeats(10, 4));
      EXPECT_EQ(Find(a).name(), "Primero");
      EXPECT_EQ(Find(b).name(), "");
      EXPECT_EQ(Find(c).name(), "Tercero");
      EXPECT_EQ(Find(d).name(), "Cuarto");
      EXPECT_EQ(CountNetwork(client_), "3");
    }
  }

  static int next_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::SupplierNetworkService::Stub> suppliers_;
  Tenant client_;
};

int SupplierImportHandlerTest::next_ = 1;

TEST_F(SupplierImportHandlerTest, ImportCreatesEntriesAcrossBatchesAndReportsThem) {
  std::vector<std::string> nits;
  std::string file = kHeader;
  for (int i = 0; i < 7; ++i) {  // More than two batches.
    nits.push_back(NextNit());
    file += Row(nits.back(), "Proveedor " + std::to_string(i), "Cali", "vip|norte");
  }
  const v1::ImportSuppliersResponse report = MustImport(file);
  EXPECT_EQ(report.rows_read(), 7);
  EXPECT_EQ(report.created(), 7);
  EXPECT_EQ(report.updated(), 0);
  EXPECT_EQ(report.unchanged(), 0);
  EXPECT_EQ(report.rejected(), 0);
  EXPECT_EQ(report.invitations_requested(), 0);
  EXPECT_THAT(report.errors(), IsEmpty());
  EXPECT_FALSE(report.dry_run());
  EXPECT_EQ(CountNetwork(client_), "7");

  const v1::Supplier entry = Find(nits[6]);
  EXPECT_EQ(entry.name(), "Proveedor 6");
  EXPECT_EQ(entry.city(), "Cali");
  EXPECT_EQ(entry.email(), "compras@" + nits[6] + ".example");
  EXPECT_THAT(entry.groups(), ElementsAre("norte", "vip"));
  EXPECT_EQ(entry.origin(), v1::SUPPLIER_ORIGIN_IMPORT);
  EXPECT_EQ(entry.registration_status(), v1::REGISTRATION_STATUS_NOT_INVITED);
  EXPECT_EQ(entry.tax_id().type(), v1::TAX_ID_TYPE_CO_NIT);
  EXPECT_FALSE(entry.tax_id().verification_digit().empty());
}

TEST_F(SupplierImportHandlerTest, ImportingTheSameFileTwiceChangesNothingTheSecondTime) {
  const std::string a = NextNit(), b = NextNit();
  const std::string file = std::string(kHeader) + Row(a, "Alfa", "Cali", "vip") + Row(b, "Beta");
  ASSERT_EQ(MustImport(file).created(), 2);
  const v1::Supplier before = Find(a);

  const v1::ImportSuppliersResponse again = MustImport(file);
  EXPECT_EQ(again.rows_read(), 2);
  EXPECT_EQ(again.created(), 0);
  EXPECT_EQ(again.updated(), 0);
  EXPECT_EQ(again.unchanged(), 2);
  const v1::Supplier after = Find(a);
  EXPECT_EQ(after.etag(), before.etag());
  EXPECT_EQ(after.update_time().seconds(), before.update_time().seconds());
  EXPECT_EQ(after.update_time().nanos(), before.update_time().nanos());
}

TEST_F(SupplierImportHandlerTest, ChangedRowUpdatesEntryAndEmptyCellsKeepStoredValues) {
  const std::string nit = NextNit();
  ASSERT_EQ(MustImport(std::string(kHeader) + Row(nit, "Alfa", "Cali", "vip|sur")).created(), 1);
  const v1::Supplier before = Find(nit);

  // New name; empty City and Groups cells keep what is stored.
  const v1::ImportSuppliersResponse report =
      MustImport(std::string(kHeader) + Row(nit, "Alfa SAS"));
  EXPECT_EQ(report.updated(), 1);
  EXPECT_EQ(report.unchanged(), 0);
  EXPECT_EQ(report.created(), 0);
  const v1::Supplier after = Find(nit);
  EXPECT_EQ(after.name(), "Alfa SAS");
  EXPECT_EQ(after.city(), "Cali");
  EXPECT_THAT(after.groups(), ElementsAre("sur", "vip"));
  EXPECT_NE(after.etag(), before.etag());
  EXPECT_EQ(after.supplier_id(), before.supplier_id());

  // A non-empty Groups cell replaces the whole list.
  ASSERT_EQ(MustImport(std::string(kHeader) + Row(nit, "Alfa SAS", "", "norte")).updated(), 1);
  EXPECT_THAT(Find(nit).groups(), ElementsAre("norte"));
}

TEST_F(SupplierImportHandlerTest, ImportUpdatesAManuallyAddedEntryKeepingItsOrigin) {
  const std::string nit = NextNit();
  v1::AddSupplierRequest add;
  add.mutable_supplier()->mutable_tax_id()->set_country(v1::COUNTRY_CO);
  add.mutable_supplier()->mutable_tax_id()->set_value(nit);
  add.mutable_supplier()->set_name("Manual");
  add.mutable_supplier()->set_email("a@b.example");
  v1::AddSupplierResponse added;
  ASSERT_TRUE(suppliers_->AddSupplier(Ctx(client_.admin_token).get(), add, &added).ok());

  const v1::ImportSuppliersResponse report =
      MustImport(std::string(kHeader) + Row(nit, "Importado"));
  EXPECT_EQ(report.updated(), 1);
  const v1::Supplier entry = Find(nit);
  EXPECT_EQ(entry.supplier_id(), added.supplier().supplier_id());
  EXPECT_EQ(entry.name(), "Importado");
  EXPECT_EQ(entry.origin(), v1::SUPPLIER_ORIGIN_MANUAL);
}

// The writer inserts batches of new rows with a plain INSERT under a savepoint. A batch that
// meets an entry already in the network (the fifth row, in the second batch) is rolled back to
// its savepoint and merged: the rows it inserted before the refusal are created once, and the
// batches after it are merged too.
TEST_F(SupplierImportHandlerTest, AnEntryMetInALaterBatchIsUpdatedAndEveryNewRowCreatedOnce) {
  const std::string existing = NextNit();
  ASSERT_EQ(MustImport(std::string(kHeader) + Row(existing, "Antes")).created(), 1);
  const std::string id = Find(existing).supplier_id();
  std::vector<std::string> nits;
  std::string file = kHeader;
  for (int i = 0; i < 8; ++i) {  // Batches of three: the existing entry is row 5 of 9.
    if (i == 4) file += Row(existing, "Despues");
    nits.push_back(NextNit());
    file += Row(nits.back(), "Nuevo " + std::to_string(i));
  }
  const v1::ImportSuppliersResponse report = MustImport(file);
  EXPECT_EQ(report.rows_read(), 9);
  EXPECT_EQ(report.created(), 8);
  EXPECT_EQ(report.updated(), 1);
  EXPECT_EQ(report.unchanged(), 0);
  EXPECT_EQ(CountNetwork(client_), "9");
  EXPECT_EQ(Find(existing).supplier_id(), id);
  EXPECT_EQ(Find(existing).name(), "Despues");
  for (int i = 0; i < 8; ++i) EXPECT_EQ(Find(nits[i]).name(), "Nuevo " + std::to_string(i));
}

// Another transaction adds a tax ID of the file while the import inserts its batch: the
// import's INSERT waits for it, is refused once it commits, and the batch is merged instead,
// updating that entry rather than failing the whole import.
TEST_F(SupplierImportHandlerTest, AnEntryAddedMeanwhileByAnotherTransactionIsMerged) {
  const std::string before = NextNit(), added = NextNit(), after = NextNit();
  pqxx::connection conn(db_->url());
  pqxx::work other(conn);
  other.exec_params(
      "INSERT INTO suppliers (client_company_id, country, tax_id_type, tax_id, name, origin, "
      "create_time, update_time) VALUES ($1, 'CO', 'CO_NIT', $2, 'Otro', 'MANUAL', now(), now())",
      client_.company_id, added);
  v1::ImportSuppliersResponse report;
  grpc::Status status;
  std::thread import([&] {
    status =
        Import(std::string(kHeader) + Row(before, "Uno") + Row(added, "Dos") + Row(after, "Tres"),
               &report);
  });
  const bool waited = Eventually([&] {
    return db_->QueryValue(
               "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = "
               "'Lock' AND query LIKE '%INSERT INTO suppliers AS s%'") == "1";
  });
  other.commit();
  import.join();
  ASSERT_TRUE(waited) << "the import never waited for the other transaction";
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.created(), 2);
  EXPECT_EQ(report.updated(), 1);
  EXPECT_EQ(CountNetwork(client_), "3");
  EXPECT_EQ(Find(added).name(), "Dos");
  EXPECT_EQ(Find(added).origin(), v1::SUPPLIER_ORIGIN_MANUAL);
}

// Each batch inserted under a savepoint keeps a subtransaction ID (the xmin of its rows) until
// the import commits; past kMaxInsertedBatches batches the rest are merged in the import's own
// transaction, so PostgreSQL's cache of 64 subtransactions per backend never overflows.
TEST_F(SupplierImportHandlerTest, AtMostSoManyBatchesTakeASubtransaction) {
  constexpr int kBatches = storage::SupplierImportWriter::kMaxInsertedBatches + 4;
  std::string file = kHeader;
  for (int i = 0; i < kBatches * static_cast<int>(kBatchRows); ++i) {
    file += Row(NextNit(), "Proveedor");
  }
  ASSERT_EQ(MustImport(file).created(), kBatches * static_cast<int>(kBatchRows));
  // One transaction ID per inserted batch, and the import's own for the merged batches.
  EXPECT_EQ(db_->QueryValue("SELECT count(DISTINCT xmin::text) FROM suppliers WHERE "
                            "client_company_id = '" +
                            client_.company_id + "'"),
            std::to_string(storage::SupplierImportWriter::kMaxInsertedBatches + 1));
}

TEST_F(SupplierImportHandlerTest, BadRowsAreReportedWithLineAndColumnAndGoodRowsKept) {
  const std::string good1 = NextNit(), good2 = NextNit(), repeated = NextNit();
  const std::string file = std::string(kHeader) +                // line 1
                           Row(good1, "Bueno uno") +             // line 2
                           "12AB,Malo,,,,,,,x@y.example,,1\n" +  // 3: invalid tax ID
                           Row(repeated, "Primero") +            // line 4
                           Row(repeated, "Repetido") +           // line 5: repeated in the file
                           "800100200,Corto,x@y.example\n" +     // line 6: 3 cells
                           NextNit() + ",Sin correo,,,,,,,no-es-correo,,0\n" +  // 7: bad email
                           NextNit() + ",Mal \xff\xfe nombre,,,,,,,a@b.example,,0\n" +  // 8
                           NextNit() + ",Notifica mal,,,,,,,a@b.example,,quizas\n" +    // 9
                           Row(good2, "Bueno dos");                                     // line 10
  const v1::ImportSuppliersResponse report = MustImport(file);
  EXPECT_EQ(report.rows_read(), 9);
  EXPECT_EQ(report.created(), 3);
  EXPECT_EQ(report.rejected(), 6);
  const std::vector<std::string> errors = ErrorsOf(report);
  ASSERT_EQ(errors.size(), 6u) << ::testing::PrintToString(errors);
  EXPECT_THAT(errors[0], ::testing::StartsWith("3: Tax ID: "));
  EXPECT_EQ(errors[1],
            "5: : the Tax ID repeats the one of line 4; each supplier may appear "
            "once in the file");
  EXPECT_EQ(errors[2], "6: : the row has 3 cells; the header has 11");
  EXPECT_THAT(errors[3], ::testing::StartsWith("7: Email: "));
  EXPECT_EQ(errors[4], "8: Name: is not valid UTF-8");
  EXPECT_THAT(errors[5], ::testing::StartsWith("9: Notify: "));
  EXPECT_EQ(Find(good1).name(), "Bueno uno");
  EXPECT_EQ(Find(good2).name(), "Bueno dos");
  EXPECT_EQ(Find(repeated).name(), "Primero");
  EXPECT_EQ(CountNetwork(client_), "3");
}

// The fixture writes batches of 3 rows (lines 2-4, 5-7, 8-10): a tax ID is a repeat whether
// its first row was in an earlier batch or in the same one, written or rejected, and a repeated
// row that is also invalid lists its own errors and then the repeat, whatever the chunks.
TEST_F(SupplierImportHandlerTest, ATaxIdRepeatedInALaterBatchIsRejectedAsARepeat) {
  ExpectRepeatsRejectedAcrossBatches();
}

// The transactions open in the test's database, ours excepted: an open import's own and, when
// it got one, its spare (whose temporary table other sessions cannot see in pg_class).
std::string OpenTransactions(TestDatabase& db) {
  return db.QueryValue(
      "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> "
      "pg_backend_pid() AND xact_start IS NOT NULL");
}

// With a connection to spare, PostgreSQL looks up a batch's repeats on one backend while it
// merges the batch before on another.
TEST_F(SupplierImportHandlerTest, RepeatsAreLookedUpOnASecondConnection) {
  OpenImport open = StartImport(7, "0");
  EXPECT_TRUE(Eventually([&] { return OpenTransactions(*db_) == "2"; }));
  open.context->TryCancel();
  open.writer->Finish();
}

// A server whose pool has no connection to spare during an import: the import does all its
// work on its own connection, with the same results.
class SupplierImportOnOneConnectionTest : public SupplierImportHandlerTest {
 protected:
  static void SetUpTestSuite() {
    server::ServerOptions options = TestServer::DefaultOptions();
    options.import_batch_rows = kBatchRows;
    options.pool_size = 1;
    StartServer(options);
  }
};

TEST_F(SupplierImportOnOneConnectionTest, RepeatsAreLookedUpInTheImportsOwnTransaction) {
  OpenImport open = StartImport(7, "0");
  // The import has written a batch (merged, so its repeats were looked up) in its one
  // transaction.
  ASSERT_TRUE(Eventually(
      [&] { return db_->QueryValue("SELECT count(*) " + WritersOf("suppliers")) == "1"; }));
  EXPECT_EQ(OpenTransactions(*db_), "1");
  open.context->TryCancel();
  open.writer->Finish();
}

TEST_F(SupplierImportOnOneConnectionTest, ATaxIdRepeatedInALaterBatchIsRejectedAsARepeat) {
  ExpectRepeatsRejectedAcrossBatches();
}

// Quoted separators and quotes, a line break inside a quoted cell, a BOM, CRLF line ends and
// empty trailing lines; every chunk size gives the same result, down to one byte per chunk.
TEST_F(SupplierImportHandlerTest, NastyCsvImportsTheSameWhateverTheChunkSize) {
  for (size_t chunk_size : {1, 2, 3, 7, 64, 1 << 20}) {
    SCOPED_TRACE(chunk_size);
    client_ = NewTenant();
    const std::string quoted = NextNit(), multiline = NextNit();
    const std::string file =
        "\xEF\xBB\xBF" + std::string(kHeader).substr(0, std::string(kHeader).size() - 1) + "\r\n" +
        quoted +
        ",\"Pérez, Hijos y \"\"Cía\"\"\",back\\slash\ttab,\"Calle 5, #3\",Bogotá,,,,p@q.example,"
        "\"a|b\",0\r\n" +
        multiline + ",\"Dos\r\nLíneas\",,,,,,,m@n.example,,1\r\n" +
        "12AB,Malo,,,,,,,x@y.example,,1\r\n"  // Line 5: after the two-line cell.
        "\r\n\r\n";
    const v1::ImportSuppliersResponse report = MustImport(file, Colombia(), chunk_size);
    EXPECT_EQ(report.rows_read(), 3);
    EXPECT_EQ(report.created(), 2);
    EXPECT_EQ(report.invitations_requested(), 1);
    ASSERT_EQ(report.errors_size(), 1);
    EXPECT_EQ(report.errors(0).line(), 5);
    EXPECT_EQ(report.errors(0).column(), "Tax ID");
    const v1::Supplier a = Find(quoted);
    EXPECT_EQ(a.name(), "Pérez, Hijos y \"Cía\"");
    EXPECT_EQ(a.description(), "back\\slash\ttab");  // COPY's escapes survive.
    EXPECT_EQ(a.address(), "Calle 5, #3");
    EXPECT_EQ(a.city(), "Bogotá");
    EXPECT_THAT(a.groups(), ElementsAre("a", "b"));
    EXPECT_EQ(Find(multiline).name(), "Dos Líneas");
  }
}

TEST_F(SupplierImportHandlerTest, SpanishHeadersSemicolonsAndColumnsInAnyOrder) {
  const std::string nit = NextNit();
  const std::string file = "Notificar;Correo ignorado;Email;Nombre;ID Fiscal;Ciudad;Grupos\n0;x;" +
                           std::string("v@w.example;Ñandú Ltda;") + nit + ";Medellín;uno | dos\n";
  const v1::ImportSuppliersResponse report = MustImport(file);
  EXPECT_EQ(report.created(), 1);
  EXPECT_THAT(report.errors(), IsEmpty());
  const v1::Supplier entry = Find(nit);
  EXPECT_EQ(entry.name(), "Ñandú Ltda");
  EXPECT_EQ(entry.city(), "Medellín");
  EXPECT_THAT(entry.groups(), ElementsAre("dos", "uno"));
}

TEST_F(SupplierImportHandlerTest, HeaderLackingAMandatoryColumnFailsTheImportAndWritesNothing) {
  const std::string file = "Tax ID,Name,Notify\n" + NextNit() + ",Alfa,0\n";
  v1::ImportSuppliersResponse report;
  const grpc::Status status = Import(file, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  ASSERT_TRUE(HasViolation(status, "chunk")) << status.error_message();
  EXPECT_THAT(BadRequestOf(status)[0].description, ::testing::HasSubstr("Email"));
  EXPECT_EQ(CountNetwork(client_), "0");
}

// The resident memory of this process (server and client both), in KiB.
int64_t RssKib() {
  std::ifstream status("/proc/self/status");
  for (std::string line; std::getline(status, line);) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return -1;
}

// CSV bombs: a row that is one line of 1 GiB and a row of a million columns are reported on
// their lines while the rows around them are imported; the file streams through in 1 MiB
// chunks and the process's memory stays flat (the server never holds the line). A header of
// a million columns fails the import.
TEST_F(SupplierImportHandlerTest, CsvBombsAreReportedOnTheirLinesAndMemoryStaysFlat) {
  const std::string first = NextNit();
  const std::string last = NextNit();
  std::unique_ptr<grpc::ClientContext> context = Ctx(client_.admin_token);
  // A gigabyte takes seconds here, minutes in a sanitizer build: more than Ctx's 30 s.
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(10));
  v1::ImportSuppliersResponse report;
  std::unique_ptr<grpc::ClientWriter<v1::ImportSuppliersRequest>> writer =
      suppliers_->ImportSuppliers(context.get(), &report);
  const int64_t rss_before = RssKib();
  int64_t rss_peak = rss_before;
  const auto write = [&](std::string bytes) {
    v1::ImportSuppliersRequest chunk;
    chunk.set_chunk(std::move(bytes));
    ASSERT_TRUE(writer->Write(chunk));
    rss_peak = std::max(rss_peak, RssKib());
  };
  ASSERT_TRUE(writer->Write(OptionsMessage(Colombia())));
  write(std::string(kHeader) + Row(first, "Antes"));
  const std::string mebibyte(1 << 20, 'x');
  for (int i = 0; i < 1024; ++i) write(mebibyte);  // Line 3: 1 GiB, no line break.
  std::string columns = "\n";
  for (int i = 0; i < 1000000; ++i) columns += "a,";  // Line 4: 10^6 columns.
  for (size_t at = 0; at < columns.size(); at += 1 << 20) write(columns.substr(at, 1 << 20));
  write("\n" + Row(last, "Despues"));
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(report.rows_read(), 4);
  EXPECT_EQ(report.created(), 2);
  EXPECT_THAT(ErrorsOf(report),
              ElementsAre(::testing::StartsWith("3: "), ::testing::StartsWith("4: ")));
  EXPECT_EQ(CountNetwork(client_), "2");
  const int64_t grown_mib = (rss_peak - rss_before) / 1024;
  std::cout << "CSV bombs (a 1 GiB line, 10^6 columns) through ImportSuppliers: resident memory "
               "grew at most "
            << grown_mib << " MiB\n";
  EXPECT_LT(grown_mib, 128) << "the import held a bomb in memory";

  std::string wide_header = "Tax ID*,Name*,Email*,Notify*";
  for (int i = 0; i < 1000000; ++i) wide_header += ",x";
  v1::ImportSuppliersResponse refused;
  const grpc::Status header = Import(wide_header + "\n" + Row(NextNit(), "Nunca"), &refused);
  EXPECT_EQ(header.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(header, "chunk")) << header.error_message();
  EXPECT_EQ(CountNetwork(client_), "2");
}

TEST_F(SupplierImportHandlerTest, EmptyFileIsInvalid) {
  v1::ImportSuppliersResponse report;
  const grpc::Status status = Import("", &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "chunk"));
}

TEST_F(SupplierImportHandlerTest, HeaderOnlyFileImportsNothing) {
  const v1::ImportSuppliersResponse report = MustImport(kHeader);
  EXPECT_EQ(report.rows_read(), 0);
  EXPECT_EQ(report.created(), 0);
}

TEST_F(SupplierImportHandlerTest, DryRunReportsWhatWouldHappenAndWritesNothing) {
  const std::string existing = NextNit(), fresh = NextNit();
  ASSERT_EQ(MustImport(std::string(kHeader) + Row(existing, "Alfa")).created(), 1);
  const v1::Supplier before = Find(existing);

  v1::ImportSuppliersOptions options = Colombia();
  options.set_dry_run(true);
  const v1::ImportSuppliersResponse report =
      MustImport(std::string(kHeader) + Row(existing, "Alfa Nueva") +
                     Row(fresh, "Beta", "", "", "1") + "1x,Malo,,,,,,,a@b.example,,0\n",
                 options);
  EXPECT_TRUE(report.dry_run());
  EXPECT_EQ(report.rows_read(), 3);
  EXPECT_EQ(report.created(), 1);
  EXPECT_EQ(report.updated(), 1);
  EXPECT_EQ(report.rejected(), 1);
  EXPECT_EQ(report.invitations_requested(), 1);
  EXPECT_EQ(Find(existing).etag(), before.etag());
  EXPECT_EQ(Find(existing).name(), "Alfa");
  EXPECT_EQ(Find(fresh).supplier_id(), "");
  EXPECT_EQ(CountNetwork(client_), "1");
  EXPECT_EQ(CountInviteRequests(), "0");
}

TEST_F(SupplierImportHandlerTest, RetryWithTheSameRequestIdReturnsTheFirstReport) {
  v1::ImportSuppliersOptions options = Colombia();
  options.set_request_id(kRequestId);
  const std::string first = NextNit(), second = NextNit();
  const v1::ImportSuppliersResponse report = MustImport(
      std::string(kHeader) + Row(first, "Alfa") + "x,Malo,,,,,,,a@b.example,,0\n", options);
  EXPECT_EQ(report.created(), 1);

  // The retry's file differs: it is still not processed.
  const v1::ImportSuppliersResponse retry = MustImport(
      std::string(kHeader) + Row(first, "Otro nombre") + Row(second, "Beta"), options, 5);
  EXPECT_EQ(retry.SerializeAsString(), report.SerializeAsString());
  EXPECT_EQ(Find(first).name(), "Alfa");
  EXPECT_EQ(CountNetwork(client_), "1");

  // Other options under the same id are another request, refused (the file is not compared:
  // it is not known before it is read).
  v1::ImportSuppliersOptions other_options = options;
  other_options.set_notify_mode(v1::IMPORT_NOTIFY_MODE_NEVER);
  v1::ImportSuppliersResponse unused;
  const grpc::Status reused =
      Import(std::string(kHeader) + Row(second, "Beta"), &unused, other_options);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(reused, "options.request_id"));
  EXPECT_EQ(CountNetwork(client_), "1");

  // Another request id runs again.
  options.set_request_id("5f1c2d3e-5a6b-4c7d-8e9f-a0b1c2d3e4f5");
  EXPECT_EQ(MustImport(std::string(kHeader) + Row(second, "Beta"), options).created(), 1);
}

TEST_F(SupplierImportHandlerTest, NotifyRequestsAnInvitationOncePerNotInvitedEntry) {
  const std::string a = NextNit(), b = NextNit(), c = NextNit();
  const std::string file = std::string(kHeader) + Row(a, "Alfa", "", "", "1") +
                           Row(b, "Beta", "", "", "sí") + Row(c, "Gama", "", "", "0");
  const v1::ImportSuppliersResponse report = MustImport(file);
  EXPECT_EQ(report.invitations_requested(), 2);
  EXPECT_EQ(CountInviteRequests(), "2");
  // A second import finds them already requested; a changed Notify asks for c only.
  EXPECT_EQ(MustImport(file).invitations_requested(), 0);
  const v1::ImportSuppliersResponse notify_c =
      MustImport(std::string(kHeader) + Row(c, "Gama", "", "", "1"));
  EXPECT_EQ(notify_c.invitations_requested(), 1);
  EXPECT_EQ(notify_c.unchanged(), 1);
  EXPECT_EQ(CountInviteRequests(), "3");
}

TEST_F(SupplierImportHandlerTest, NotifyModeNeverRequestsNoInvitation) {
  v1::ImportSuppliersOptions options = Colombia();
  options.set_notify_mode(v1::IMPORT_NOTIFY_MODE_NEVER);
  const std::string file = std::string(kHeader) + Row(NextNit(), "Alfa", "", "", "1");
  const v1::ImportSuppliersResponse report = MustImport(file, options);
  EXPECT_EQ(report.created(), 1);
  EXPECT_EQ(report.invitations_requested(), 0);
  EXPECT_EQ(CountInviteRequests(), "0");
}

TEST_F(SupplierImportHandlerTest, AnotherCompanysImportNeverTouchesThisNetwork) {
  const std::string nit = NextNit();
  ASSERT_EQ(MustImport(std::string(kHeader) + Row(nit, "De A", "Cali", "a")).created(), 1);
  const v1::Supplier before = Find(nit);

  const Tenant b = NewTenant();
  v1::ImportSuppliersResponse report;
  ASSERT_TRUE(Import(std::string(kHeader) + Row(nit, "De B", "Lima", "b", "1"), &report, Colombia(),
                     1 << 20, b.admin_token)
                  .ok());
  EXPECT_EQ(report.created(), 1);  // B gets its own entry for the same company.
  EXPECT_EQ(report.updated(), 0);
  const v1::Supplier after = Find(nit);
  EXPECT_EQ(after.SerializeAsString(), before.SerializeAsString());
  EXPECT_EQ(Find(nit, &b).name(), "De B");
  EXPECT_NE(Find(nit, &b).supplier_id(), before.supplier_id());
  EXPECT_EQ(CountNetwork(client_), "1");
  EXPECT_EQ(CountInviteRequests(), "0");
}

TEST_F(SupplierImportHandlerTest, MemberMayNotImport) {
  v1::ImportSuppliersResponse report;
  const grpc::Status status = Import(std::string(kHeader) + Row(NextNit(), "Alfa"), &report,
                                     Colombia(), 1 << 20, MemberToken());
  EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CountNetwork(client_), "0");
}

TEST_F(SupplierImportHandlerTest, ImportWithoutTokenIsUnauthenticated) {
  std::vector<v1::ImportSuppliersRequest> messages = {OptionsMessage(Colombia())};
  v1::ImportSuppliersResponse report;
  EXPECT_EQ(Send("", messages, &report).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(SupplierImportHandlerTest, StreamMustStartWithOptions) {
  v1::ImportSuppliersResponse report;
  const grpc::Status chunk_first = Send(
      client_.admin_token, Chunks(std::string(kHeader) + Row(NextNit(), "Alfa"), 1 << 20), &report);
  EXPECT_EQ(chunk_first.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(chunk_first, "options"));

  const grpc::Status empty_stream = Send(client_.admin_token, {}, &report);
  EXPECT_EQ(empty_stream.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(empty_stream, "options"));
  EXPECT_EQ(CountNetwork(client_), "0");
}

TEST_F(SupplierImportHandlerTest, SecondOptionsMessageFailsTheImportAndWritesNothing) {
  std::string file = kHeader;
  for (int i = 0; i < 7; ++i) file += Row(NextNit(), "Proveedor");  // Batches get written.
  std::vector<v1::ImportSuppliersRequest> messages = {OptionsMessage(Colombia())};
  for (v1::ImportSuppliersRequest& chunk : Chunks(file, 40)) messages.push_back(chunk);
  messages.push_back(OptionsMessage(Colombia()));
  messages.push_back(Chunks(Row(NextNit(), "Tarde"), 1 << 20)[0]);
  v1::ImportSuppliersResponse report;
  const grpc::Status status = Send(client_.admin_token, messages, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "options"));
  EXPECT_EQ(CountNetwork(client_), "0");
}

TEST_F(SupplierImportHandlerTest, MessageWithoutContentAfterOptionsIsInvalid) {
  std::vector<v1::ImportSuppliersRequest> messages = {OptionsMessage(Colombia()),
                                                      v1::ImportSuppliersRequest()};
  v1::ImportSuppliersResponse report;
  const grpc::Status status = Send(client_.admin_token, messages, &report);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "chunk"));
}

TEST_F(SupplierImportHandlerTest, BadOptionsListEveryViolation) {
  v1::ImportSuppliersOptions options;
  options.set_request_id("not-a-uuid");
  v1::ImportSuppliersResponse report;
  const grpc::Status status =
      Import(std::string(kHeader) + Row(NextNit(), "Alfa"), &report, options);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "options.default_country"));
  EXPECT_TRUE(HasViolation(status, "options.request_id"));

  options = Colombia();
  options.set_default_tax_id_type(v1::TAX_ID_TYPE_PE_RUC);
  const grpc::Status wrong_type = Import(kHeader, &report, options);
  EXPECT_TRUE(HasViolation(wrong_type, "options.default_tax_id_type"));

  options = Colombia();
  options.set_notify_mode(static_cast<v1::ImportNotifyMode>(99));
  EXPECT_TRUE(HasViolation(Import(kHeader, &report, options), "options.notify_mode"));
  EXPECT_EQ(CountNetwork(client_), "0");
}

TEST_F(SupplierImportHandlerTest, ChunkOverOneMebibyteIsInvalid) {
  std::vector<v1::ImportSuppliersRequest> messages = {OptionsMessage(Colombia())};
  messages.emplace_back();
  messages.back().set_chunk(std::string(kHeader) + std::string((1 << 20) + 1, '\n'));
  v1::ImportSuppliersResponse report;
  EXPECT_TRUE(HasViolation(Send(client_.admin_token, messages, &report), "chunk"));
}

TEST_F(SupplierImportHandlerTest, CancelledImportWritesNothing) {
  OpenImport open = StartImport(7, "0");
  open.context->TryCancel();
  EXPECT_EQ(open.writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(CountNetwork(client_), "0");
}

TEST_F(SupplierImportHandlerTest, ACancelledImportTakesItsInvitationsAndEmailsWithIt) {
  OpenImport open = StartImport(7, "1");
  // The import's open transaction has written invitations (batches of three rows)...
  ASSERT_TRUE(Eventually([&] {
    return db_->QueryValue("SELECT count(*) " + WritersOf("email_outbox")) == "1";
  })) << "the import never wrote an email";
  // ...and none of them outlives it.
  open.context->TryCancel();
  EXPECT_EQ(open.writer->Finish().error_code(), grpc::StatusCode::CANCELLED);
  EXPECT_EQ(CountNetwork(client_), "0");
  const std::string mine = "client_company_id = '" + client_.company_id + "'";
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM invitations WHERE " + mine), "0");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM email_outbox WHERE " + mine), "0");
}

// The import's connection dies between two batches (a database restart, a failover, a
// terminated backend): the import answers UNAVAILABLE, which a client retries, writes nothing,
// and the server goes on serving. libpqxx's exception, thrown on the import's writer thread,
// once ended the server.
TEST_F(SupplierImportHandlerTest, AnImportWhoseConnectionDiesIsUnavailableAndTheServerLivesOn) {
  OpenImport open = StartImport(7, "0");
  const std::string import_backends = WritersOf("suppliers");
  ASSERT_TRUE(Eventually([&] {
    return db_->QueryValue("SELECT count(*) " + import_backends) == "1";
  })) << "the import never wrote a batch";
  ASSERT_EQ(db_->QueryValue("SELECT count(pg_terminate_backend(l.pid)) " + import_backends), "1");
  std::string more;
  for (int i = 0; i < 2 * static_cast<int>(kBatchRows); ++i) more += Row(NextNit(), "Proveedor");
  for (const v1::ImportSuppliersRequest& chunk : Chunks(more, 50)) {
    if (!open.writer->Write(chunk)) break;
  }
  open.writer->WritesDone();
  EXPECT_EQ(open.writer->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(CountNetwork(client_), "0");
  const v1::ImportSuppliersResponse retried =
      MustImport(std::string(kHeader) + Row(NextNit(), "Proveedor"));
  EXPECT_EQ(retried.created(), 1);
}

TEST_F(SupplierImportHandlerTest, ReportListsAtMostAThousandErrors) {
  std::string file = kHeader;
  for (int i = 0; i < 1005; ++i) file += "x,Malo,,,,,,,a@b.example,,0\n";
  const v1::ImportSuppliersResponse report = MustImport(file);
  EXPECT_EQ(report.rows_read(), 1005);
  EXPECT_EQ(report.rejected(), 1005);
  EXPECT_EQ(report.errors_size(), 1000);
  EXPECT_TRUE(report.errors_truncated());
}

}  // namespace
}  // namespace supplynet::testing
