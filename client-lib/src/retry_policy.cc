#include "supplynet/client/retry_policy.h"

#include <string_view>

namespace supplynet::client {
namespace {

struct Method {
  std::string_view service;
  std::string_view name;
};

// Calls that may safely run twice. A mutation belongs here only if the client always sends it
// with a request_id or the contract makes a repeat harmless (revoking a REVOKED invitation
// returns it unchanged); everything else (Login, Logout, Create*, Update*, Delete*, Invite*,
// ResendInvitation, ActivateWithCode, whose wrong codes count towards a lockout) does not.
constexpr Method kRetriedMethods[] = {
    {"supplynet.v1.AccountService", "GetCurrentPrincipal"},
    {"supplynet.v1.AccountService", "GetUser"},
    {"supplynet.v1.AccountService", "ListUsers"},
    {"supplynet.v1.AccountService", "ListServiceAccounts"},
    {"supplynet.v1.DocumentStatusService", "GetDocument"},
    {"supplynet.v1.DocumentStatusService", "ListDocuments"},
    {"supplynet.v1.DocumentStatusService", "GetWorkflow"},
    {"supplynet.v1.DocumentStatusService", "ListStatusHistory"},
    // Server-streaming reads: gRPC retries them only until the first message arrives.
    {"supplynet.v1.DocumentStatusService", "ExportDocumentReport"},
    {"supplynet.v1.DocumentStatusService", "WatchDocumentEvents"},
    {"supplynet.v1.SupplierNetworkService", "GetSupplier"},
    {"supplynet.v1.SupplierNetworkService", "ListSuppliers"},
    {"supplynet.v1.SupplierNetworkService", "ListGroups"},
    {"supplynet.v1.SupplierNetworkService", "GetImportTemplate"},
    {"supplynet.v1.InvitationService", "GetInvitation"},
    {"supplynet.v1.InvitationService", "ListInvitations"},
    {"supplynet.v1.InvitationService", "RevokeInvitation"},
};

// gRPC caps maxAttempts at 5; backoff 0.1s, 0.2s, 0.4s, 0.8s (jittered) spans a short blip
// such as a server restart or a database reconnect.
constexpr std::string_view kRetryPolicy =
    R"("retryPolicy":{"maxAttempts":5,"initialBackoff":"0.1s","maxBackoff":"2s",)"
    R"("backoffMultiplier":2,"retryableStatusCodes":["UNAVAILABLE"]})";

// "methodConfig":[...]: the retry policy for the methods above.
std::string MethodConfigs() {
  std::string names;
  for (const Method& method : kRetriedMethods) {
    if (!names.empty()) names += ",";
    names += R"({"service":")" + std::string(method.service) + R"(","method":")" +
             std::string(method.name) + R"("})";
  }
  return R"("methodConfig":[{"name":[)" + names + "]," + std::string(kRetryPolicy) + "}]";
}

}  // namespace

std::string RetryServiceConfig() { return "{" + MethodConfigs() + "}"; }

std::string ServiceConfig(const std::string& lb_policy) {
  return R"({"loadBalancingConfig":[{")" + lb_policy + R"(":{}}],)" + MethodConfigs() + "}";
}

bool IsRetried(const std::string& full_method) {
  for (const Method& method : kRetriedMethods) {
    if (full_method == std::string(method.service) + "/" + std::string(method.name)) return true;
  }
  return false;
}

}  // namespace supplynet::client
