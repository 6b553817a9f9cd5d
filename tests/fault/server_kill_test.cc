// Fault suite: the real server binary SIGKILLed in the middle of a 100,000-row
// ImportSuppliers and of a 10,000-document SyncDocuments. The import is one transaction, so the
// killed one leaves no row; after a restart the same import retried with its request_id gives
// the exact counts, and retried once more replays the same report without writing again. A
// sync stores batches as it goes: its retry finds the stored documents UNCHANGED and creates
// the rest, each document once. Prints the figures.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <cstdio>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/documents.h"
#include "tests/support/eventually.h"
#include "tests/support/server_process.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

constexpr int kRows = 100000;
constexpr size_t kChunkBytes = 64 * 1024;
constexpr char kRequestId[] = "6f1c9a52-0000-4000-8000-00000000cafe";

// A valid import file of `rows` new suppliers.
std::string ImportFile(int rows) {
  std::string file = "Tax ID,Name,Email,Notify\n";
  for (int i = 0; i < rows; ++i) {
    absl::StrAppend(&file, 800000000 + i, ",Supplier ", i, ",s", i, "@example.com,0\n");
  }
  return file;
}

std::unique_ptr<ServerProcess> StartServer(const TestDatabase& db) {
  auto server = std::make_unique<ServerProcess>(std::vector<std::string>{
      "--listen=127.0.0.1:0", "--metrics_listen=", "--database_url=" + db.url(),
      "--password_hash_cost=minimum", "--mail_dir="});
  EXPECT_GT(server->port(), 0) << server->Log();
  return server;
}

// Streams `file` as one import with kRequestId; `after_chunk(n)` runs after chunk n is sent.
template <typename AfterChunk>
grpc::Status Import(const std::string& address, const std::string& token, const std::string& file,
                    v1::ImportSuppliersResponse* response, AfterChunk&& after_chunk) {
  auto channel = grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
  auto suppliers = v1::SupplierNetworkService::NewStub(channel);
  auto context = Ctx(token);
  auto stream = suppliers->ImportSuppliers(context.get(), response);
  v1::ImportSuppliersRequest options;
  options.mutable_options()->set_default_country(v1::COUNTRY_CO);
  options.mutable_options()->set_request_id(kRequestId);
  stream->Write(options);
  size_t chunks = 0;
  for (size_t at = 0; at < file.size(); at += kChunkBytes) {
    v1::ImportSuppliersRequest chunk;
    chunk.set_chunk(file.substr(at, kChunkBytes));
    if (!stream->Write(chunk)) break;
    after_chunk(++chunks);
  }
  stream->WritesDone();
  return stream->Finish();
}

TEST(ServerKillTest, AKilledImportWritesNothingAndItsRetryCountsExactly) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  const std::string file = ImportFile(kRows);
  const size_t total_chunks = (file.size() + kChunkBytes - 1) / kChunkBytes;

  auto server = StartServer(*db);
  auto accounts = v1::AccountService::NewStub(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
  const Tenant tenant = RegisterTenant(*accounts, "890321567", "killed-import");
  const std::string rows = absl::StrCat(
      "SELECT count(*) FROM suppliers WHERE client_company_id = '", tenant.company_id, "'");

  // Killed once half the file has been sent: the server holds rows in its transaction.
  v1::ImportSuppliersResponse killed_response;
  const grpc::Status killed =
      Import(server->address(), tenant.admin_token, file, &killed_response, [&](size_t chunk) {
        if (chunk == total_chunks / 2) server->Signal(SIGKILL);
      });
  server->Wait();
  EXPECT_FALSE(killed.ok());
  const std::string rows_after_kill = db->QueryValue(rows);
  EXPECT_EQ(rows_after_kill, "0");

  server = StartServer(*db);
  v1::ImportSuppliersResponse retried;
  const grpc::Status retry_status =
      Import(server->address(), tenant.admin_token, file, &retried, [](size_t) {});
  ASSERT_TRUE(retry_status.ok()) << retry_status.error_message() << server->Log();
  EXPECT_EQ(retried.rows_read(), kRows);
  EXPECT_EQ(retried.created(), kRows);
  EXPECT_EQ(retried.rejected(), 0);
  EXPECT_EQ(db->QueryValue(rows), std::to_string(kRows));

  // The same request_id again: the first report, nothing written twice.
  v1::ImportSuppliersResponse replayed;
  ASSERT_TRUE(Import(server->address(), tenant.admin_token, file, &replayed, [](size_t) {}).ok());
  EXPECT_EQ(replayed.created(), kRows);
  EXPECT_EQ(db->QueryValue(rows), std::to_string(kRows));
  std::printf(
      "server killed mid-import: %d rows, killed after %zu of %zu chunks (%s), rows left by "
      "the killed import %s; retry created %lld, rows %s; replay created %lld, rows %s\n",
      kRows, total_chunks / 2, total_chunks, killed.error_message().c_str(),
      rows_after_kill.c_str(), static_cast<long long>(retried.created()),
      std::to_string(kRows).c_str(), static_cast<long long>(replayed.created()),
      db->QueryValue(rows).c_str());
}

TEST(ServerKillTest, AKilledSyncStoresEachDocumentOnceWhenRetried) {
  constexpr int kDocuments = 10000;
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  auto server = StartServer(*db);
  auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
  auto accounts = v1::AccountService::NewStub(channel);
  const Party client = RegisterParty(*accounts, "890321567", "killed-sync");
  const Party supplier = RegisterParty(*accounts, "800191045", "killed-sync-supplier");
  Link(*db, client, supplier);
  std::vector<v1::Document> documents;
  for (int i = 0; i < kDocuments; ++i) {
    documents.push_back(Invoice(supplier.nit, client.nit, std::to_string(100000 + i)));
  }
  const std::string rows =
      absl::StrCat("SELECT count(*) FROM documents WHERE receiver_company_id = '",
                   client.tenant.company_id, "'");

  {
    auto stub = v1::DocumentStatusService::NewStub(channel);
    v1::SyncDocumentsResponse response;
    auto context = Ctx(client.tenant.admin_token);
    auto writer = stub->SyncDocuments(context.get(), &response);
    for (int i = 0; i < kDocuments; ++i) {
      v1::SyncDocumentsRequest request;
      *request.mutable_document() = documents[i];
      if (!writer->Write(request)) break;
      if (i == kDocuments / 2) server->Signal(SIGKILL);
    }
    writer->WritesDone();
    EXPECT_FALSE(writer->Finish().ok());
  }
  server->Wait();
  const std::string stored_before_kill = db->QueryValue(rows);

  server = StartServer(*db);
  auto again = v1::DocumentStatusService::NewStub(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
  grpc::Status status;
  const v1::SyncDocumentsResponse retried =
      Sync(*again, client.tenant.admin_token, documents, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(retried.created() + retried.unchanged(), kDocuments);
  EXPECT_EQ(retried.unchanged(), std::stoi(stored_before_kill));
  EXPECT_EQ(retried.rejected(), 0);
  EXPECT_EQ(db->QueryValue(rows), std::to_string(kDocuments));
  const std::string first_history_rows = db->QueryValue(absl::StrCat(
      "SELECT count(*) FROM document_status_changes c JOIN documents d USING (document_id) "
      "WHERE d.receiver_company_id = '",
      client.tenant.company_id, "' AND c.from_status = ''"));
  EXPECT_EQ(first_history_rows, std::to_string(kDocuments));
  std::printf(
      "server killed mid-sync: %d documents, %s stored before the kill; the retry found %d "
      "unchanged and created %d; documents %s, first history rows %s\n",
      kDocuments, stored_before_kill.c_str(), retried.unchanged(), retried.created(),
      db->QueryValue(rows).c_str(), first_history_rows.c_str());
}

}  // namespace
}  // namespace supplynet::testing
