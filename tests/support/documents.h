// Shortcuts for document tests: documents as the tax authority sends them, syncing them
// through the real DocumentStatusService, and service-account keys.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "supplynet/v1/account.grpc.pb.h"
#include "supplynet/v1/document_status.grpc.pb.h"

namespace supplynet::testing {

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
