// The email outbox against failures: the SMTP server down then up, the server killed between
// the commit of an invitation and the delivery of its email, killed in the middle of a
// delivery run (emails counted by Message-ID), two servers draining one outbox,
// and .eml files when no SMTP server is configured. Each email arrives exactly once.
#include <gmock/gmock.h>
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "domain/clock.h"
#include "supplynet/v1/invitation.grpc.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/server_process.h"
#include "tests/support/smtp_sink.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

// Short backoffs keep the retries within a test's patience.
server::ServerOptions FastMailOptions(const std::string& smtp_url) {
  server::ServerOptions options = TestServer::DefaultOptions();
  options.smtp_url = smtp_url;
  options.outbox_poll_interval = absl::Milliseconds(50);
  options.email_retry_initial = absl::Milliseconds(50);
  options.email_retry_max = absl::Milliseconds(200);
  options.email_max_attempts = 1000;
  return options;
}

std::vector<std::string> FastMailFlags(const TestDatabase& db, const std::string& smtp_url) {
  return {"--listen=127.0.0.1:0",         "--metrics_listen=",       "--database_url=" + db.url(),
          "--password_hash_cost=minimum", "--smtp_url=" + smtp_url,  "--outbox_poll_interval=50ms",
          "--email_retry_initial=50ms",   "--email_retry_max=200ms", "--email_max_attempts=1000"};
}

// A client company with `count` suppliers in its network, through the API of `channel`.
struct Network {
  Tenant client;
  std::vector<v1::Supplier> suppliers;
};

Network MakeNetwork(const std::shared_ptr<grpc::Channel>& channel, const std::string& tag,
                    int count) {
  auto accounts = v1::AccountService::NewStub(channel);
  auto suppliers = v1::SupplierNetworkService::NewStub(channel);
  Network network;
  network.client = RegisterTenant(*accounts, "860000001", "delivery" + tag);
  for (int i = 0; i < count; ++i) {
    v1::AddSupplierRequest request;
    v1::Supplier* s = request.mutable_supplier();
    s->mutable_tax_id()->set_country(v1::COUNTRY_CO);
    s->mutable_tax_id()->set_value(std::to_string(810000000 + i));
    s->set_name(absl::StrCat("Proveedor ", i));
    s->set_email(absl::StrCat("p", i, "-", tag, "@proveedor.example"));
    v1::AddSupplierResponse response;
    const grpc::Status status =
        suppliers->AddSupplier(Ctx(network.client.admin_token).get(), request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    network.suppliers.push_back(response.supplier());
  }
  return network;
}

// Invites every supplier of the network (one batch call); returns the invitation ids.
std::vector<std::string> InviteAll(const std::shared_ptr<grpc::Channel>& channel,
                                   const Network& network) {
  auto invitations = v1::InvitationService::NewStub(channel);
  v1::InviteSuppliersRequest request;
  for (const v1::Supplier& s : network.suppliers) request.add_supplier_ids(s.supplier_id());
  v1::InviteSuppliersResponse response;
  const grpc::Status status =
      invitations->InviteSuppliers(Ctx(network.client.admin_token).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  std::vector<std::string> ids;
  for (const auto& result : response.results()) ids.push_back(result.invitation().invitation_id());
  return ids;
}

v1::Invitation GetInvitation(const std::shared_ptr<grpc::Channel>& channel, const Tenant& client,
                             const std::string& id) {
  auto invitations = v1::InvitationService::NewStub(channel);
  v1::GetInvitationRequest request;
  request.set_invitation_id(id);
  v1::GetInvitationResponse response;
  EXPECT_TRUE(invitations->GetInvitation(Ctx(client.admin_token).get(), request, &response).ok());
  return response.invitation();
}

// Waits until `done` holds for the invitation (or patience runs out); returns its last state.
template <typename Done>
v1::Invitation WaitUntil(const std::shared_ptr<grpc::Channel>& channel, const Tenant& client,
                         const std::string& id, Done done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  v1::Invitation invitation = GetInvitation(channel, client, id);
  while (!done(invitation) && absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    invitation = GetInvitation(channel, client, id);
  }
  return invitation;
}

// The state of the invitation's outbox row, and whether its message (holding the code) is gone.
std::string OutboxStateOf(const TestDatabase& db, const std::string& invitation_id) {
  return db.QueryValue(absl::StrCat(
      "SELECT state || CASE WHEN message IS NULL THEN ', erased' ELSE ', kept' END FROM "
      "email_outbox WHERE invitation_id = '",
      invitation_id, "'"));
}

bool Sent(const v1::Invitation& i) { return i.delivery_status() == v1::DELIVERY_STATUS_SENT; }

// The number of emails in `texts` addressed to each supplier of the network.
std::vector<int> CountsPerSupplier(const std::vector<std::string>& texts, const Network& network) {
  std::vector<int> counts;
  for (const v1::Supplier& s : network.suppliers) {
    int n = 0;
    for (const std::string& text : texts) n += text.find("To: " + s.email() + "\n") == 0;
    counts.push_back(n);
  }
  return counts;
}

// Invites one supplier through a fresh server started with `options` (one attempt per email)
// and returns the invitation once its email is decided: SENT or FAILED.
v1::Invitation DecidedDelivery(server::ServerOptions options, const std::string& tag) {
  auto db = TestDatabase::Create();
  EXPECT_NE(db, nullptr);
  if (db == nullptr) return {};
  options.email_max_attempts = 1;
  TestServer server(*db, nullptr, options);
  EXPECT_TRUE(server.ok());
  const Network network = MakeNetwork(server.channel(), tag, 1);
  const std::string id = InviteAll(server.channel(), network)[0];
  return WaitUntil(server.channel(), network.client, id, [](const v1::Invitation& i) {
    return i.delivery_status() != v1::DELIVERY_STATUS_QUEUED;
  });
}

TEST(InvitationDeliveryTest, SmtpsDeliversOverTlsToAServerItTrusts) {
  SmtpSink sink;
  sink.set_tls(SmtpTls::kImplicit);
  ASSERT_TRUE(sink.Start());
  server::ServerOptions options = FastMailOptions(sink.url());
  options.smtp_ca_file = sink.ca_file();
  const v1::Invitation sent = DecidedDelivery(options, "smtps");
  EXPECT_EQ(sent.delivery_status(), v1::DELIVERY_STATUS_SENT) << sent.last_delivery_error();
  EXPECT_THAT(sink.WaitFor(1), SizeIs(1));
}

TEST(InvitationDeliveryTest, StartTlsUpgradesAPlainUrlWhenRequired) {
  SmtpSink sink;
  sink.set_tls(SmtpTls::kStartTls);  // Refuses MAIL before STARTTLS.
  ASSERT_TRUE(sink.Start());
  server::ServerOptions options = FastMailOptions(sink.url());
  options.smtp_starttls = true;
  options.smtp_ca_file = sink.ca_file();
  const v1::Invitation sent = DecidedDelivery(options, "starttls");
  EXPECT_EQ(sent.delivery_status(), v1::DELIVERY_STATUS_SENT) << sent.last_delivery_error();
  EXPECT_THAT(sink.WaitFor(1), SizeIs(1));
}

TEST(InvitationDeliveryTest, TlsNeverFallsBackToPlainTextOrAnUntrustedServer) {
  SmtpSink plain;  // Offers no STARTTLS.
  ASSERT_TRUE(plain.Start());
  server::ServerOptions required = FastMailOptions(plain.url());
  required.smtp_starttls = true;
  const v1::Invitation in_clear = DecidedDelivery(required, "noupgrade");
  EXPECT_EQ(in_clear.delivery_status(), v1::DELIVERY_STATUS_FAILED);
  EXPECT_THAT(plain.Texts(), SizeIs(0));

  SmtpSink untrusted;
  untrusted.set_tls(SmtpTls::kImplicit);
  ASSERT_TRUE(untrusted.Start());
  const v1::Invitation unverified = DecidedDelivery(FastMailOptions(untrusted.url()), "untrusted");
  EXPECT_EQ(unverified.delivery_status(), v1::DELIVERY_STATUS_FAILED);
  EXPECT_THAT(unverified.last_delivery_error(), HasSubstr("certificate"));
  EXPECT_THAT(untrusted.Texts(), SizeIs(0));
}

TEST(InvitationDeliveryTest, SmtpDownThenUpDeliversTheEmailOnce) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  SmtpSink sink;  // Not started: nothing listens on its port yet.
  TestServer server(*db, nullptr, FastMailOptions(sink.url()));
  ASSERT_TRUE(server.ok());
  const Network network = MakeNetwork(server.channel(), "down", 1);
  const std::string id = InviteAll(server.channel(), network)[0];

  const v1::Invitation failing =
      WaitUntil(server.channel(), network.client, id,
                [](const v1::Invitation& i) { return i.delivery_attempts() >= 2; });
  EXPECT_EQ(failing.delivery_status(), v1::DELIVERY_STATUS_QUEUED);
  EXPECT_THAT(failing.last_delivery_error(), HasSubstr("SMTP delivery failed"));

  ASSERT_TRUE(sink.Start());
  const v1::Invitation sent = WaitUntil(server.channel(), network.client, id, Sent);
  EXPECT_EQ(sent.delivery_status(), v1::DELIVERY_STATUS_SENT);
  EXPECT_EQ(sent.last_delivery_error(), "");
  EXPECT_THAT(CountsPerSupplier(sink.WaitFor(1), network), ::testing::ElementsAre(1));
  EXPECT_EQ(db->QueryValue("SELECT count(*) FROM email_outbox WHERE message IS NOT NULL"), "0");
}

TEST(InvitationDeliveryTest, AnEmailUndeliveredAtItsLastAttemptIsFailedAndErased) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  SmtpSink sink;  // Never started: every attempt fails.
  server::ServerOptions options = FastMailOptions(sink.url());
  options.email_max_attempts = 3;
  TestServer server(*db, nullptr, options);
  ASSERT_TRUE(server.ok());
  const Network network = MakeNetwork(server.channel(), "gaveup", 1);
  const std::string id = InviteAll(server.channel(), network)[0];

  const v1::Invitation failed = WaitUntil(
      server.channel(), network.client, id,
      [](const v1::Invitation& i) { return i.delivery_status() != v1::DELIVERY_STATUS_QUEUED; });
  EXPECT_EQ(failed.delivery_status(), v1::DELIVERY_STATUS_FAILED);
  EXPECT_EQ(failed.delivery_attempts(), 3);
  EXPECT_THAT(failed.last_delivery_error(), HasSubstr("SMTP delivery failed"));
  EXPECT_EQ(failed.status(), v1::INVITATION_STATUS_PENDING);
  EXPECT_EQ(OutboxStateOf(*db, id), "FAILED, erased");
}

TEST(InvitationDeliveryTest, InvitingAgainPastTheExpiryFailsTheOldQueuedEmail) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  SmtpSink sink;  // Never started: the first email stays queued, being retried.
  FixedClock clock(absl::Now());
  server::ServerOptions options = FastMailOptions(sink.url());
  options.invitation_expiry_interval = absl::Hours(1);  // The sweep stays out of the way.
  TestServer server(*db, &clock, options);
  ASSERT_TRUE(server.ok());
  Network network = MakeNetwork(server.channel(), "reinvite", 1);
  const std::string first = InviteAll(server.channel(), network)[0];

  clock.Advance(absl::Hours(24 * 30));
  auto accounts = server.Accounts();
  network.client.admin_token = LoginToken(*accounts, network.client.admin_username);
  const std::string second = InviteAll(server.channel(), network)[0];
  EXPECT_NE(second, first);
  const v1::Invitation old = GetInvitation(server.channel(), network.client, first);
  EXPECT_EQ(old.status(), v1::INVITATION_STATUS_EXPIRED);
  EXPECT_EQ(old.delivery_status(), v1::DELIVERY_STATUS_FAILED);
  EXPECT_EQ(old.last_delivery_error(), "expired before sending");
  EXPECT_EQ(db->QueryValue(
                absl::StrCat("SELECT state FROM email_outbox WHERE invitation_id = '", first, "'")),
            "CANCELLED");
}

TEST(InvitationDeliveryTest, RevokingBeforeDeliveryCancelsTheEmail) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  SmtpSink sink;  // Not started yet: the email waits in the outbox, being retried.
  TestServer server(*db, nullptr, FastMailOptions(sink.url()));
  ASSERT_TRUE(server.ok());
  const Network network = MakeNetwork(server.channel(), "revoked", 1);
  const std::string id = InviteAll(server.channel(), network)[0];
  ASSERT_EQ(GetInvitation(server.channel(), network.client, id).delivery_status(),
            v1::DELIVERY_STATUS_QUEUED);

  auto invitations = v1::InvitationService::NewStub(server.channel());
  v1::RevokeInvitationRequest request;
  request.set_invitation_id(id);
  v1::RevokeInvitationResponse response;
  ASSERT_TRUE(
      invitations->RevokeInvitation(Ctx(network.client.admin_token).get(), request, &response)
          .ok());
  EXPECT_EQ(response.invitation().delivery_status(), v1::DELIVERY_STATUS_FAILED);
  EXPECT_EQ(response.invitation().last_delivery_error(), "revoked before sending");
  EXPECT_EQ(OutboxStateOf(*db, id), "CANCELLED, erased");
}

TEST(InvitationDeliveryTest, KilledBetweenCommitAndDeliveryTheEmailArrivesOnceAfterRestart) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  SmtpSink sink;
  const Network network = [&] {
    ServerProcess first(FastMailFlags(*db, sink.url()));
    EXPECT_GT(first.port(), 0) << first.Log();
    auto channel = grpc::CreateChannel(first.address(), grpc::InsecureChannelCredentials());
    Network made = MakeNetwork(channel, "kill", 3);
    InviteAll(channel, made);
    // Committed, not delivered (the SMTP server is down): now the process dies.
    first.Signal(SIGKILL);
    first.Wait();
    return made;
  }();
  EXPECT_EQ(db->QueryValue("SELECT count(*) FROM email_outbox WHERE state = 'PENDING'"), "3");

  ASSERT_TRUE(sink.Start());
  ServerProcess second(FastMailFlags(*db, sink.url()));
  ASSERT_GT(second.port(), 0) << second.Log();
  EXPECT_THAT(CountsPerSupplier(sink.WaitFor(3), network), ::testing::ElementsAre(1, 1, 1));
  auto channel = grpc::CreateChannel(second.address(), grpc::InsecureChannelCredentials());
  // Let the sender record the last delivery, then stop the server gracefully.
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (db->QueryValue("SELECT count(*) FROM email_outbox WHERE state = 'SENT'") != "3" &&
         absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  second.Signal(SIGTERM);
  const int exit_status = second.Wait();
  EXPECT_TRUE(WIFEXITED(exit_status) && WEXITSTATUS(exit_status) == 0) << second.Log();
  EXPECT_EQ(db->QueryValue("SELECT count(*) FROM invitations WHERE delivery_status = 'SENT'"), "3");
  EXPECT_THAT(CountsPerSupplier(sink.Texts(), network), ::testing::ElementsAre(1, 1, 1));
}

// What the sink received after a delivery run was killed and resumed, counted by Message-ID.
struct KilledRun {
  size_t queued = 0;
  size_t before_kill = 0;  // Messages the sink had received when the server was killed.
  size_t distinct = 0;     // Distinct Message-IDs received in the end.
  size_t twice = 0;        // Messages beyond the first of their Message-ID.
};

// Queues `count` invitation emails through a server process, SIGKILLs it in the middle of
// its delivery run, restarts it and waits until every email is SENT. With `in_flight`, the
// kill lands while the sink holds the reply to one message it has already stored: the
// outbox's worst case, delivered to the receiver and not yet recorded as sent.
KilledRun KillMidDeliveryRun(const std::string& tag, int count, bool in_flight) {
  KilledRun run;
  auto db = TestDatabase::Create();
  EXPECT_NE(db, nullptr);
  if (db == nullptr) return run;
  SmtpSink sink(FreePort(), "", in_flight ? absl::StrCat("p", count / 2, "-", tag, "@") : "");
  sink.set_store_before_hold(true);
  EXPECT_TRUE(sink.Start());
  {
    ServerProcess first(FastMailFlags(*db, sink.url()));
    EXPECT_GT(first.port(), 0) << first.Log();
    auto channel = grpc::CreateChannel(first.address(), grpc::InsecureChannelCredentials());
    const Network network = MakeNetwork(channel, tag, count);
    run.queued = InviteAll(channel, network).size();
    if (in_flight) {
      EXPECT_TRUE(sink.WaitUntilHolding());
    } else {
      sink.WaitFor(count / 3);
    }
    first.Signal(SIGKILL);
    first.Wait();
    run.before_kill = sink.Texts().size();
  }
  sink.Release();
  ServerProcess second(FastMailFlags(*db, sink.url()));
  EXPECT_GT(second.port(), 0) << second.Log();
  const std::string all = std::to_string(count);
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (db->QueryValue("SELECT count(*) FROM email_outbox WHERE state = 'SENT'") != all &&
         absl::Now() < give_up) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(db->QueryValue("SELECT count(*) FROM invitations WHERE delivery_status = 'SENT'"), all);
  const std::vector<std::string> ids = sink.MessageIds();
  const std::set<std::string> distinct(ids.begin(), ids.end());
  EXPECT_EQ(distinct.count(""), 0U) << "a message without a Message-ID";
  run.distinct = distinct.size();
  run.twice = ids.size() - distinct.size();
  return run;
}

void Print(const char* what, const KilledRun& run) {
  std::printf(
      "outbox killed %s: %zu emails queued, %zu received before the kill; after the restart "
      "%zu distinct Message-IDs received, missing %zu, received twice %zu\n",
      what, run.queued, run.before_kill, run.distinct, run.queued - run.distinct, run.twice);
}

TEST(InvitationDeliveryTest, KilledMidDeliveryRunEveryEmailArrivesAndNoneTwice) {
  constexpr int kEmails = 60;
  const KilledRun run = KillMidDeliveryRun("midrun", kEmails, /*in_flight=*/false);
  Print("mid-run", run);
  EXPECT_GT(run.before_kill, 0U);
  EXPECT_LT(run.before_kill, static_cast<size_t>(kEmails)) << "the kill came after the run";
  EXPECT_EQ(run.distinct, static_cast<size_t>(kEmails));
  // Twice only if the kill fell between the sink's reply and the commit (microseconds).
  EXPECT_LE(run.twice, 1U);
}

TEST(InvitationDeliveryTest, KilledWithAnEmailAcceptedButUnrecordedItArrivesTwiceWithOneId) {
  constexpr int kEmails = 20;
  const KilledRun run = KillMidDeliveryRun("inflight", kEmails, /*in_flight=*/true);
  Print("with one email in flight", run);
  EXPECT_EQ(run.distinct, static_cast<size_t>(kEmails)) << "an email was lost";
  // SMTP cannot make this window atomic: the one email in it is sent again, with the same
  // Message-ID, so a receiver can drop the copy. Nothing else is sent twice.
  EXPECT_EQ(run.twice, 1U);
}

TEST(InvitationDeliveryTest, TwoServersDrainingOneOutboxSendEachEmailOnce) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  SmtpSink sink;
  TestServer a(*db, nullptr, FastMailOptions(sink.url()));
  TestServer b(*db, nullptr, FastMailOptions(sink.url()));
  ASSERT_TRUE(a.ok() && b.ok());
  constexpr int kSuppliers = 20;
  const Network network = MakeNetwork(a.channel(), "two", kSuppliers);
  const std::vector<std::string> ids = InviteAll(a.channel(), network);
  ASSERT_THAT(ids, SizeIs(kSuppliers));
  // Both senders are retrying against the closed port when the SMTP server comes up.
  ASSERT_TRUE(sink.Start());
  for (const std::string& id : ids) {
    EXPECT_TRUE(Sent(WaitUntil(b.channel(), network.client, id, Sent))) << id;
  }
  EXPECT_THAT(CountsPerSupplier(sink.Texts(), network), ::testing::Each(::testing::Eq(1)));
  EXPECT_THAT(sink.Texts(), SizeIs(kSuppliers));
}

TEST(InvitationDeliveryTest, WithoutSmtpEmailsAreWrittenAsEmlFiles) {
  auto db = TestDatabase::Create();
  ASSERT_NE(db, nullptr);
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("supplynet-mail-" + db->name());
  server::ServerOptions options = FastMailOptions("");
  options.mail_dir = dir.string();
  options.mail_from = "facturacion@cadena-andina.example";
  TestServer server(*db, nullptr, options);
  ASSERT_TRUE(server.ok());
  const Network network = MakeNetwork(server.channel(), "files", 1);
  const std::string id = InviteAll(server.channel(), network)[0];
  const v1::Invitation sent = WaitUntil(server.channel(), network.client, id, Sent);
  ASSERT_EQ(sent.delivery_status(), v1::DELIVERY_STATUS_SENT);
  const std::string outbox_id = db->QueryValue(
      absl::StrCat("SELECT outbox_id FROM email_outbox WHERE invitation_id = '", id, "'"));
  std::ifstream file(dir / (outbox_id + ".eml"));
  std::stringstream eml;
  eml << file.rdbuf();
  EXPECT_THAT(eml.str(), HasSubstr("To: " + network.suppliers[0].email()));
  EXPECT_THAT(eml.str(), HasSubstr("Content-Type: text/html"));
  EXPECT_THAT(eml.str(), HasSubstr("From: supplynet <facturacion@cadena-andina.example>"));
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace supplynet::testing
