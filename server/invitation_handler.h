// gRPC face of InvitationService: decode, authorize, call the use case, encode. Reads are open
// to every principal of the client company; mutations and activation need the administrator
// profile (activation: of the supplier's own company).
#pragma once

#include "app/invitation_activation.h"
#include "app/invitation_service.h"
#include "server/rpc_call.h"
#include "supplynet/v1/invitation.grpc.pb.h"

namespace supplynet::server {

class InvitationHandler final : public v1::InvitationService::Service {
 public:
  InvitationHandler(InvitationService& invitations, InvitationActivation& activation,
                    const CallDeps& deps)
      : invitations_(invitations), activation_(activation), deps_(deps) {}

  grpc::Status InviteSupplier(grpc::ServerContext* context,
                              const v1::InviteSupplierRequest* request,
                              v1::InviteSupplierResponse* response) override;
  grpc::Status InviteSuppliers(grpc::ServerContext* context,
                               const v1::InviteSuppliersRequest* request,
                               v1::InviteSuppliersResponse* response) override;
  grpc::Status ResendInvitation(grpc::ServerContext* context,
                                const v1::ResendInvitationRequest* request,
                                v1::ResendInvitationResponse* response) override;
  grpc::Status RevokeInvitation(grpc::ServerContext* context,
                                const v1::RevokeInvitationRequest* request,
                                v1::RevokeInvitationResponse* response) override;
  grpc::Status GetInvitation(grpc::ServerContext* context, const v1::GetInvitationRequest* request,
                             v1::GetInvitationResponse* response) override;
  grpc::Status ListInvitations(grpc::ServerContext* context,
                               const v1::ListInvitationsRequest* request,
                               v1::ListInvitationsResponse* response) override;
  grpc::Status ActivateWithCode(grpc::ServerContext* context,
                                const v1::ActivateWithCodeRequest* request,
                                v1::ActivateWithCodeResponse* response) override;

 private:
  InvitationService& invitations_;
  InvitationActivation& activation_;
  const CallDeps& deps_;
};

}  // namespace supplynet::server
