// The gRPC side of bench/run: generates the import file and measures ImportSuppliers,
// GetSupplier under concurrency and ListSuppliers pages against a running server, and (in
// bench/document_bench) SyncDocuments and ExportDocumentReport. Each subcommand prints
// `key=value` lines for the script, which measures the PostgreSQL baselines and computes the
// ratios.
//
//   supplynet-bench generate --rows=N --out=FILE
//   supplynet-bench register --server=HOST:PORT [--nit=N] -> token, company_id, nit
//   supplynet-bench import   --server=... --token=... --file=FILE
//   supplynet-bench get      --server=... --token=... --callers=32 --seconds=10
//   supplynet-bench load     --server=... --token=... --method=get|list|add [--first_nit=N]
//                            (get's load with any of GetSupplier, ListSuppliers page 1,
//                            AddSupplier)
//   supplynet-bench list     --server=... --token=... --page=1000 --repeat=100
//   supplynet-bench compare-networks --server=... --token=... --other_token=... --slices=10
//                            --seconds=2 --repeat=100  (GetSupplier and ListSuppliers page 1 of
//                            two networks, alternating)
//   supplynet-bench wait     --server=...                 (until it accepts connections)
//   supplynet-bench service-key --server=... --token=ADMIN -> service_key
//   supplynet-bench documents --rows=N --receiver_nit=NIT [--series=FE] --out=FILE
//   supplynet-bench sync     --server=... --token=KEY --rows=N --receiver_nit=NIT [--series=FE]
//   supplynet-bench export   --server=... --token=...     (received documents)
//   supplynet-bench list-documents --server=... --token=... --page=1000 --repeat=100
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/synchronization/mutex.h"
#include "bench/bench_common.h"
#include "bench/document_bench.h"
#include "bench/get_load.h"
#include "bench/page_latency.h"
#include "supplynet/v1/account.grpc.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"

ABSL_FLAG(std::string, server, "127.0.0.1:50051", "supplynet server address");
ABSL_FLAG(std::string, token, "", "admin bearer token (from `register`)");
ABSL_FLAG(int64_t, rows, 100000, "rows to generate");
ABSL_FLAG(std::string, out, "suppliers.csv", "file to generate");
ABSL_FLAG(std::string, file, "suppliers.csv", "file to import");
ABSL_FLAG(int, chunk_bytes, 64 * 1024, "import chunk size");
ABSL_FLAG(int, callers, 32, "concurrent GetSupplier callers");
ABSL_FLAG(int, connections, 0, "HTTP/2 connections the callers share (0: one per client thread)");
ABSL_FLAG(int, threads, 2, "client threads driving the GetSupplier callers (pgbench -j 2)");
ABSL_FLAG(double, seconds, 10, "measured seconds of the GetSupplier run");
ABSL_FLAG(int, page, 1000, "the far page of the ListSuppliers / ListDocuments comparison");
ABSL_FLAG(int, repeat, 100, "timed requests per page");
ABSL_FLAG(std::string, nit, "", "the registered company's NIT (default: a random one)");
ABSL_FLAG(std::string, receiver_nit, "", "NIT of the generated documents' receiver");
ABSL_FLAG(std::string, series, "FE", "series of the generated documents");
ABSL_FLAG(int, per_call, 10000, "documents per SyncDocuments call (the server's maximum)");
ABSL_FLAG(int, wait_seconds, 60, "how long `wait` waits for the server");
ABSL_FLAG(
    std::string, method, "get",
    "`load`: get (GetSupplier), list (ListSuppliers), add (AddSupplier), health (Health/Check)");
ABSL_FLAG(int64_t, first_nit, 700000000, "`load --method=add`: NIT of the first new entry");
ABSL_FLAG(std::string, other_token, "", "`compare-networks`: admin token of the second network");
ABSL_FLAG(int, slices, 10, "`compare-networks`: GetSupplier runs of --seconds per network");

namespace supplynet::bench {
namespace {

namespace v1 = ::supplynet::v1;

constexpr char kPassword[] = "bench password 1234";

std::shared_ptr<grpc::Channel> NewChannel(int index = 0) {
  return bench::NewChannel(absl::GetFlag(FLAGS_server), index);
}

// The template's columns; names are shuffled so that the name order differs from the file's.
int Generate() {
  const int64_t rows = absl::GetFlag(FLAGS_rows);
  std::ofstream out(absl::GetFlag(FLAGS_out), std::ios::binary);
  out << "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*\n";
  const char* cities[] = {"Bogotá", "Medellín", "Cali", "Barranquilla", "Cartagena"};
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t shuffled = (i * 7919) % rows;
    const int64_t nit = 800000000 + i;
    out << nit << ",Proveedor " << shuffled << " S.A.S.,\"Suministros, servicios y más\","
        << "Calle " << i % 200 << " # " << i % 97 << "-" << i % 50 << "," << cities[i % 5]
        << ",Antioquia,+57 1 555 " << i % 10000 << ",,compras" << i << "@proveedor.example,g"
        << i % 10 << "|todos,0\n";
  }
  return out.good() ? 0 : 1;
}

int Register() {
  auto accounts = v1::AccountService::NewStub(NewChannel());
  std::string nit = absl::GetFlag(FLAGS_nit);
  if (nit.empty()) nit = std::to_string(900000000 + std::random_device()() % 99999999);
  const std::string username = "bench" + nit;
  v1::RegisterCompanyRequest request;
  request.mutable_company()->mutable_tax_id()->set_country(v1::COUNTRY_CO);
  request.mutable_company()->mutable_tax_id()->set_value(nit);
  request.mutable_company()->set_legal_name("Bench " + nit + " S.A.S.");
  request.set_admin_username(username);
  request.set_admin_email(username + "@example.com");
  request.set_admin_password(kPassword);
  v1::RegisterCompanyResponse registered;
  grpc::Status status = accounts->RegisterCompany(Ctx("").get(), request, &registered);
  if (!status.ok()) return Fail("RegisterCompany", status);
  v1::LoginRequest login;
  login.set_username(username);
  login.set_password(kPassword);
  v1::LoginResponse session;
  status = accounts->Login(Ctx("").get(), login, &session);
  if (!status.ok()) return Fail("Login", status);
  std::cout << "token=" << session.access_token() << "\n"
            << "company_id=" << registered.company().company_id() << "\n"
            << "nit=" << nit << "\n";
  return 0;
}

int Import() {
  auto suppliers = v1::SupplierNetworkService::NewStub(NewChannel());
  std::ifstream in(absl::GetFlag(FLAGS_file), std::ios::binary);
  if (!in) {
    std::cerr << "cannot read " << absl::GetFlag(FLAGS_file) << "\n";
    return 1;
  }
  const Clock::time_point start = Clock::now();
  std::unique_ptr<grpc::ClientContext> context = Ctx(absl::GetFlag(FLAGS_token));
  v1::ImportSuppliersResponse report;
  auto writer = suppliers->ImportSuppliers(context.get(), &report);
  v1::ImportSuppliersRequest message;
  message.mutable_options()->set_default_country(v1::COUNTRY_CO);
  writer->Write(message);
  std::string buffer(static_cast<size_t>(absl::GetFlag(FLAGS_chunk_bytes)), '\0');
  while (in.read(buffer.data(), static_cast<std::streamsize>(buffer.size())) || in.gcount() > 0) {
    message.set_chunk(buffer.data(), static_cast<size_t>(in.gcount()));
    if (!writer->Write(message)) break;
  }
  writer->WritesDone();
  const grpc::Status status = writer->Finish();
  const double seconds = SecondsSince(start);
  if (!status.ok()) return Fail("ImportSuppliers", status);
  std::cout << "import_seconds=" << seconds << "\n"
            << "import_rows=" << report.rows_read() << "\n"
            << "import_created=" << report.created() << "\n"
            << "import_rejected=" << report.rejected() << "\n";
  return 0;
}

// Every supplier id of the network, page by page.
std::vector<std::string> AllIds(v1::SupplierNetworkService::Stub& suppliers,
                                const std::string& token) {
  std::vector<std::string> ids;
  v1::ListSuppliersRequest request;
  request.set_page_size(1000);
  do {
    v1::ListSuppliersResponse response;
    const grpc::Status status = suppliers.ListSuppliers(Ctx(token).get(), request, &response);
    if (!status.ok()) {
      Fail("ListSuppliers", status);
      return {};
    }
    for (const v1::Supplier& s : response.suppliers()) ids.push_back(s.supplier_id());
    request.set_page_token(response.next_page_token());
  } while (!request.page_token().empty());
  return ids;
}

// `load` with the --callers, --threads, --connections and --seconds flags.
GetLoad WithLoadFlags(GetLoad load) {
  load.callers = absl::GetFlag(FLAGS_callers);
  load.threads = absl::GetFlag(FLAGS_threads);
  load.connections = absl::GetFlag(FLAGS_connections);
  load.seconds = absl::GetFlag(FLAGS_seconds);
  return load;
}

// Runs `load` with the load flags; prints <prefix>_calls_per_second and <prefix>_failures.
// Exit code 1 when a call failed.
int RunLoadAndPrint(GetLoad load, std::string_view prefix) {
  load = WithLoadFlags(std::move(load));
  const GetLoadResult result = RunGetLoad(load);
  std::cout << prefix << "_calls_per_second=" << static_cast<double>(result.calls) / load.seconds
            << "\n"
            << prefix << "_failures=" << result.failures << "\n";
  return result.failures == 0 ? 0 : 1;
}

int Get() {
  const std::string token = absl::GetFlag(FLAGS_token);
  auto lister = v1::SupplierNetworkService::NewStub(NewChannel());
  const std::vector<std::string> ids = AllIds(*lister, token);
  if (ids.empty()) return 1;
  return RunLoadAndPrint(GetLoad{absl::GetFlag(FLAGS_server), token, ids}, "get");
}

// `get`'s load with the method of --method; prints load_calls_per_second and load_failures.
int Load() {
  const std::string token = absl::GetFlag(FLAGS_token);
  const std::string method = absl::GetFlag(FLAGS_method);
  GetLoad load{absl::GetFlag(FLAGS_server), token, {}};
  if (method == "get") {
    auto lister = v1::SupplierNetworkService::NewStub(NewChannel());
    load.ids = AllIds(*lister, token);
    if (load.ids.empty()) return 1;
  } else if (method == "list") {
    load.method = LoadMethod::kListSuppliers;
  } else if (method == "health") {
    load.method = LoadMethod::kHealthCheck;
  } else if (method == "add") {
    load.method = LoadMethod::kAddSupplier;
    load.first_nit = absl::GetFlag(FLAGS_first_nit);
  } else {
    std::cerr << "--method must be get, list, add or health\n";
    return 2;
  }
  return RunLoadAndPrint(std::move(load), "load");
}

int List() {
  const std::string token = absl::GetFlag(FLAGS_token);
  auto suppliers = v1::SupplierNetworkService::NewStub(NewChannel());
  const std::optional<PageLatency> pages =
      ComparePages<v1::ListSuppliersRequest, v1::ListSuppliersResponse>(
          {}, absl::GetFlag(FLAGS_page), absl::GetFlag(FLAGS_repeat),
          [&](const v1::ListSuppliersRequest& request, v1::ListSuppliersResponse* response) {
            return suppliers->ListSuppliers(Ctx(token).get(), request, response);
          });
  return PrintPages(pages, "list");
}

// GetSupplier (the load of `get`) and ListSuppliers page 1 (as `list` times it) in the
// networks of --token and --other_token, alternating between the two so that both see the
// same conditions: --slices GetSupplier runs of --seconds each per network, one network's then
// the other's, and --repeat page-1 requests each, one by one. Prints each network's median
// (first_... and second_...): a single run of either moved by a quarter on the shared VM.
int CompareNetworks() {
  const std::string tokens[] = {absl::GetFlag(FLAGS_token), absl::GetFlag(FLAGS_other_token)};
  auto suppliers = v1::SupplierNetworkService::NewStub(NewChannel());
  std::vector<GetLoad> loads;
  for (const std::string& token : tokens) {
    GetLoad load = WithLoadFlags({absl::GetFlag(FLAGS_server), token, AllIds(*suppliers, token)});
    if (load.ids.empty()) return 1;
    load.warmup_seconds = 0.5;  // The slice's new connections and first calls.
    loads.push_back(std::move(load));
  }
  int64_t failures = 0;
  const auto get_rate = [&](const GetLoad& load) {
    return [&failures, &load] {
      const GetLoadResult result = RunGetLoad(load);
      failures += result.failures;
      return static_cast<double>(result.calls) / load.seconds;
    };
  };
  const TwoMedians rates =
      InterleavedMedians(get_rate(loads[0]), get_rate(loads[1]), absl::GetFlag(FLAGS_slices));
  const auto page1_ms = [&](const std::string& token) {
    return [&suppliers, &token, &failures] {
      v1::ListSuppliersResponse response;
      const Clock::time_point start = Clock::now();
      if (!suppliers->ListSuppliers(Ctx(token).get(), {}, &response).ok()) ++failures;
      return SecondsSince(start) * 1000;
    };
  };
  const TwoMedians pages =
      InterleavedMedians(page1_ms(tokens[0]), page1_ms(tokens[1]), absl::GetFlag(FLAGS_repeat));
  std::cout << "first_get_calls_per_second=" << rates.first << "\n"
            << "second_get_calls_per_second=" << rates.second << "\n"
            << "first_list_page1_ms=" << pages.first << "\n"
            << "second_list_page1_ms=" << pages.second << "\n"
            << "compare_failures=" << failures << "\n";
  return failures == 0 ? 0 : 1;
}

DocumentSet DocumentsOfFlags() {
  DocumentSet set;
  set.rows = absl::GetFlag(FLAGS_rows);
  set.receiver_nit = absl::GetFlag(FLAGS_receiver_nit);
  set.series = absl::GetFlag(FLAGS_series);
  return set;
}

}  // namespace
}  // namespace supplynet::bench

int main(int argc, char** argv) {
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  // Debian's Abseil keeps a lock-order graph on every mutex (gRPC's too) unless told not to:
  // the client side of a call would be measured with it (bench/README.md).
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  const std::string command = args.size() > 1 ? args[1] : "";
  namespace b = supplynet::bench;
  if (command == "generate") return b::Generate();
  if (command == "register") return b::Register();
  if (command == "import") return b::Import();
  if (command == "get") return b::Get();
  if (command == "list") return b::List();
  if (command == "load") return b::Load();
  if (command == "compare-networks") return b::CompareNetworks();
  const std::string server = absl::GetFlag(FLAGS_server);
  const std::string token = absl::GetFlag(FLAGS_token);
  if (command == "wait") return b::WaitForServer(server, absl::GetFlag(FLAGS_wait_seconds));
  if (command == "service-key") return b::CreateServiceKey(server, token);
  if (command == "documents") {
    return b::WriteDocumentsCsv(b::DocumentsOfFlags(), absl::GetFlag(FLAGS_out));
  }
  if (command == "sync") {
    return b::SyncDocumentSet(server, token, b::DocumentsOfFlags(), absl::GetFlag(FLAGS_per_call));
  }
  if (command == "export") return b::ExportReceived(server, token);
  if (command == "list-documents") {
    return b::CompareDocumentPages(server, token, absl::GetFlag(FLAGS_page),
                                   absl::GetFlag(FLAGS_repeat));
  }
  std::cerr << "usage: supplynet-bench generate|register|import|get|load|list|compare-networks|"
               "wait|service-key|documents|sync|export|list-documents [--flags]\n";
  return 2;
}
