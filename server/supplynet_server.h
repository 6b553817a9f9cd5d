// The assembled server: database pool and migrations, use cases, gRPC services, health,
// reflection and metrics. main() and the integration tests both start it through here.
#pragma once

#include <grpcpp/server.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "app/account_service.h"
#include "app/document_service.h"
#include "app/document_sync.h"
#include "app/supplier_import_service.h"
#include "app/supplier_service.h"
#include "app/workflow_service.h"
#include "domain/clock.h"
#include "server/account_handler.h"
#include "server/document_handler.h"
#include "server/health_monitor.h"
#include "server/metrics.h"
#include "server/supplier_network_handler.h"
#include "storage/database.h"
#include "storage/notification_listener.h"
#include "supplynet/v1/document_status.grpc.pb.h"
#include "supplynet/v1/invitation.grpc.pb.h"

namespace supplynet::server {

struct ServerOptions {
  std::string listen = "127.0.0.1:50051";
  std::string database_url;
  int pool_size = 8;
  absl::Duration pool_acquire_timeout = absl::Seconds(5);
  std::string metrics_listen = "127.0.0.1:9464";  // Empty: no metrics endpoint.
  absl::Duration session_ttl = absl::Hours(12);
  PasswordHasher::Cost password_cost = PasswordHasher::Cost::kInteractive;
  int max_message_bytes = 4 << 20;  // Larger requests are refused (RESOURCE_EXHAUSTED).
  absl::Duration health_interval = absl::Seconds(1);
  absl::Duration shutdown_grace = absl::Seconds(10);
  size_t import_batch_rows = kDefaultImportBatchRows;  // Rows per ImportSuppliers write batch.
  // "CC:taxid" of the platform's ingestion company (app/document_sync.h); empty: none.
  std::string ingestion_company;
  absl::Duration watch_heartbeat = absl::Seconds(30);  // WatchDocumentEvents after silence.
};

class SupplynetServer {
 public:
  // Connects, migrates and starts serving. `clock` must outlive the server (null: real time).
  static absl::StatusOr<std::unique_ptr<SupplynetServer>> Start(const ServerOptions& options,
                                                                const Clock* clock = nullptr);
  ~SupplynetServer();

  int port() const { return port_; }
  int metrics_port() const { return metrics_->port(); }
  // Stops accepting calls, lets in-flight calls finish (up to the grace period), then closes
  // the database pool. Safe to call more than once.
  void Shutdown();
  // Blocks until the server has shut down.
  void Wait();

 private:
  explicit SupplynetServer(const ServerOptions& options, const Clock* clock);

  const ServerOptions options_;
  RealClock real_clock_;
  const Clock& clock_;
  storage::Database db_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<AccountService> accounts_;
  CallDeps deps_{};
  std::unique_ptr<AccountHandler> account_handler_;
  std::unique_ptr<SupplierService> suppliers_;
  std::unique_ptr<SupplierImportService> imports_;
  std::unique_ptr<SupplierNetworkHandler> supplier_handler_;
  // Contracts whose issues are still open: registered so that reflection lists all four
  // services; their RPCs answer with gRPC's default "not implemented" status. Replace each
  // with its handler when the service lands.
  v1::InvitationService::Service invitation_contract_;
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
