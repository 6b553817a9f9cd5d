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

// A channel for the GetSupplier-style loads, as lean a load generator as pgbench is, so that the
// two shared cores go to the server and PostgreSQL: a TCP connection of its own that this
// process opens and hands to gRPC (a direct channel, without the name resolution, load
// balancing and retry layer of a channel to a target name, as libpq connects straight to its
// server), on gRPC's minimal client stack (no client-side deadline, message-size or compression
// filters). The minimal stack gave 15 to 20% more calls/s, the direct channel took the client's
// CPU per GetSupplier call from 31 to 38 us to 27 to 31 (bench/README.md). Exits when the
// address does not answer.
std::shared_ptr<grpc::Channel> NewLoadChannel(const std::string& address);

// Prints the failed call and returns the exit code 1.
int Fail(const std::string& what, const grpc::Status& status);

}  // namespace supplynet::bench
