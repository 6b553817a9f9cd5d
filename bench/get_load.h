// The GetSupplier load: `callers` calls always in flight, each caller on a connection of its
// own (as pgbench's clients are), driven by `threads` threads through gRPC's completion queues
// rather than a blocked thread per caller, so that the client costs about what pgbench's
// does (-j 2) and the two cores go to the server and PostgreSQL. The same load can call
// ListSuppliers (the first page, default size) or AddSupplier (a new entry per call) instead.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace supplynet::bench {

enum class LoadMethod { kGetSupplier, kListSuppliers, kAddSupplier };

struct GetLoad {
  std::string server;
  std::string token;
  std::vector<std::string> ids;  // Picked at random.
  int callers = 32;
  int threads = 2;
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
