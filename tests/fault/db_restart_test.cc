// Fault suite: PostgreSQL stopped and started again (`pg_ctl stop -m fast`, then
// `-m immediate`, a crash and recovery) under 8 clients that add suppliers and sync documents in a
// loop. A call that fails is retried with the same request (its request_id; a document by its
// identity) until it is answered OK, as the client library's callers do. Afterwards every
// acknowledged supplier and document is in the database exactly once. Prints the calls made,
// acknowledged, lost, doubled and the seconds from the database being back to the server answering
// SERVING (a figure, not asserted: no timing thresholds in tests); health must say NOT_SERVING
// while the database is gone.
#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/documents.h"
#include "tests/support/pg_cluster.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using Clock = std::chrono::steady_clock;
using Health = grpc::health::v1::HealthCheckResponse;

constexpr int kClients = 8;
constexpr char kClientNit[] = "890321567";
constexpr char kSupplierNit[] = "800191045";

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// What the clients did, and what they were told.
struct Tally {
  std::atomic<int64_t> calls{0};
  std::atomic<int64_t> failed_attempts{0};
  std::mutex mu;
  std::vector<std::string> acked_tax_ids;  // Suppliers answered OK.
  std::vector<std::string> acked_numbers;  // Documents answered CREATED or UNCHANGED.
};

// The codes a client retries: the database or the server was away for a moment.
bool Retriable(grpc::StatusCode code) {
  return code == grpc::StatusCode::UNAVAILABLE || code == grpc::StatusCode::DEADLINE_EXCEEDED ||
         code == grpc::StatusCode::ABORTED || code == grpc::StatusCode::UNKNOWN ||
         code == grpc::StatusCode::INTERNAL;
}

// Retries `call` (which returns its status code) while it fails with a retriable code, for at
// most a minute; true once it is answered OK. Every attempt is a call made.
template <typename Call>
bool UntilAcknowledged(Tally& tally, Call&& call) {
  const Clock::time_point start = Clock::now();
  for (;;) {
    ++tally.calls;
    const grpc::StatusCode code = call();
    if (code == grpc::StatusCode::OK) return true;
    ++tally.failed_attempts;
    if (!Retriable(code) || SecondsSince(start) > 60) {
      ADD_FAILURE() << "a call failed for good with code " << code;
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

class DatabaseRestartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(cluster_.Start());
    setenv("SUPPLYNET_TEST_DATABASE_URL", cluster_.url().c_str(), 1);
    db_ = TestDatabase::Create();
    ASSERT_NE(db_, nullptr);
    server_ = std::make_unique<TestServer>(*db_);
    ASSERT_TRUE(server_->ok());
    auto accounts = server_->Accounts();
    client_ = RegisterParty(*accounts, kClientNit, "fault-client");
    const Party supplier = RegisterParty(*accounts, kSupplierNit, "fault-supplier");
    Link(*db_, client_, supplier);
  }

  void TearDown() override {
    if (server_ != nullptr) server_->Stop();
    db_.reset();
  }

  // The health status the server answers, UNKNOWN if it does not answer within a second.
  Health::ServingStatus Status(grpc::health::v1::Health::Stub& health) {
    Health response;
    auto context = Ctx();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(1));
    return health.Check(context.get(), {}, &response).ok() ? response.status() : Health::UNKNOWN;
  }
  bool Serving(grpc::health::v1::Health::Stub& health) { return Status(health) == Health::SERVING; }
  bool NotServing(grpc::health::v1::Health::Stub& health) {
    return Status(health) == Health::NOT_SERVING;
  }

  // What one outage looked like from the health service.
  struct Outage {
    bool not_serving_seen = false;  // Health said NOT_SERVING while the database was gone.
    double seconds_to_serving = 0;  // From the database accepting connections to SERVING.
  };

  // Stops PostgreSQL with `mode` (fast, or immediate: a crash and recovery), keeps it down
  // until health says NOT_SERVING (at most 10 s) and a second more while the clients keep
  // calling, starts it again and times the server's return to SERVING.
  Outage StopStartAndTimeRecovery(const std::string& mode) {
    auto health = grpc::health::v1::Health::NewStub(server_->channel());
    Outage outage;
    EXPECT_TRUE(cluster_.Stop(mode)) << mode;
    const Clock::time_point down = Clock::now();
    while (!(outage.not_serving_seen = NotServing(*health)) && SecondsSince(down) < 10) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    std::this_thread::sleep_for(std::chrono::seconds(1));
    EXPECT_TRUE(cluster_.Start()) << mode;
    const Clock::time_point back = Clock::now();
    while (!Serving(*health) && SecondsSince(back) < 60) {
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    outage.seconds_to_serving = SecondsSince(back);
    return outage;
  }

  // Client `c`: adds suppliers (even c) or syncs documents (odd c), one after another.
  void RunClient(int c, const std::atomic<bool>& stop, Tally& tally) {
    auto channel = grpc::CreateChannel(server_->address(), grpc::InsecureChannelCredentials());
    auto suppliers = v1::SupplierNetworkService::NewStub(channel);
    auto documents = v1::DocumentStatusService::NewStub(channel);
    const std::string& token = client_.tenant.admin_token;
    for (int i = 0; !stop; ++i) {
      const std::string n = absl::StrFormat("%d%05d", c + 1, i);
      if (c % 2 == 0) {
        v1::AddSupplierRequest request;
        request.mutable_supplier()->mutable_tax_id()->set_country(v1::COUNTRY_CO);
        request.mutable_supplier()->mutable_tax_id()->set_value("800" + n);
        request.mutable_supplier()->set_name("Fault " + n);
        request.mutable_supplier()->set_email("f" + n + "@example.com");
        request.set_request_id("6f1c9a52-0000-4000-8000-" + std::string(12 - n.size(), '0') + n);
        const bool acked = UntilAcknowledged(tally, [&] {
          v1::AddSupplierResponse response;
          return suppliers->AddSupplier(Ctx(token).get(), request, &response).error_code();
        });
        if (!acked) return;
        std::lock_guard<std::mutex> lock(tally.mu);
        tally.acked_tax_ids.push_back("800" + n);
      } else {
        const v1::Document invoice = Invoice(kSupplierNit, kClientNit, n);
        const bool acked = UntilAcknowledged(tally, [&] {
          grpc::Status status;
          const v1::SyncDocumentsResponse response = Sync(*documents, token, {invoice}, &status);
          if (!status.ok()) return status.error_code();
          if (response.results_size() != 1) return grpc::StatusCode::INTERNAL;
          return static_cast<grpc::StatusCode>(response.results(0).error().code());
        });
        if (!acked) return;
        std::lock_guard<std::mutex> lock(tally.mu);
        tally.acked_numbers.push_back(n);
      }
    }
  }

  // Rows in `sql`'s single count.
  int64_t Count(const std::string& sql) const { return std::stoll(db_->QueryValue(sql)); }

  OwnCluster cluster_{/*durable=*/true};  // An immediate restart must not lose commits.
  std::unique_ptr<TestDatabase> db_;
  std::unique_ptr<TestServer> server_;
  Party client_;
};

TEST_F(DatabaseRestartTest, NothingAcknowledgedIsLostOrDoubled) {
  Tally tally;
  std::atomic<bool> stop{false};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] { RunClient(c, stop, tally); });
  }
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const Outage fast = StopStartAndTimeRecovery("fast");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  const Outage immediate = StopStartAndTimeRecovery("immediate");
  std::this_thread::sleep_for(std::chrono::seconds(2));
  stop = true;
  for (std::thread& client : clients) client.join();

  int64_t lost = 0;
  for (const std::string& tax_id : tally.acked_tax_ids) {
    if (Count(absl::StrCat("SELECT count(*) FROM suppliers WHERE client_company_id = '",
                           client_.tenant.company_id, "' AND tax_id = '", tax_id, "'")) == 0) {
      ++lost;
    }
  }
  for (const std::string& number : tally.acked_numbers) {
    if (Count(absl::StrCat("SELECT count(*) FROM documents WHERE number = '", number, "'")) == 0) {
      ++lost;
    }
  }
  const int64_t doubled =
      Count(absl::StrCat("SELECT count(*) FROM (SELECT tax_id FROM suppliers WHERE "
                         "client_company_id = '",
                         client_.tenant.company_id, "' GROUP BY tax_id HAVING count(*) > 1) d")) +
      Count(
          "SELECT count(*) FROM (SELECT number FROM documents GROUP BY series, number "
          "HAVING count(*) > 1) d") +
      Count(
          "SELECT count(*) FROM (SELECT document_id FROM document_status_changes WHERE "
          "from_status = '' GROUP BY document_id HAVING count(*) > 1) d");
  const int64_t acknowledged =
      static_cast<int64_t>(tally.acked_tax_ids.size() + tally.acked_numbers.size());
  std::printf(
      "database restarts: %lld calls, %lld failed attempts retried, %lld acknowledged "
      "(%zu suppliers, %zu documents), lost %lld, doubled %lld; NOT_SERVING while down; "
      "SERVING %.2f s after the database was back from a fast stop, %.2f s from a crash\n",
      static_cast<long long>(tally.calls), static_cast<long long>(tally.failed_attempts),
      static_cast<long long>(acknowledged), tally.acked_tax_ids.size(), tally.acked_numbers.size(),
      static_cast<long long>(lost), static_cast<long long>(doubled), fast.seconds_to_serving,
      immediate.seconds_to_serving);
  EXPECT_TRUE(fast.not_serving_seen) << "health never said NOT_SERVING with the database stopped";
  EXPECT_TRUE(immediate.not_serving_seen) << "health never said NOT_SERVING after the crash";
  EXPECT_GT(tally.failed_attempts.load(), 0) << "the restarts failed no call: nothing was tested";
  EXPECT_GT(acknowledged, 0);
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(doubled, 0);
}

}  // namespace
}  // namespace supplynet::testing
