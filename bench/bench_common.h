// What the bench subcommands share: timing, per-call contexts, channels and failure output.
#pragma once

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>
#include <string>

namespace supplynet::bench {

using Clock = std::chrono::steady_clock;

inline double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// A call context with the bearer token (when given) and a deadline long enough for any run.
std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token);

// A channel of its own (its own connection): distinct arguments keep subchannels apart.
std::shared_ptr<grpc::Channel> NewChannel(const std::string& address, int index = 0);

// The same for the GetSupplier-style loads: gRPC's minimal client stack (no client-side
// deadline, message-size or compression filters), a lean load generator as pgbench is, so that
// the two shared cores go to the server and PostgreSQL (+15 to 20% calls/s, bench/README.md).
std::shared_ptr<grpc::Channel> NewLoadChannel(const std::string& address, int index);

// Prints the failed call and returns the exit code 1.
int Fail(const std::string& what, const grpc::Status& status);

}  // namespace supplynet::bench
