#include "bench/get_load.h"

#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <random>
#include <thread>

#include "bench/bench_common.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"

namespace supplynet::bench {
namespace {

namespace v1 = ::supplynet::v1;

// One call in flight; its address is the completion queue's tag. One of the readers is set.
struct PendingGet {
  int caller = 0;
  std::unique_ptr<grpc::ClientContext> context;
  v1::GetSupplierResponse response;
  v1::ListSuppliersResponse list_response;
  v1::AddSupplierResponse add_response;
  grpc::ByteBuffer health_response;
  grpc::Status status;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::GetSupplierResponse>> reader;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::ListSuppliersResponse>> list_reader;
  std::unique_ptr<grpc::ClientAsyncResponseReader<v1::AddSupplierResponse>> add_reader;
  std::unique_ptr<grpc::GenericClientAsyncResponseReader> health_reader;
};

// The callers of one thread, on one completion queue.
class CallerGroup {
 public:
  // `connections`: the load's HTTP/2 connections, which the callers share.
  CallerGroup(const GetLoad& load, const std::vector<std::shared_ptr<grpc::Channel>>& connections,
              std::atomic<int64_t>& next_nit, int group, int first_caller, int count)
      : load_(load),
        next_nit_(next_nit),
        random_(static_cast<uint64_t>(first_caller)),
        pick_(0, load.ids.empty() ? 0 : load.ids.size() - 1) {
    for (int i = 0; i < count; ++i) {
      const int connection = load.connections > 0 ? (first_caller + i) % load.connections : group;
      const std::shared_ptr<grpc::Channel>& channel = connections[connection];
      stubs_.push_back(v1::SupplierNetworkService::NewStub(channel));
      generic_stubs_.push_back(std::make_unique<grpc::GenericStub>(channel));
    }
  }

  void Run(Clock::time_point start, Clock::time_point end, GetLoadResult& result) {
    for (int caller = 0; caller < static_cast<int>(stubs_.size()); ++caller) Start(caller);
    int in_flight = static_cast<int>(stubs_.size());
    void* tag = nullptr;
    bool ok = false;
    while (in_flight > 0 && queue_.Next(&tag, &ok)) {
      std::unique_ptr<PendingGet> done(static_cast<PendingGet*>(tag));
      const Clock::time_point now = Clock::now();
      if (now >= start && now < end) ++(ok && done->status.ok() ? result.calls : result.failures);
      if (now < end) {
        Start(done->caller);
      } else {
        --in_flight;
      }
    }
    queue_.Shutdown();
    while (queue_.Next(&tag, &ok)) delete static_cast<PendingGet*>(tag);
  }

 private:
  void Start(int caller) {
    auto call = std::make_unique<PendingGet>();
    call->caller = caller;
    call->context = Ctx(load_.token);
    switch (load_.method) {
      case LoadMethod::kGetSupplier: {
        v1::GetSupplierRequest request;
        request.set_supplier_id(load_.ids[pick_(random_)]);
        call->reader = stubs_[caller]->AsyncGetSupplier(call->context.get(), request, &queue_);
        PendingGet* tag = call.release();
        tag->reader->Finish(&tag->response, &tag->status, tag);
        return;
      }
      case LoadMethod::kListSuppliers: {
        call->list_reader = stubs_[caller]->AsyncListSuppliers(call->context.get(),
                                                               v1::ListSuppliersRequest(), &queue_);
        PendingGet* tag = call.release();
        tag->list_reader->Finish(&tag->list_response, &tag->status, tag);
        return;
      }
      case LoadMethod::kAddSupplier: {
        const std::string nit = std::to_string(next_nit_++);
        v1::AddSupplierRequest request;
        request.mutable_supplier()->mutable_tax_id()->set_country(v1::COUNTRY_CO);
        request.mutable_supplier()->mutable_tax_id()->set_value(nit);
        request.mutable_supplier()->set_name("Bench " + nit);
        request.mutable_supplier()->set_email("b" + nit + "@example.com");
        call->add_reader = stubs_[caller]->AsyncAddSupplier(call->context.get(), request, &queue_);
        PendingGet* tag = call.release();
        tag->add_reader->Finish(&tag->add_response, &tag->status, tag);
        return;
      }
      case LoadMethod::kHealthCheck: {
        // An empty HealthCheckRequest: the server's overall status.
        const grpc::Slice empty;
        call->health_reader = generic_stubs_[caller]->PrepareUnaryCall(
            call->context.get(), "/grpc.health.v1.Health/Check", grpc::ByteBuffer(&empty, 1),
            &queue_);
        call->health_reader->StartCall();
        PendingGet* tag = call.release();
        tag->health_reader->Finish(&tag->health_response, &tag->status, tag);
        return;
      }
    }
  }

  const GetLoad& load_;
  std::atomic<int64_t>& next_nit_;
  std::mt19937_64 random_;
  std::uniform_int_distribution<size_t> pick_;
  std::vector<std::unique_ptr<v1::SupplierNetworkService::Stub>> stubs_;
  std::vector<std::unique_ptr<grpc::GenericStub>> generic_stubs_;
  grpc::CompletionQueue queue_;
};

}  // namespace

GetLoadResult RunGetLoad(const GetLoad& load) {
  const int threads = std::max(1, std::min(load.threads, load.callers));
  const Clock::time_point start =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(
                         std::chrono::duration<double>(load.warmup_seconds));
  const Clock::time_point end = start + std::chrono::duration_cast<Clock::duration>(
                                            std::chrono::duration<double>(load.seconds));
  std::vector<std::unique_ptr<CallerGroup>> groups;
  std::vector<GetLoadResult> results(static_cast<size_t>(threads));
  std::atomic<int64_t> next_nit{load.first_nit};
  std::vector<std::shared_ptr<grpc::Channel>> connections(
      static_cast<size_t>(load.connections > 0 ? load.connections : threads));
  for (std::shared_ptr<grpc::Channel>& connection : connections) {
    connection = NewLoadChannel(load.server);
  }
  for (int t = 0, first = 0; t < threads; ++t) {
    const int count = load.callers / threads + (t < load.callers % threads ? 1 : 0);
    groups.push_back(std::make_unique<CallerGroup>(load, connections, next_nit, t, first, count));
    first += count;
  }
  std::vector<std::thread> running;
  running.reserve(static_cast<size_t>(threads));
  for (int t = 0; t < threads; ++t) {
    running.emplace_back([&, t] { groups[t]->Run(start, end, results[t]); });
  }
  for (std::thread& thread : running) thread.join();
  GetLoadResult total;
  for (const GetLoadResult& r : results) {
    total.calls += r.calls;
    total.failures += r.failures;
  }
  return total;
}

}  // namespace supplynet::bench
