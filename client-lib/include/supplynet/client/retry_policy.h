// Which calls the client retries on UNAVAILABLE, expressed as a gRPC service config.
#pragma once

#include <string>

namespace supplynet::client {

// A service config (the JSON of the `grpc.service_config` channel argument) that retries
// UNAVAILABLE with exponential backoff for the idempotent methods only: reads, lists and
// mutations the client always sends with a request_id. Calls that would repeat a side effect
// (Login, CreateUser, DeleteUser, ...) are never retried.
std::string RetryServiceConfig();

// True when `full_method` ("supplynet.v1.AccountService/ListUsers") is retried.
bool IsRetried(const std::string& full_method);

}  // namespace supplynet::client
