#include "tests/support/documents.h"

#include <gtest/gtest.h>

#include "tests/support/test_server.h"

namespace supplynet::testing {

Party RegisterParty(v1::AccountService::Stub& accounts, const std::string& nit,
                    const std::string& username) {
  return {RegisterTenant(accounts, nit, username), nit};
}

void Link(const TestDatabase& db, const Party& client, const Party& supplier) {
  db.Exec("UPDATE suppliers SET linked_company_id = '" + supplier.tenant.company_id +
          "' WHERE client_company_id = '" + client.tenant.company_id + "' AND tax_id = '" +
          supplier.nit + "'");
}

v1::Document Invoice(const std::string& issuer_nit, const std::string& receiver_nit,
                     const std::string& number, const std::map<std::string, std::string>& fields) {
  v1::Document d;
  d.set_country(v1::COUNTRY_CO);
  d.set_type(v1::DOCUMENT_TYPE_INVOICE);
  d.set_series("FE");
  d.set_number(number);
  d.mutable_issuer_tax_id()->set_country(v1::COUNTRY_CO);
  d.mutable_issuer_tax_id()->set_value(issuer_nit);
  d.set_issuer_name("Proveedor " + issuer_nit);
  d.mutable_receiver_tax_id()->set_country(v1::COUNTRY_CO);
  d.mutable_receiver_tax_id()->set_value(receiver_nit);
  d.set_receiver_name("Cliente " + receiver_nit);
  d.set_issue_date("2024-03-15");
  d.set_currency_code("COP");
  d.set_net_amount("100.00");
  d.set_tax_amount("19.00");
  d.set_total_amount("119.00");
  d.mutable_document_fields()->insert(fields.begin(), fields.end());
  return d;
}

v1::SyncDocumentsResponse Sync(v1::DocumentStatusService::Stub& stub, const std::string& token,
                               const std::vector<v1::Document>& documents, grpc::Status* status) {
  v1::SyncDocumentsResponse response;
  auto context = Ctx(token);
  auto writer = stub.SyncDocuments(context.get(), &response);
  for (size_t i = 0; i < documents.size(); ++i) {
    v1::SyncDocumentsRequest request;
    *request.mutable_document() = documents[i];
    request.set_client_key("key-" + std::to_string(i));
    if (!writer->Write(request)) break;
  }
  writer->WritesDone();
  const grpc::Status finished = writer->Finish();
  if (status != nullptr) {
    *status = finished;
  } else {
    EXPECT_TRUE(finished.ok()) << finished.error_message();
  }
  return response;
}

std::string ServiceAccountKey(v1::AccountService::Stub& accounts, const std::string& admin_token,
                              const std::string& name, v1::Role role) {
  v1::CreateServiceAccountRequest request;
  request.mutable_service_account()->set_display_name(name);
  request.mutable_service_account()->set_role(role);
  v1::CreateServiceAccountResponse response;
  const grpc::Status status =
      accounts.CreateServiceAccount(Ctx(admin_token).get(), request, &response);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return response.key();
}

}  // namespace supplynet::testing
