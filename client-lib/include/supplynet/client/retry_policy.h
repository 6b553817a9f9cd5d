// Which calls the client retries on UNAVAILABLE, expressed as a gRPC service config.
#pragma once

#include <string>

namespace supplynet::client {

// A service config (the JSON of the `grpc.service_config` channel argument) that retries
// UNAVAILABLE with exponential backoff for the idempotent methods only: reads, lists, the
// streamed report and watch, and RevokeInvitation (a repeat returns the revoked invitation).
// Calls that would repeat a side effect (Login, CreateUser, InviteSupplier, ...) are never
// retried by the channel: a caller retries them itself, with the same request_id.
std::string RetryServiceConfig();

// RetryServiceConfig() with a load-balancing policy: "loadBalancingConfig" set to gRPC's
// policy `lb_policy` ("round_robin", "pick_first").
std::string ServiceConfig(const std::string& lb_policy);

// True when `full_method` ("supplynet.v1.AccountService/ListUsers") is retried.
bool IsRetried(const std::string& full_method);

}  // namespace supplynet::client
