// Client methods of InvitationService.
#include "client_call.h"
#include "supplynet/client/client.h"

namespace supplynet::client {

absl::StatusOr<v1::InviteSupplierResponse> Client::InviteSupplier(
    const std::string& supplier_id, const std::vector<std::string>& emails,
    const std::string& request_id) {
  v1::InviteSupplierRequest request;
  request.set_supplier_id(supplier_id);
  for (const std::string& email : emails) request.add_emails(email);
  request.set_request_id(request_id);
  return Call(*invitations_, &v1::InvitationService::Stub::InviteSupplier, request);
}

absl::StatusOr<std::vector<v1::InviteSupplierResult>> Client::InviteSuppliers(
    const std::vector<std::string>& supplier_ids, const std::string& request_id) {
  v1::InviteSuppliersRequest request;
  for (const std::string& id : supplier_ids) request.add_supplier_ids(id);
  request.set_request_id(request_id);
  auto response = Call(*invitations_, &v1::InvitationService::Stub::InviteSuppliers, request);
  if (!response.ok()) return response.status();
  return std::vector<v1::InviteSupplierResult>(response->results().begin(),
                                               response->results().end());
}

absl::StatusOr<v1::Invitation> Client::ResendInvitation(const std::string& invitation_id,
                                                        const std::vector<std::string>& emails,
                                                        const std::string& request_id) {
  v1::ResendInvitationRequest request;
  request.set_invitation_id(invitation_id);
  for (const std::string& email : emails) request.add_emails(email);
  request.set_request_id(request_id);
  auto response = Call(*invitations_, &v1::InvitationService::Stub::ResendInvitation, request);
  if (!response.ok()) return response.status();
  return response->invitation();
}

absl::StatusOr<v1::Invitation> Client::RevokeInvitation(const std::string& invitation_id) {
  v1::RevokeInvitationRequest request;
  request.set_invitation_id(invitation_id);
  auto response = Call(*invitations_, &v1::InvitationService::Stub::RevokeInvitation, request);
  if (!response.ok()) return response.status();
  return response->invitation();
}

absl::StatusOr<v1::Invitation> Client::GetInvitation(const std::string& invitation_id) {
  v1::GetInvitationRequest request;
  request.set_invitation_id(invitation_id);
  auto response = Call(*invitations_, &v1::InvitationService::Stub::GetInvitation, request);
  if (!response.ok()) return response.status();
  return response->invitation();
}

absl::StatusOr<v1::ListInvitationsResponse> Client::ListInvitations(
    const v1::ListInvitationsRequest& request) {
  return Call(*invitations_, &v1::InvitationService::Stub::ListInvitations, request);
}

absl::Status Client::ForEachInvitation(const v1::ListInvitationsRequest& filter,
                                       const std::function<void(const v1::Invitation&)>& visit) {
  v1::ListInvitationsRequest request = filter;
  request.clear_page_token();
  return internal::ForEachPage(
      request, [this](const v1::ListInvitationsRequest& page) { return ListInvitations(page); },
      [](const v1::ListInvitationsResponse& page) -> const auto& { return page.invitations(); },
      visit);
}

absl::StatusOr<v1::ActivateWithCodeResponse> Client::ActivateWithCode(
    const v1::TaxId& supplier_tax_id, const v1::TaxId& client_tax_id, const std::string& code) {
  v1::ActivateWithCodeRequest request;
  *request.mutable_supplier_tax_id() = supplier_tax_id;
  *request.mutable_client_tax_id() = client_tax_id;
  request.set_code(code);
  return Call(*invitations_, &v1::InvitationService::Stub::ActivateWithCode, request);
}

}  // namespace supplynet::client
