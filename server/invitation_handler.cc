#include "server/invitation_handler.h"

#include <string>
#include <vector>

#include "domain/status_macros.h"
#include "server/invitation_convert.h"
#include "server/proto_convert.h"
#include "server/request_fingerprint.h"
#include "server/supplier_convert.h"

namespace supplynet::server {
namespace {

template <typename Repeated>
std::vector<std::string> Strings(const Repeated& repeated) {
  return {repeated.begin(), repeated.end()};
}

ActivationInput ActivationFromProto(const v1::ActivateWithCodeRequest& in) {
  ActivationInput input;
  input.supplier_tax_id = FromProto(in.supplier_tax_id());
  input.client_tax_id = FromProto(in.client_tax_id());
  input.code = in.code();
  return input;
}

}  // namespace

grpc::Status InvitationHandler::InviteSupplier(grpc::ServerContext* context,
                                               const v1::InviteSupplierRequest* request,
                                               v1::InviteSupplierResponse* response) {
  return HandleRpc(
      context, "InvitationService/InviteSupplier", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        ASSIGN_OR_RETURN(
            InviteOutcome outcome,
            invitations_.InviteSupplier(caller, request->supplier_id(), Strings(request->emails()),
                                        RequestIdOf(*request)));
        ToProto(outcome, response);
        return absl::OkStatus();
      });
}

grpc::Status InvitationHandler::InviteSuppliers(grpc::ServerContext* context,
                                                const v1::InviteSuppliersRequest* request,
                                                v1::InviteSuppliersResponse* response) {
  return HandleRpc(
      context, "InvitationService/InviteSuppliers", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        ASSIGN_OR_RETURN(std::vector<BatchInviteResult> results,
                         invitations_.InviteSuppliers(caller, Strings(request->supplier_ids()),
                                                      RequestIdOf(*request)));
        ToProto(results, response);
        return absl::OkStatus();
      });
}

grpc::Status InvitationHandler::ResendInvitation(grpc::ServerContext* context,
                                                 const v1::ResendInvitationRequest* request,
                                                 v1::ResendInvitationResponse* response) {
  return HandleRpc(
      context, "InvitationService/ResendInvitation", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        ASSIGN_OR_RETURN(
            Invitation invitation,
            invitations_.ResendInvitation(caller, request->invitation_id(),
                                          Strings(request->emails()), RequestIdOf(*request)));
        ToProto(invitation, response);
        return absl::OkStatus();
      });
}

grpc::Status InvitationHandler::RevokeInvitation(grpc::ServerContext* context,
                                                 const v1::RevokeInvitationRequest* request,
                                                 v1::RevokeInvitationResponse* response) {
  return HandleRpc(
      context, "InvitationService/RevokeInvitation", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        ASSIGN_OR_RETURN(Invitation invitation,
                         invitations_.RevokeInvitation(caller, request->invitation_id()));
        ToProto(invitation, response->mutable_invitation());
        return absl::OkStatus();
      });
}

grpc::Status InvitationHandler::GetInvitation(grpc::ServerContext* context,
                                              const v1::GetInvitationRequest* request,
                                              v1::GetInvitationResponse* response) {
  return HandleRpc(context, "InvitationService/GetInvitation", deps_, *request, [&](RpcCall& call) {
    ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
    ASSIGN_OR_RETURN(Invitation invitation,
                     invitations_.GetInvitation(caller, request->invitation_id()));
    ToProto(invitation, response->mutable_invitation());
    return absl::OkStatus();
  });
}

grpc::Status InvitationHandler::ListInvitations(grpc::ServerContext* context,
                                                const v1::ListInvitationsRequest* request,
                                                v1::ListInvitationsResponse* response) {
  return HandleRpc(
      context, "InvitationService/ListInvitations", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.Authenticate());
        ASSIGN_OR_RETURN(Page<Invitation> page,
                         invitations_.ListInvitations(caller, request->supplier_id(),
                                                      FromProto(request->status()),
                                                      request->page_size(), request->page_token()));
        for (const Invitation& invitation : page.items) {
          ToProto(invitation, response->add_invitations());
        }
        response->set_next_page_token(page.next_page_token);
        return absl::OkStatus();
      });
}

grpc::Status InvitationHandler::ActivateWithCode(grpc::ServerContext* context,
                                                 const v1::ActivateWithCodeRequest* request,
                                                 v1::ActivateWithCodeResponse* response) {
  return HandleRpc(
      context, "InvitationService/ActivateWithCode", deps_, *request, [&](RpcCall& call) {
        ASSIGN_OR_RETURN(Principal caller, call.AuthenticateAdmin());
        ASSIGN_OR_RETURN(Activation activation,
                         activation_.ActivateWithCode(caller, ActivationFromProto(*request)));
        response->set_client_company_id(activation.client.company_id);
        response->set_client_company_name(activation.client.legal_name);
        ToProto(activation.client.tax_id, response->mutable_client_tax_id());
        response->set_registration_status(ToProto(RegistrationStatus::kRegistered));
        ToProto(activation.activate_time, response->mutable_activate_time());
        return absl::OkStatus();
      });
}

}  // namespace supplynet::server
