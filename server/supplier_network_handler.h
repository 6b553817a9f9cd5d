// gRPC face of SupplierNetworkService: decode, authorize, call the use case, encode. Reads are
// open to every principal of the company; mutations need the administrator profile.
#pragma once

#include "app/supplier_import_service.h"
#include "app/supplier_service.h"
#include "server/rpc_call.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"

namespace supplynet::server {

// GetSupplier is served by gRPC's callback API (raw bytes, see HandleRpcLater): its reads are
// answered by the lookup batcher's threads (app/supplier_lookup_batcher.h), so no gRPC thread
// waits on PostgreSQL for it.
class SupplierNetworkHandler final
    : public v1::SupplierNetworkService::WithRawCallbackMethod_GetSupplier<
          v1::SupplierNetworkService::Service> {
 public:
  SupplierNetworkHandler(SupplierService& suppliers, SupplierImportService& imports,
                         const CallDeps& deps)
      : suppliers_(suppliers), imports_(imports), deps_(deps) {}

  grpc::Status AddSupplier(grpc::ServerContext* context, const v1::AddSupplierRequest* request,
                           v1::AddSupplierResponse* response) override;
  grpc::ServerUnaryReactor* GetSupplier(grpc::CallbackServerContext* context,
                                        const grpc::ByteBuffer* request,
                                        grpc::ByteBuffer* response) override;
  grpc::Status ListSuppliers(grpc::ServerContext* context, const v1::ListSuppliersRequest* request,
                             v1::ListSuppliersResponse* response) override;
  grpc::Status UpdateSupplier(grpc::ServerContext* context,
                              const v1::UpdateSupplierRequest* request,
                              v1::UpdateSupplierResponse* response) override;
  grpc::Status RemoveSupplier(grpc::ServerContext* context,
                              const v1::RemoveSupplierRequest* request,
                              v1::RemoveSupplierResponse* response) override;
  grpc::Status ImportSuppliers(grpc::ServerContext* context,
                               grpc::ServerReader<v1::ImportSuppliersRequest>* reader,
                               v1::ImportSuppliersResponse* response) override;
  grpc::Status GetImportTemplate(grpc::ServerContext* context,
                                 const v1::GetImportTemplateRequest* request,
                                 v1::GetImportTemplateResponse* response) override;
  grpc::Status ListGroups(grpc::ServerContext* context, const v1::ListGroupsRequest* request,
                          v1::ListGroupsResponse* response) override;

 private:
  SupplierService& suppliers_;
  SupplierImportService& imports_;
  const CallDeps& deps_;
};

}  // namespace supplynet::server
