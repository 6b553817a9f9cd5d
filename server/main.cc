// supplynet-server: flags, then the server, then wait for SIGTERM/SIGINT.
#include <malloc.h>

#include <algorithm>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/synchronization/mutex.h"
#include "server/supplynet_server.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:50051", "gRPC listen address (host:port)");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain: serve gRPC over TLS (default: plaintext, for loopback or a "
          "TLS-terminating proxy)");
ABSL_FLAG(std::string, tls_key_file, "", "PEM private key of --tls_cert_file");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM certificate authorities: with it, every client must present a certificate they "
          "signed (mutual TLS)");
ABSL_FLAG(std::string, database_url, "",
          "PostgreSQL URL of the primary (writes, Gets, authentication, LISTEN); with several "
          "hosts add target_session_attrs=read-write; default: the SUPPLYNET_DATABASE_URL "
          "environment variable");
ABSL_FLAG(std::string, read_database_url, "",
          "PostgreSQL URL for the reads that tolerate lag (lists, ExportDocumentReport, a "
          "watch's catch-up), e.g. hot standbys with target_session_attrs=prefer-standby; "
          "default: the SUPPLYNET_READ_DATABASE_URL environment variable, else those reads "
          "share the --database_url pool");
ABSL_FLAG(
    bool, mutex_deadlock_detection, false,
    "Keep Abseil's lock-order graph on every mutex (gRPC's too): a debugging aid that "
    "Debian's Abseil enables by default and that cost a third of a call's CPU (bench/README.md)");
ABSL_FLAG(int, pool_size, 8, "Database connections in the pool of --database_url");
ABSL_FLAG(int, read_pool_size, 8,
          "Database connections in the pool of --read_database_url (unused without it)");
ABSL_FLAG(absl::Duration, pool_acquire_timeout, absl::Seconds(5),
          "How long a call waits for a free database connection");
ABSL_FLAG(std::string, metrics_listen, "127.0.0.1:9464",
          "Prometheus /metrics address (host:port); empty disables it");
ABSL_FLAG(absl::Duration, metrics_db_interval, absl::Seconds(5),
          "How often the metrics read from the database (outbox backlog, replication lag of the "
          "read database) are sampled");
ABSL_FLAG(absl::Duration, session_ttl, absl::Hours(12), "Lifetime of a login token");
ABSL_FLAG(absl::Duration, auth_cache_ttl, absl::Seconds(10),
          "How long a replica may serve a token's principal from memory (0: read it every call); "
          "logout, revoked keys and user changes reach every replica at once through NOTIFY");
ABSL_FLAG(int, auth_cache_size, 10000, "Tokens a replica keeps in its authentication cache");
ABSL_FLAG(int, max_message_bytes, 4 << 20, "Largest request message accepted");
ABSL_FLAG(int, stream_window_bytes, 4 << 20,
          "Bytes a client may send on one stream before the server reads them (HTTP/2 window)");
ABSL_FLAG(int, import_batch_rows, 5000,
          "ImportSuppliers rows per write batch (one COPY and one merge statement each)");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "How long in-flight calls may run after SIGTERM");
ABSL_FLAG(std::string, ingestion_company, "",
          "Tax ID (\"CO:900123456\") of the platform company whose ROLE_ADMIN service accounts may "
          "sync any document from the tax authorities; empty: none");
ABSL_FLAG(int, password_hash_concurrency, 0,
          "Password hashes and checks run at once (64 MiB each at interactive cost); others wait. "
          "0: one per core");
ABSL_FLAG(std::string, password_hash_cost, "interactive",
          "Argon2id cost of new password hashes: interactive, moderate, or minimum (tests only)");
ABSL_FLAG(absl::Duration, invitation_code_ttl, absl::Hours(24 * 30),
          "How long an activation code works after it is (re)sent");
ABSL_FLAG(absl::Duration, invitation_expiry_interval, absl::Minutes(1),
          "How often invitations past their expiry are stored EXPIRED (their suppliers become "
          "NOT_INVITED again)");
ABSL_FLAG(int, login_max_failures, 5,
          "Failed logins of one username within --login_lockout that lock it");
ABSL_FLAG(int, login_address_max_failures, 50,
          "Failed logins from one source address within --login_lockout that lock it");
ABSL_FLAG(absl::Duration, login_lockout, absl::Minutes(15),
          "The window of the login failure counts, and how long a lock then lasts");
ABSL_FLAG(std::vector<std::string>, trusted_proxies, {},
          "Comma-separated addresses or address/prefix ranges of proxies (the REST gateway, a "
          "load balancer) whose x-forwarded-for header names a login's source address for the "
          "per-address limit; others' is ignored");
ABSL_FLAG(int, activation_max_failures, 5,
          "Wrong activation codes per (company, client) within --activation_lockout that lock");
ABSL_FLAG(absl::Duration, activation_lockout, absl::Minutes(15),
          "The window of --activation_max_failures, and how long the lock then lasts");
ABSL_FLAG(absl::Duration, retention_sweep_interval, absl::Minutes(10),
          "How often expired sessions, login and activation lockout rows past their window and "
          "request ids past --request_id_retention are deleted");
ABSL_FLAG(absl::Duration, request_id_retention, absl::Hours(7 * 24),
          "How long a retry with the same request_id gets the first call's result; the sweep "
          "then deletes it (at least 24h, as the API promises)");
ABSL_FLAG(absl::Duration, request_log_flush, absl::Seconds(1),
          "How long a request log line (stderr) may wait for others to share its write; 0s "
          "writes every line at once");
ABSL_FLAG(std::string, smtp_url, "",
          "SMTP server for invitation emails: smtp://host:port, or smtps://host:port for TLS; "
          "user:password@ may precede the host. Empty: write .eml files to --mail_dir");
ABSL_FLAG(bool, smtp_starttls, false, "With an smtp:// URL, require STARTTLS");
ABSL_FLAG(std::string, smtp_ca_file, "",
          "PEM file of the certificate authorities trusted for SMTP over TLS (default: the "
          "system's)");
ABSL_FLAG(std::string, mail_dir, "var/mail",
          "Without --smtp_url, emails are written here as <id>.eml files");
ABSL_FLAG(std::string, mail_from, "no-reply@supplynet.invalid", "Sender address of emails");
ABSL_FLAG(absl::Duration, outbox_poll_interval, absl::Seconds(2),
          "How often the email sender looks for due emails when not woken");
ABSL_FLAG(absl::Duration, email_retry_initial, absl::Seconds(30),
          "Delay after a failed delivery attempt (doubling per attempt)");
ABSL_FLAG(absl::Duration, email_retry_max, absl::Minutes(30),
          "Longest delay between delivery attempts");
ABSL_FLAG(int, email_max_attempts, 10, "Delivery attempts before an email is FAILED");

namespace {

supplynet::server::ServerOptions OptionsFromFlags() {
  supplynet::server::ServerOptions options;
  options.listen = absl::GetFlag(FLAGS_listen);
  options.tls = {absl::GetFlag(FLAGS_tls_cert_file), absl::GetFlag(FLAGS_tls_key_file),
                 absl::GetFlag(FLAGS_tls_client_ca_file)};
  options.database_url = absl::GetFlag(FLAGS_database_url);
  if (options.database_url.empty()) {
    if (const char* env = std::getenv("SUPPLYNET_DATABASE_URL")) options.database_url = env;
  }
  options.pool_size = absl::GetFlag(FLAGS_pool_size);
  options.read_database_url = absl::GetFlag(FLAGS_read_database_url);
  if (options.read_database_url.empty()) {
    if (const char* env = std::getenv("SUPPLYNET_READ_DATABASE_URL")) {
      options.read_database_url = env;
    }
  }
  options.read_pool_size = absl::GetFlag(FLAGS_read_pool_size);
  options.pool_acquire_timeout = absl::GetFlag(FLAGS_pool_acquire_timeout);
  options.metrics_listen = absl::GetFlag(FLAGS_metrics_listen);
  options.metrics_db_interval = absl::GetFlag(FLAGS_metrics_db_interval);
  options.session_ttl = absl::GetFlag(FLAGS_session_ttl);
  options.principal_cache.ttl = absl::GetFlag(FLAGS_auth_cache_ttl);
  options.principal_cache.capacity =
      static_cast<size_t>(std::max(0, absl::GetFlag(FLAGS_auth_cache_size)));
  options.max_message_bytes = absl::GetFlag(FLAGS_max_message_bytes);
  options.stream_window_bytes = std::max(1 << 16, absl::GetFlag(FLAGS_stream_window_bytes));
  options.shutdown_grace = absl::GetFlag(FLAGS_shutdown_grace);
  options.import_batch_rows =
      static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_import_batch_rows)));
  options.ingestion_company = absl::GetFlag(FLAGS_ingestion_company);
  options.invitation_code_ttl = absl::GetFlag(FLAGS_invitation_code_ttl);
  options.invitation_expiry_interval = absl::GetFlag(FLAGS_invitation_expiry_interval);
  const absl::Duration login_lockout = absl::GetFlag(FLAGS_login_lockout);
  options.login_throttle = {
      {absl::GetFlag(FLAGS_login_max_failures), login_lockout, login_lockout},
      {absl::GetFlag(FLAGS_login_address_max_failures), login_lockout, login_lockout}};
  options.activation_max_failures = absl::GetFlag(FLAGS_activation_max_failures);
  options.activation_lockout = absl::GetFlag(FLAGS_activation_lockout);
  options.retention_sweep_interval = absl::GetFlag(FLAGS_retention_sweep_interval);
  options.request_id_retention = absl::GetFlag(FLAGS_request_id_retention);
  options.request_log_flush = absl::GetFlag(FLAGS_request_log_flush);
  options.trusted_proxies = absl::GetFlag(FLAGS_trusted_proxies);
  options.smtp_url = absl::GetFlag(FLAGS_smtp_url);
  options.smtp_starttls = absl::GetFlag(FLAGS_smtp_starttls);
  options.smtp_ca_file = absl::GetFlag(FLAGS_smtp_ca_file);
  options.mail_dir = absl::GetFlag(FLAGS_mail_dir);
  options.mail_from = absl::GetFlag(FLAGS_mail_from);
  options.outbox_poll_interval = absl::GetFlag(FLAGS_outbox_poll_interval);
  options.email_retry_initial = absl::GetFlag(FLAGS_email_retry_initial);
  options.email_retry_max = absl::GetFlag(FLAGS_email_retry_max);
  options.email_max_attempts = absl::GetFlag(FLAGS_email_max_attempts);
  return options;
}

// Two malloc arenas unless MALLOC_ARENA_MAX says otherwise. glibc gives each thread that
// allocates under contention an arena of its own, up to 8 per core, and each keeps what its
// thread freed: gRPC's threads, the pool's and the ingests' writers left a 1,000,000-document
// sync at 62 to 68 MiB of RSS, 35 to 40 MiB with two arenas, at the same speed (bench/README.md).
void LimitMallocArenas() {
  if (std::getenv("MALLOC_ARENA_MAX") == nullptr) mallopt(M_ARENA_MAX, 2);
}

// Blocks the stop signals in every thread, so that one dedicated thread can wait for them.
sigset_t BlockStopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  return signals;
}

}  // namespace

int main(int argc, char** argv) {
  LimitMallocArenas();  // Before any thread starts.
  absl::SetProgramUsageMessage("The supplynet gRPC server.");
  absl::ParseCommandLine(argc, argv);
  if (!absl::GetFlag(FLAGS_mutex_deadlock_detection)) {
    absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  }
  const sigset_t stop_signals = BlockStopSignals();
  supplynet::server::ServerOptions options = OptionsFromFlags();
  const auto cost =
      supplynet::PasswordHasher::CostFromName(absl::GetFlag(FLAGS_password_hash_cost));
  if (!cost.has_value()) {
    std::cerr
        << "supplynet-server: --password_hash_cost must be interactive, moderate or minimum\n";
    return 2;
  }
  options.password_cost = *cost;
  options.password_hash_concurrency = absl::GetFlag(FLAGS_password_hash_concurrency);
  if (options.database_url.empty()) {
    std::cerr << "supplynet-server: --database_url or SUPPLYNET_DATABASE_URL is required\n";
    return 2;
  }
  auto server = supplynet::server::SupplynetServer::Start(options);
  if (!server.ok()) {
    std::cerr << "supplynet-server: " << server.status() << std::endl;
    return 1;
  }
  std::cerr << "{\"event\":\"serving\",\"port\":" << (*server)->port()
            << ",\"metrics_port\":" << (*server)->metrics_port() << "}" << std::endl;

  std::thread stopper([&] {
    int signal = 0;
    sigwait(&stop_signals, &signal);
    std::cerr << "{\"event\":\"stopping\",\"signal\":" << signal << "}" << std::endl;
    (*server)->Shutdown();
  });
  (*server)->Wait();
  stopper.join();
  std::cerr << "{\"event\":\"stopped\"}" << std::endl;
  return 0;
}
