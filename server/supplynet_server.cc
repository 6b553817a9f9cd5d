#include "server/supplynet_server.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <unistd.h>

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "domain/account_rules.h"
#include "domain/secrets.h"
#include "mail/file_transport.h"
#include "mail/smtp_transport.h"
#include "server/document_convert.h"
#include "server/invitation_convert.h"
#include "server/supplier_convert.h"
#include "server/supplier_import_convert.h"
#include "storage/migrator.h"

namespace supplynet::server {
namespace {

// "CC:taxid" -> the platform's ingestion company; empty -> none.
absl::StatusOr<IngestionPolicy> IngestionPolicyOf(const std::string& flag) {
  IngestionPolicy policy;
  if (flag.empty()) return policy;
  const std::vector<std::string> parts = absl::StrSplit(flag, absl::MaxSplits(':', 1));
  const std::optional<Country> country = CountryFromCode(parts[0]);
  if (parts.size() != 2 || !country.has_value()) {
    return absl::InvalidArgumentError("--ingestion_company must look like CO:900123456");
  }
  absl::StatusOr<TaxId> id =
      ParseTaxId(*country, TaxIdType::kUnspecified, parts[1], "--ingestion_company");
  if (!id.ok()) return id.status();
  policy.platform_company = *id;
  return policy;
}

}  // namespace

SupplynetServer::SupplynetServer(const ServerOptions& options, const Clock* clock)
    : options_(options),
      clock_(clock != nullptr ? *clock : real_clock_),
      db_(storage::PoolOptions{options.database_url, options.pool_size,
                               options.pool_acquire_timeout}) {
  // Without a read URL the lag-tolerant reads share the primary's pool rather than open a
  // second one to the same server: no more connections per replica than before, and nothing
  // for them to gain from a pool of their own.
  if (!options.read_database_url.empty()) {
    read_db_ = std::make_unique<storage::Database>(storage::PoolOptions{
        options.read_database_url, options.read_pool_size, options.pool_acquire_timeout});
  }
}

absl::StatusOr<std::unique_ptr<SupplynetServer>> SupplynetServer::Start(
    const ServerOptions& options, const Clock* clock) {
  if (!InitSecrets()) return absl::InternalError("libsodium failed to initialise");
  // Before anything else, so that a wrong TLS flag fails the start at once.
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials =
      ServerCredentialsFor(options.tls);
  if (!credentials.ok()) return credentials.status();
  absl::StatusOr<TrustedProxies> trusted_proxies = TrustedProxies::Parse(options.trusted_proxies);
  if (!trusted_proxies.ok()) return trusted_proxies.status();
  std::unique_ptr<SupplynetServer> s(new SupplynetServer(options, clock));
  s->trusted_proxies_ = *std::move(trusted_proxies);
  if (absl::Status migrated = storage::ApplyMigrations(s->db_.pool()); !migrated.ok()) {
    return migrated;
  }
  s->metrics_ = std::make_unique<Metrics>();
  s->StartPrincipalCache();
  s->accounts_ = std::make_unique<AccountService>(
      s->db_, s->clock_,
      AccountSettings{options.session_ttl, options.password_cost, options.login_throttle,
                      options.password_hash_concurrency},
      s->principal_cache_.get());
  s->StartRetentionSweep();
  s->request_log_ = std::make_unique<RequestLog>(STDERR_FILENO, options.request_log_flush);
  s->deps_ = CallDeps{s->accounts_.get(), s->metrics_.get(), s->request_log_.get()};
  s->account_handler_ =
      std::make_unique<AccountHandler>(*s->accounts_, s->trusted_proxies_, s->deps_);
  s->suppliers_ =
      std::make_unique<SupplierService>(s->db_, s->read_db(), s->clock_, SupplierReplayCodec());
  if (absl::Status invitations = s->StartInvitations(); !invitations.ok()) return invitations;
  // Notify = 1 rows are invited in the import's own transaction.
  s->imports_ =
      std::make_unique<SupplierImportService>(s->db_, s->clock_, ImportReportReplayCodec(),
                                              options.import_batch_rows, s->import_inviter_.get());
  s->supplier_handler_ =
      std::make_unique<SupplierNetworkHandler>(*s->suppliers_, *s->imports_, s->deps_);
  absl::StatusOr<IngestionPolicy> ingestion = IngestionPolicyOf(options.ingestion_company);
  if (!ingestion.ok()) return ingestion.status();
  s->document_sync_ = std::make_unique<SyncService>(s->db_, s->clock_, *std::move(ingestion));
  s->documents_ =
      std::make_unique<DocumentService>(s->db_, s->read_db(), s->clock_, DocumentReplayCodecs());
  s->workflows_ = std::make_unique<WorkflowService>(s->db_, s->clock_);
  // The report only reads, and tolerates lag: all of it comes from the read database.
  s->reports_ = std::make_unique<DocumentReport>(s->read_db(), s->clock_);
  absl::StatusOr<std::unique_ptr<DocumentEventHub>> hub_or = DocumentEventHub::Create(s->db_);
  if (!hub_or.ok()) return hub_or.status();
  s->event_hub_ = *std::move(hub_or);
  DocumentEventHub* hub = s->event_hub_.get();
  s->event_listener_ = std::make_unique<storage::NotificationListener>(
      options.database_url, "sn_document_events",
      [hub](const std::vector<std::string>& payloads) { hub->OnNotifications(payloads); },
      [hub] { hub->OnListening(); });
  s->watch_ = std::make_unique<DocumentWatch>(s->db_, s->read_db(), *hub, options.watch_heartbeat);
  s->document_handler_ = std::make_unique<DocumentHandler>(
      DocumentUseCases{s->document_sync_.get(), s->documents_.get(), s->workflows_.get(),
                       s->reports_.get(), s->watch_.get()},
      s->deps_);

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen, *credentials, &s->port_);
  // gRPC binds with SO_REUSEPORT by default on Linux: a second server started on a port another
  // still serves (an old one draining, a double start) would bind too and silently take a share
  // of its connections. It fails to start instead.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_BDP_PROBE, 0);
  builder.AddChannelArgument(GRPC_ARG_HTTP2_STREAM_LOOKAHEAD_BYTES, options.stream_window_bytes);
  builder.RegisterService(s->account_handler_.get());
  builder.RegisterService(s->supplier_handler_.get());
  builder.RegisterService(s->invitation_handler_.get());
  builder.RegisterService(s->document_handler_.get());
  s->server_ = builder.BuildAndStart();
  if (s->server_ == nullptr || s->port_ == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", options.listen));
  }
  s->health_ = std::make_unique<HealthMonitor>(s->db_, s->server_->GetHealthCheckService(),
                                               options.health_interval);
  if (absl::Status serving = s->ServeMetrics(); !serving.ok()) return serving;
  return s;
}

absl::Status SupplynetServer::ServeMetrics() {
  if (options_.metrics_listen.empty()) return absl::OkStatus();
  database_gauges_ = std::make_unique<DatabaseGauges>(read_db(), options_.metrics_db_interval);
  database_gauges_->Start();
  MetricSources sources;
  sources.write_pool = &db_.pool();
  sources.read_pool = read_db_ != nullptr ? &read_db_->pool() : nullptr;
  sources.listeners.push_back(event_listener_.get());
  if (credential_listener_ != nullptr) sources.listeners.push_back(credential_listener_.get());
  sources.event_hub = event_hub_.get();
  sources.outbox = outbox_.get();
  sources.database_gauges = database_gauges_.get();
  return metrics_->Serve(options_.metrics_listen, std::move(sources));
}

void SupplynetServer::StartPrincipalCache() {
  if (options_.principal_cache.ttl <= absl::ZeroDuration()) return;
  principal_cache_ = std::make_unique<PrincipalCache>(options_.principal_cache);
  PrincipalCache* cache = principal_cache_.get();
  // The cache serves nothing until the LISTEN is in place, and stops when it is lost: a change
  // committed meanwhile would go unseen.
  credential_listener_ = std::make_unique<storage::NotificationListener>(
      options_.database_url, "sn_credential_changes",
      [cache](const std::vector<std::string>& company_ids) {
        for (const std::string& company_id : company_ids) cache->InvalidateCompany(company_id);
      },
      [cache] { cache->InvalidateAll(/*live=*/true); },
      [cache] { cache->InvalidateAll(/*live=*/false); });
}

void SupplynetServer::StartRetentionSweep() {
  const ServerOptions& o = options_;
  RetentionSettings settings;
  settings.interval = o.retention_sweep_interval;
  settings.login_window =
      std::max(o.login_throttle.per_username.window, o.login_throttle.per_address.window);
  settings.activation_window = o.activation_lockout;
  settings.request_id_retention = o.request_id_retention;
  retention_sweep_ = std::make_unique<RetentionSweep>(db_, clock_, settings);
  retention_sweep_->Start();
}

absl::Status SupplynetServer::StartInvitations() {
  const ServerOptions& o = options_;
  if (absl::Status from = CheckEmail(o.mail_from, "mail_from"); !from.ok()) return from;
  StartMailDelivery();
  invitation_expiry_ =
      std::make_unique<InvitationExpiry>(db_, clock_, o.invitation_expiry_interval);
  invitation_expiry_->Start();
  const InvitationSettings settings{o.invitation_code_ttl, o.mail_from};
  OutboxSender* outbox = outbox_.get();
  const auto wake_sender = [outbox] {
    if (outbox != nullptr) outbox->Notify();
  };
  invitations_ = std::make_unique<InvitationService>(db_, read_db(), clock_, settings,
                                                     InvitationReplayCodecs(), wake_sender);
  activation_ = std::make_unique<InvitationActivation>(
      db_, clock_,
      LockoutPolicy{o.activation_max_failures, o.activation_lockout, o.activation_lockout});
  invitation_handler_ = std::make_unique<InvitationHandler>(*invitations_, *activation_, deps_);
  import_inviter_ = std::make_unique<ImportedSupplierInviter>(settings, wake_sender);
  return absl::OkStatus();
}

void SupplynetServer::StartMailDelivery() {
  const ServerOptions& o = options_;
  if (!o.smtp_url.empty()) {
    mail::SmtpOptions smtp;
    smtp.url = o.smtp_url;
    smtp.require_starttls = o.smtp_starttls;
    smtp.ca_file = o.smtp_ca_file;
    mail_transport_ = std::make_unique<mail::SmtpTransport>(std::move(smtp));
  } else if (!o.mail_dir.empty()) {
    mail_transport_ = std::make_unique<mail::FileTransport>(o.mail_dir);
  }
  if (mail_transport_ == nullptr) return;
  outbox_ = std::make_unique<OutboxSender>(
      db_, clock_, *mail_transport_,
      OutboxSettings{o.mail_from, o.outbox_poll_interval, o.email_retry_initial, o.email_retry_max,
                     o.email_max_attempts});
  outbox_->Start();
}

SupplynetServer::~SupplynetServer() { Shutdown(); }

void SupplynetServer::Shutdown() {
  std::lock_guard<std::mutex> lock(shutdown_mu_);
  if (shut_down_ || server_ == nullptr) return;
  shut_down_ = true;
  if (health_ != nullptr) health_->Stop();
  // Watch streams never end by themselves: end them first so that shutdown does not wait.
  if (event_hub_ != nullptr) event_hub_->Close();
  if (event_listener_ != nullptr) event_listener_->Stop();
  if (credential_listener_ != nullptr) credential_listener_->Stop();
  server_->GetHealthCheckService()->Shutdown();
  server_->Shutdown(std::chrono::system_clock::now() +
                    absl::ToChronoNanoseconds(options_.shutdown_grace));
  server_->Wait();
  // The scrape reads the parts stopped below, which the destructor then frees.
  if (metrics_ != nullptr) metrics_->StopServing();
  if (outbox_ != nullptr) outbox_->Stop();
  if (invitation_expiry_ != nullptr) invitation_expiry_->Stop();
  if (retention_sweep_ != nullptr) retention_sweep_->Stop();
  if (database_gauges_ != nullptr) database_gauges_->Stop();
  db_.pool().Close();
  if (read_db_ != nullptr) read_db_->pool().Close();
}

void SupplynetServer::Wait() {
  if (server_ != nullptr) server_->Wait();
}

}  // namespace supplynet::server
