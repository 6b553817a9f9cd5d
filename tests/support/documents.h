// Shortcuts for document tests: documents as the tax authority sends them, syncing them
// through the real DocumentStatusService, and service-account keys.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "supplynet/v1/account.grpc.pb.h"
#include "supplynet/v1/document_status.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/test_database.h"

namespace supplynet::testing {

// A company of the document tests: its tenant and its NIT (without DV).
struct Party {
  Tenant tenant;
  std::string nit;
};

// Registers a Colombian company with NIT `nit` and its administrator `username`.
Party RegisterParty(v1::AccountService::Stub& accounts, const std::string& nit,
                    const std::string& username);

// Registers `supplier` in `client`'s network (what an activation with a code does).
void Link(const TestDatabase& db, const Party& client, const Party& supplier);

// A Colombian invoice from `issuer_nit` to `receiver_nit` (NITs without DV), 100.00 + 19.00.
v1::Document Invoice(const std::string& issuer_nit, const std::string& receiver_nit,
                     const std::string& number,
                     const std::map<std::string, std::string>& fields = {});

// Syncs `documents` in one stream; `status` receives the call's status.
v1::SyncDocumentsResponse Sync(v1::DocumentStatusService::Stub& stub, const std::string& token,
                               const std::vector<v1::Document>& documents,
                               grpc::Status* status = nullptr);

// Creates a service account of the caller's company and returns its key.
std::string ServiceAccountKey(v1::AccountService::Stub& accounts, const std::string& admin_token,
                              const std::string& name, v1::Role role = v1::ROLE_ADMIN);

}  // namespace supplynet::testing
