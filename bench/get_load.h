// The GetSupplier load: `callers` calls always in flight, driven by `threads` threads through
// gRPC's completion queues rather than a blocked thread per caller, so that the client costs
// about what pgbench's does (-j 2) and the two cores go to the server and PostgreSQL. The
// callers of one thread share one HTTP/2 connection, as the calls of a client library's
// channel do (pgbench needs a connection per client; gRPC multiplexes): 32 connections of
// one caller each cost 10 to 20% of the rate in syscalls (bench/README.md). The same load can call
// ListSuppliers (the first page, default size) or AddSupplier (a new entry per call) instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace supplynet::bench {

// kHealthCheck: grpc.health.v1.Health/Check, a unary call that does no work in the server:
// the floor that one gRPC call costs on this machine.
enum class LoadMethod { kGetSupplier, kListSuppliers, kAddSupplier, kHealthCheck };

struct GetLoad {
  std::string server;
  std::string token;
  std::vector<std::string> ids;  // Picked at random.
  int callers = 32;
  int threads = 2;
  int connections = 0;  // HTTP/2 connections the callers share; 0: one per thread.
  double warmup_seconds = 2;
  double seconds = 10;  // Measured, after the warm-up.
  LoadMethod method = LoadMethod::kGetSupplier;
  // kAddSupplier: the entries get Colombian NITs counting up from this one.
  int64_t first_nit = 700000000;
};

struct GetLoadResult {
  int64_t calls = 0;  // Answered OK within the measured seconds.
  int64_t failures = 0;
};

GetLoadResult RunGetLoad(const GetLoad& load);

}  // namespace supplynet::bench
