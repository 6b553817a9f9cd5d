// The server over TLS and mutual TLS, with a throwaway CA made by openssl: a client that
// trusts the CA (and, under mTLS, presents a certificate it signed) gets through; a plaintext
// client, a client that does not trust the server's certificate and, under mTLS, a client
// with no or a foreign certificate are refused before any RPC runs.
#include "server/server_credentials.h"

#include <gtest/gtest.h>

#include <memory>

#include "supplynet/client/client.h"
#include "tests/support/accounts.h"
#include "tests/support/test_certificates.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

class ServerCredentialsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    certs_ = new TestCertificates();
    db_ = TestDatabase::Create().release();
  }
  static void TearDownTestSuite() {
    delete db_;
    delete certs_;
  }
  void SetUp() override {
    ASSERT_TRUE(certs_->ok()) << "openssl could not make the test certificates";
    ASSERT_NE(db_, nullptr);
  }

  static server::ServerOptions TlsOptions(bool require_client_certificates) {
    server::ServerOptions options = TestServer::DefaultOptions();
    options.tls.cert_file = certs_->Path("server.pem");
    options.tls.key_file = certs_->Path("server.key");
    if (require_client_certificates) options.tls.client_ca_file = certs_->Path("ca.pem");
    return options;
  }

  // Options of a client of `server` that trusts the test CA.
  static client::ClientOptions TrustingClient(const TestServer& server) {
    client::ClientOptions options;
    options.target = server.address();
    options.tls = true;
    options.tls_root_certs = certs_->Read("ca.pem");
    options.default_deadline = std::chrono::seconds(10);
    return options;
  }

  // Registers a company and logs in through `options`: the whole answer of a working channel.
  static absl::Status RegisterAndLogin(const client::ClientOptions& options, const std::string& nit,
                                       const std::string& username) {
    client::Client client(options);
    absl::StatusOr<v1::RegisterCompanyResponse> registered =
        client.RegisterCompany(CompanyRequest(nit, username));
    if (!registered.ok()) return registered.status();
    return client.Login(username, kPassword).status();
  }

  static TestCertificates* certs_;
  static TestDatabase* db_;
};

TestCertificates* ServerCredentialsTest::certs_ = nullptr;
TestDatabase* ServerCredentialsTest::db_ = nullptr;

TEST_F(ServerCredentialsTest, TlsServesAClientThatTrustsItsCertificate) {
  TestServer server(*db_, nullptr, TlsOptions(false));
  ASSERT_TRUE(server.ok());
  EXPECT_TRUE(RegisterAndLogin(TrustingClient(server), "901000001", "tls-ana").ok());
}

TEST_F(ServerCredentialsTest, TlsRefusesAPlaintextClient) {
  TestServer server(*db_, nullptr, TlsOptions(false));
  ASSERT_TRUE(server.ok());
  client::ClientOptions plaintext = TrustingClient(server);
  plaintext.tls = false;
  EXPECT_EQ(RegisterAndLogin(plaintext, "901000002", "tls-plain").code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(ServerCredentialsTest, TlsRefusesAClientThatDoesNotTrustItsCertificate) {
  TestServer server(*db_, nullptr, TlsOptions(false));
  ASSERT_TRUE(server.ok());
  client::ClientOptions other_roots = TrustingClient(server);
  other_roots.tls_root_certs = certs_->Read("rogue-ca.pem");
  EXPECT_EQ(RegisterAndLogin(other_roots, "901000003", "tls-rogue").code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(ServerCredentialsTest, MutualTlsServesAClientWithACertificateOfItsCa) {
  TestServer server(*db_, nullptr, TlsOptions(true));
  ASSERT_TRUE(server.ok());
  client::ClientOptions options = TrustingClient(server);
  options.tls_cert_chain = certs_->Read("client.pem");
  options.tls_private_key = certs_->Read("client.key");
  EXPECT_TRUE(RegisterAndLogin(options, "901000004", "mtls-ana").ok());
}

TEST_F(ServerCredentialsTest, MutualTlsRefusesAClientWithoutACertificate) {
  TestServer server(*db_, nullptr, TlsOptions(true));
  ASSERT_TRUE(server.ok());
  EXPECT_EQ(RegisterAndLogin(TrustingClient(server), "901000005", "mtls-none").code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(ServerCredentialsTest, MutualTlsRefusesAClientCertificateOfAnotherCa) {
  TestServer server(*db_, nullptr, TlsOptions(true));
  ASSERT_TRUE(server.ok());
  client::ClientOptions options = TrustingClient(server);
  options.tls_cert_chain = certs_->Read("rogue-client.pem");
  options.tls_private_key = certs_->Read("rogue-client.key");
  EXPECT_EQ(RegisterAndLogin(options, "901000006", "mtls-rogue").code(),
            absl::StatusCode::kUnavailable);
}

TEST_F(ServerCredentialsTest, RefusedCallsWroteNothing) {
  TestServer server(*db_, nullptr, TlsOptions(true));
  ASSERT_TRUE(server.ok());
  ASSERT_FALSE(RegisterAndLogin(TrustingClient(server), "901000007", "mtls-nothing").ok());
  client::ClientOptions options = TrustingClient(server);
  options.tls_cert_chain = certs_->Read("client.pem");
  options.tls_private_key = certs_->Read("client.key");
  client::Client client(options);
  // The refused registration left its username free: the same one registers now.
  EXPECT_TRUE(client.RegisterCompany(CompanyRequest("901000007", "mtls-nothing")).ok());
}

TEST(ServerCredentialsForTest, PlaintextWithoutFiles) {
  EXPECT_TRUE(server::ServerCredentialsFor({}).ok());
}

TEST(ServerCredentialsForTest, IncompleteOrUnreadableSetsAreInvalidArguments) {
  const std::vector<server::TlsFiles> bad = {
      {"", "key.pem", ""},
      {"", "", "ca.pem"},
      {"/nonexistent/server.pem", "", ""},
      {"/nonexistent/server.pem", "/nonexistent/server.key", ""},
  };
  for (const server::TlsFiles& files : bad) {
    EXPECT_EQ(server::ServerCredentialsFor(files).status().code(),
              absl::StatusCode::kInvalidArgument)
        << files.cert_file << " / " << files.key_file << " / " << files.client_ca_file;
  }
}

TEST_F(ServerCredentialsTest, AnUnreadableClientCaFailsTheStart) {
  server::ServerOptions options = TlsOptions(false);
  options.tls.client_ca_file = "/nonexistent/ca.pem";
  options.database_url = db_->url();
  EXPECT_EQ(server::SupplynetServer::Start(options).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace supplynet::testing
