// The CLI against a server that requires mutual TLS: --tls-ca, --tls-cert and --tls-key (or
// their SUPPLYNET_TLS_* variables) get it through; without a client certificate it is refused
// with exit 7 (unavailable), and a file it cannot read is a usage error.
#include <gmock/gmock.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>

#include "tests/client-lib/cli/cli_fixture.h"
#include "tests/support/test_certificates.h"

namespace supplynet::testing {
namespace {

using ::testing::HasSubstr;

class TlsCliTest : public CliTest {
 protected:
  static void SetUpTestSuite() {
    certs_ = new TestCertificates();
    ASSERT_TRUE(certs_->ok());
    server::ServerOptions options = TestServer::DefaultOptions();
    options.tls = {certs_->Path("server.pem"), certs_->Path("server.key"), certs_->Path("ca.pem")};
    StartServer(options);
    if (server_ != nullptr && server_->ok()) {
      // The fixture's own stub (RegisterTenant) goes through with the client certificate.
      server_->UseChannelCredentials(grpc::SslCredentials(
          {certs_->Read("ca.pem"), certs_->Read("client.key"), certs_->Read("client.pem")}));
    }
  }
  static void TearDownTestSuite() {
    CliTest::TearDownTestSuite();
    delete certs_;
  }

  static TestCertificates* certs_;
};

TestCertificates* TlsCliTest::certs_ = nullptr;

TEST_F(TlsCliTest, LogsInAndCallsWithAClientCertificate) {
  RegisterTenant(*accounts_, NextNit(), "tls-cli-ana");
  const std::vector<std::string> tls = {"--tls-ca",   certs_->Path("ca.pem"),
                                        "--tls-cert", certs_->Path("client.pem"),
                                        "--tls-key",  certs_->Path("client.key")};
  std::vector<std::string> login = {"login", "--username", "tls-cli-ana"};
  login.insert(login.end(), tls.begin(), tls.end());
  const CommandResult logged_in = Cli(login, std::string(kPassword));
  ASSERT_EQ(logged_in.exit_code, 0) << logged_in.err;

  // The same files through the environment; the token from the config file.
  const CommandResult whoami = Cli({"whoami"}, "",
                                   {{"SUPPLYNET_TLS_CA", certs_->Path("ca.pem")},
                                    {"SUPPLYNET_TLS_CERT", certs_->Path("client.pem")},
                                    {"SUPPLYNET_TLS_KEY", certs_->Path("client.key")}});
  ASSERT_EQ(whoami.exit_code, 0) << whoami.err;
  EXPECT_THAT(whoami.out, HasSubstr("tls-cli-ana"));
}

TEST_F(TlsCliTest, WithoutAClientCertificateItIsRefused) {
  const CommandResult refused =
      Cli({"login", "--username", "nobody", "--tls-ca", certs_->Path("ca.pem")},
          std::string(kPassword));
  EXPECT_EQ(refused.exit_code, 7) << refused.err;
  const CommandResult plaintext = Cli({"login", "--username", "nobody"}, std::string(kPassword));
  EXPECT_EQ(plaintext.exit_code, 7) << plaintext.err;
}

TEST_F(TlsCliTest, UnreadableOrHalfGivenFilesAreUsageErrors) {
  const CommandResult missing = Cli({"whoami", "--tls-ca", "/nonexistent/ca.pem"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("tls-ca: cannot read /nonexistent/ca.pem"));
  const CommandResult half = Cli({"whoami", "--tls-cert", certs_->Path("client.pem")});
  EXPECT_EQ(half.exit_code, 2);
  EXPECT_THAT(half.err, HasSubstr("tls-cert and tls-key go together"));
}

}  // namespace
}  // namespace supplynet::testing
