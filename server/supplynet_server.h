// The assembled server: database pool and migrations, use cases, gRPC services, health,
// reflection and metrics. main() and the integration tests both start it through here.
#pragma once

#include <grpcpp/server.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/account_service.h"
#include "app/database_gauges.h"
#include "app/document_service.h"
#include "app/document_sync.h"
#include "app/imported_supplier_inviter.h"
#include "app/invitation_activation.h"
#include "app/invitation_expiry.h"
#include "app/invitation_service.h"
#include "app/outbox_sender.h"
#include "app/principal_cache.h"
#include "app/retention_sweep.h"
#include "app/supplier_import_service.h"
#include "app/supplier_service.h"
#include "app/workflow_service.h"
#include "domain/clock.h"
#include "mail/mail_transport.h"
#include "server/account_handler.h"
#include "server/client_address.h"
#include "server/document_handler.h"
#include "server/health_monitor.h"
#include "server/invitation_handler.h"
#include "server/metrics.h"
#include "server/request_log.h"
#include "server/server_credentials.h"
#include "server/supplier_network_handler.h"
#include "storage/database.h"
#include "storage/notification_listener.h"
#include "supplynet/v1/document_status.grpc.pb.h"
#include "supplynet/v1/invitation.grpc.pb.h"

namespace supplynet::server {

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";
  TlsFiles tls;              // Plaintext unless tls.cert_file is set.
  std::string database_url;  // The primary: every write, every Get, authentication, LISTEN.
  int pool_size = 8;
  // The reads that tolerate lag (lists, the report, a watch's catch-up), e.g. a hot standby.
  // Empty: they share the primary's pool.
  std::string read_database_url;
  int read_pool_size = 8;                                  // With read_database_url only.
  absl::Duration pool_acquire_timeout = absl::Seconds(5);  // Either pool.
  std::string metrics_listen = "127.0.0.1:9464";           // Empty: no metrics endpoint.
  // How often the metrics that only the database knows (outbox backlog, replication lag) are
  // sampled.
  absl::Duration metrics_db_interval = absl::Seconds(5);
  absl::Duration session_ttl = absl::Hours(12);
  PrincipalCacheOptions principal_cache;  // A ttl of zero: every call reads its token's row.
  PasswordHasher::Cost password_cost = PasswordHasher::Cost::kInteractive;
  int password_hash_concurrency = 0;   // Hashes at once (64 MiB each); 0: one per core.
  LoginThrottlePolicy login_throttle;  // Failed logins per username and per source address.
  // Proxies (addresses, address/prefix) whose x-forwarded-for names the source address of a
  // login (server/client_address.h): the REST gateway's address, a load balancer's.
  std::vector<std::string> trusted_proxies;
  int max_message_bytes = 4 << 20;  // Larger requests are refused (RESOURCE_EXHAUSTED).
  // What a client may send on one stream before the server has read it (HTTP/2's window),
  // fixed: gRPC's BDP probe otherwise grows it to 16 MiB per stream over a long upload, and
  // the server buffers that much of every import or sync that outruns its database.
  int stream_window_bytes = 4 << 20;
  // How long a request log line may wait in memory for others to share its write; zero: every
  // line is written at once (server/request_log.h).
  absl::Duration request_log_flush = absl::Seconds(1);
  absl::Duration health_interval = absl::Seconds(1);
  absl::Duration shutdown_grace = absl::Seconds(10);
  size_t import_batch_rows = kDefaultImportBatchRows;  // Rows per ImportSuppliers write batch.
  // "CC:taxid" of the platform's ingestion company (app/document_sync.h); empty: none.
  std::string ingestion_company;
  absl::Duration watch_heartbeat = absl::Seconds(30);  // WatchDocumentEvents after silence.
  // Invitations and their email.
  absl::Duration invitation_code_ttl = absl::Hours(24 * 30);
  // How often expired invitations are stored EXPIRED (their suppliers NOT_INVITED again).
  absl::Duration invitation_expiry_interval = absl::Minutes(1);
  int activation_max_failures = 5;
  absl::Duration activation_lockout = absl::Minutes(15);  // The window and the lock.
  // How often expired sessions, stale lockout rows and old request ids are deleted
  // (app/retention_sweep.h).
  absl::Duration retention_sweep_interval = absl::Minutes(10);
  // How long a request id's first result answers its retries before the sweep deletes it.
  absl::Duration request_id_retention = absl::Hours(7 * 24);
  std::string smtp_url;        // Deliver over SMTP when set...
  bool smtp_starttls = false;  // ...upgrading smtp:// with STARTTLS (required) when true.
  std::string smtp_ca_file;    // CAs trusted for TLS; empty: the system's.
  std::string mail_dir;        // ...else write .eml files here; both empty: emails stay queued.
  std::string mail_from = "no-reply@supplynet.invalid";
  absl::Duration outbox_poll_interval = absl::Seconds(2);
  absl::Duration email_retry_initial = absl::Seconds(30);
  absl::Duration email_retry_max = absl::Minutes(30);
  int email_max_attempts = 10;
};

class SupplynetServer {
 public:
  // Connects, migrates and starts serving. `clock` must outlive the server (null: real time).
  static absl::StatusOr<std::unique_ptr<SupplynetServer>> Start(const ServerOptions& options,
                                                                const Clock* clock = nullptr);
  ~SupplynetServer();

  int port() const { return port_; }
  // Tokens this replica serves from memory now (0 without a cache).
  size_t cached_principals() const {
    return principal_cache_ != nullptr ? principal_cache_->size() : 0;
  }
  int metrics_port() const { return metrics_->port(); }
  // Stops accepting calls, lets in-flight calls finish (up to the grace period), lets the
  // outbox sender finish its current email, then closes the database pool. Safe to call more
  // than once.
  void Shutdown();
  // Blocks until the server has shut down.
  void Wait();

 private:
  explicit SupplynetServer(const ServerOptions& options, const Clock* clock);
  // The invitation use cases and their handler, the expiry sweep and, when mail is
  // configured, the outbox sender.
  absl::Status StartInvitations();
  // The mail transport the options name, and the outbox sender over it; none without one.
  void StartMailDelivery();
  // The token cache, kept right by the database's credential-change notifications.
  void StartPrincipalCache();
  // Deletes expired sessions and stale lockout rows in the background.
  void StartRetentionSweep();
  // The database of lag-tolerant reads: the read standby's, or the primary's without one.
  storage::Database& read_db() { return read_db_ != nullptr ? *read_db_ : db_; }
  // Serves /metrics, when the options ask for it, once every part it reads exists.
  absl::Status ServeMetrics();

  const ServerOptions options_;
  RealClock real_clock_;
  const Clock& clock_;
  storage::Database db_;
  std::unique_ptr<storage::Database> read_db_;  // Null without options.read_database_url.
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<RequestLog> request_log_;  // Outlives the handlers, which write to it.
  std::unique_ptr<DatabaseGauges> database_gauges_;
  std::unique_ptr<PrincipalCache> principal_cache_;
  std::unique_ptr<storage::NotificationListener> credential_listener_;
  std::unique_ptr<AccountService> accounts_;
  CallDeps deps_{};
  std::unique_ptr<AccountHandler> account_handler_;
  std::unique_ptr<mail::MailTransport> mail_transport_;  // Null: no sender runs.
  std::unique_ptr<OutboxSender> outbox_;
  std::unique_ptr<InvitationExpiry> invitation_expiry_;
  std::unique_ptr<RetentionSweep> retention_sweep_;
  TrustedProxies trusted_proxies_;
  std::unique_ptr<InvitationService> invitations_;
  std::unique_ptr<InvitationActivation> activation_;
  std::unique_ptr<InvitationHandler> invitation_handler_;
  // Before imports_, which invites through it.
  std::unique_ptr<ImportedSupplierInviter> import_inviter_;
  std::unique_ptr<SupplierService> suppliers_;
  std::unique_ptr<SupplierImportService> imports_;
  std::unique_ptr<SupplierNetworkHandler> supplier_handler_;
  std::unique_ptr<SyncService> document_sync_;
  std::unique_ptr<DocumentService> documents_;
  std::unique_ptr<WorkflowService> workflows_;
  std::unique_ptr<DocumentReport> reports_;
  std::unique_ptr<DocumentEventHub> event_hub_;
  std::unique_ptr<storage::NotificationListener> event_listener_;
  std::unique_ptr<DocumentWatch> watch_;
  std::unique_ptr<DocumentHandler> document_handler_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<HealthMonitor> health_;
  int port_ = 0;
  std::mutex shutdown_mu_;
  bool shut_down_ = false;
};

}  // namespace supplynet::server
