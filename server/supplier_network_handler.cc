#include "server/supplier_network_handler.h"

#include <string>
#include <utility>

#include "domain/etag.h"
#include "domain/status_macros.h"
#include "domain/supplier_import.h"
#include "server/proto_convert.h"
#include "server/request_fingerprint.h"
#include "server/supplier_convert.h"
#include "server/supplier_import_convert.h"

namespace supplynet::server {
namespace {

NewSupplier NewSupplierFromProto(const v1::Supplier& in) {
  return {FromProto(in.tax_id()), SupplierFieldsFromProto(in)};
}

SupplierFilterInput FilterFromProto(const v1::ListSuppliersRequest& in) {
  SupplierFilterInput filter;
  filter.tax_id_country = FromProto(in.tax_id().country());
  filter.tax_id_type = FromProto(in.tax_id().type());
  filter.tax_id_value = in.tax_id().value();
  filter.name_contains = in.name_contains();
  filter.registration_status = FromProto(in.registration_status());
  filter.group = in.group();
  return filter;
}

SupplierUpdate UpdateFromProto(const v1::UpdateSupplierRequest& in) {
  SupplierUpdate update;
  update.supplier_id = in.supplier().supplier_id();
  update.values = SupplierFieldsFromProto(in.supplier());
  update.mask_paths.assign(in.update_mask().paths().begin(), in.update_mask().paths().end());
  update.etag = in.supplier().etag();
  return update;
}

}  // namespace

grpc::Status SupplierNetworkHandler::AddSupplier(grpc::ServerContext* context,
                                                 const v1::AddSupplierRequest* request,
                                                 v1::AddSupplierResponse* response) {
  return HandleRpc(
      context, "SupplierNetworkService/AddSupplier", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        // A new entry has no version to check; anything but an etag of this API is a mistake.
        RETURN_IF_ERROR(ParseEtag(request->supplier().etag(), "supplier.etag").status());
        ASSIGN_OR_RETURN(Supplier added,
                         suppliers_.AddSupplier(caller, NewSupplierFromProto(request->supplier()),
                                                RequestIdOf(*request)));
        ToProto(std::move(added), response->mutable_supplier());
        return absl::OkStatus();
      });
}

grpc::ServerUnaryReactor* SupplierNetworkHandler::GetSupplier(grpc::CallbackServerContext* context,
                                                              const grpc::ByteBuffer* request,
                                                              grpc::ByteBuffer* response) {
  return HandleRpcLater<v1::GetSupplierRequest, v1::GetSupplierResponse>(
      context, "SupplierNetworkService/GetSupplier", deps_, *request, response,
      [&](RpcCall& call, const v1::GetSupplierRequest& in, v1::GetSupplierResponse* out,
          FinishRpc finish) {
        suppliers_.GetSupplier(
            [&call] { return call.Authenticate(); }, in.supplier_id(),
            [out, finish = std::move(finish)](absl::StatusOr<Supplier> supplier) {
              if (!supplier.ok()) return finish(supplier.status());
              ToProto(*std::move(supplier), out->mutable_supplier());
              finish(absl::OkStatus());
            });
      });
}

grpc::Status SupplierNetworkHandler::ListSuppliers(grpc::ServerContext* context,
                                                   const v1::ListSuppliersRequest* request,
                                                   v1::ListSuppliersResponse* response) {
  return HandleRpc(
      context, "SupplierNetworkService/ListSuppliers", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
        ASSIGN_OR_RETURN(Page<Supplier> page,
                         suppliers_.ListSuppliers(caller, FilterFromProto(*request),
                                                  request->page_size(), request->page_token()));
        for (Supplier& supplier : page.items) {
          ToProto(std::move(supplier), response->add_suppliers());
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::Status SupplierNetworkHandler::UpdateSupplier(grpc::ServerContext* context,
                                                    const v1::UpdateSupplierRequest* request,
                                                    v1::UpdateSupplierResponse* response) {
  return HandleRpc(
      context, "SupplierNetworkService/UpdateSupplier", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        ASSIGN_OR_RETURN(
            Supplier updated,
            suppliers_.UpdateSupplier(caller, UpdateFromProto(*request), RequestIdOf(*request)));
        ToProto(std::move(updated), response->mutable_supplier());
        return absl::OkStatus();
      });
}

grpc::Status SupplierNetworkHandler::RemoveSupplier(grpc::ServerContext* context,
                                                    const v1::RemoveSupplierRequest* request,
                                                    v1::RemoveSupplierResponse* response) {
  return HandleRpc(
      context, "SupplierNetworkService/RemoveSupplier", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        SupplierRemoval removal{request->supplier_id(), request->etag(), request->allow_missing()};
        ASSIGN_OR_RETURN(bool removed, suppliers_.RemoveSupplier(caller, removal));
        response->set_removed(removed);
        return absl::OkStatus();
      });
}

grpc::Status SupplierNetworkHandler::ImportSuppliers(
    grpc::ServerContext* context, grpc::ServerReader<v1::ImportSuppliersRequest>* reader,
    v1::ImportSuppliersResponse* response) {
  return HandleRpc(context, "SupplierNetworkService/ImportSuppliers", deps_, [&](RpcCall& call) {
    ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
    ImportRequestStream stream(context, reader);
    ASSIGN_OR_RETURN(ImportOptions options, stream.ReadOptions());
    ASSIGN_OR_RETURN(ImportReport report, imports_.ImportSuppliers(caller, options, stream));
    stream.Discard();
    ToProto(report, response);
    return absl::OkStatus();
  });
}

grpc::Status SupplierNetworkHandler::GetImportTemplate(grpc::ServerContext* context,
                                                       const v1::GetImportTemplateRequest*,
                                                       v1::GetImportTemplateResponse* response) {
  return HandleRpc(context, "SupplierNetworkService/GetImportTemplate", deps_,
                   [&](RpcCall& call) -> absl::Status {
                     RETURN_IF_ERROR(call.Authenticate().status());
                     response->set_header_line(ImportTemplateHeader());
                     response->set_groups_separator(std::string(1, kSupplierGroupSeparator));
                     for (const ImportColumnInfo& info : kImportColumns) {
                       v1::ImportTemplateColumn* column = response->add_columns();
                       column->set_name(info.name);
                       column->set_required(info.required);
                       column->set_description(info.rule);
                     }
                     return absl::OkStatus();
                   });
}

grpc::Status SupplierNetworkHandler::ListGroups(grpc::ServerContext* context,
                                                const v1::ListGroupsRequest* request,
                                                v1::ListGroupsResponse* response) {
  return HandleRpc(
      context, "SupplierNetworkService/ListGroups", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
        ASSIGN_OR_RETURN(
            Page<SupplierGroupCount> page,
            suppliers_.ListGroups(caller, request->page_size(), request->page_token()));
        for (const SupplierGroupCount& group : page.items) {
          v1::SupplierGroup* out = response->add_groups();
          out->set_name(group.name);
          out->set_supplier_count(static_cast<int32_t>(group.supplier_count));
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

}  // namespace supplynet::server
