// Scale test of the deployment scripts/cluster starts: 3 supplynet-server replicas behind
// HAProxy, PostgreSQL primary + synchronous standby under Patroni (etcd), brought up on free
// ports in a temporary folder. 8 clients (the C++ client library, through HAProxy) add
// suppliers, invite them, sync documents and read, each also watching document events through
// HAProxy, and one more watcher is attached straight to each replica. Then:
//   1. metrics: the replicas read from the standby; a fault-free stretch whose calls the
//      replicas' /metrics count exactly, as they count the watch streams and the emails sent;
//   2. one replica SIGKILLed: calls fail over to the others (reads retried by the library,
//      mutations retried by the caller with their request_id), the killed replica is started
//      again and its own watcher resumes from its cursor;
//   3. the primary killed (Patroni and PostgreSQL SIGKILLed: a node crash): Patroni promotes
//      the standby, the servers reconnect by themselves (their LISTEN connections too), writes
//      resume. SUPPLYNET_CLUSTER_CYCLES repeats 2 and 3 (scripts/cluster-soak), the old primary
//      rejoining as the standby in between.
// Afterwards every acknowledged supplier, invitation and document is in the database exactly
// once, every watcher saw every document's first status change (deduplicated by
// status_change_id, as the contract says), and the SMTP sink received every invitation email.
// Prints the figures; no timing assertions. Skipped when HAProxy, Patroni or etcd are missing
// (scripts/install-deps --cluster installs them).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "supplynet/client/client.h"
#include "tests/support/accounts.h"
#include "tests/support/documents.h"
#include "tests/support/smtp_sink.h"

namespace supplynet::testing {
namespace {

using Clock = std::chrono::steady_clock;
namespace fs = std::filesystem;

constexpr int kClients = 8;
constexpr char kClientNit[] = "890321567";
constexpr char kIssuerNit[] = "800191045";

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}
void Sleep(double seconds) { std::this_thread::sleep_for(std::chrono::duration<double>(seconds)); }

struct CommandResult {
  int exit_code = -1;
  std::string output;
};

// Runs a shell command, stdout and stderr together.
CommandResult RunCommand(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return result;
  char buffer[4096];
  size_t n;
  while ((n = fread(buffer, 1, sizeof(buffer), pipe)) > 0) result.output.append(buffer, n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

template <typename T>
T QueryValue(pqxx::work& tx, const std::string& sql) {
  return tx.exec1(sql)[0].as<T>();
}

bool PortFree(int port) {
  return RunCommand(absl::StrCat("(exec 3<>/dev/tcp/127.0.0.1/", port, ") 2>/dev/null"))
             .exit_code != 0;
}

// What is missing to run the deployment, "" when nothing.
std::string MissingPackages() {
  std::string missing;
  for (const char* path : {"/usr/sbin/haproxy", "/usr/bin/patroni", "/usr/bin/etcd",
                           "/usr/bin/curl", "/usr/lib/python3/dist-packages/etcd"}) {
    if (!fs::exists(path)) absl::StrAppend(&missing, missing.empty() ? "" : ", ", path);
  }
  return missing;
}

// The deployment of scripts/cluster in a temporary folder, on 30 free ports from a base.
class Deployment {
 public:
  Deployment() {
    char pattern[] = "/tmp/supplynet-cluster.XXXXXX";
    dir_ = mkdtemp(pattern);
    fs::permissions(dir_, fs::perms::owner_all | fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
    std::mt19937 random(std::random_device{}());
    for (int attempt = 0; attempt < 50 && base_ == 0; ++attempt) {
      // Below the kernel's ephemeral ports (32768 and up), which any outgoing connection may
      // hold at any moment.
      const int base = 10000 + 100 * static_cast<int>(random() % 220);
      bool free = true;
      for (int p = base; p < base + 30 && free; ++p) free = PortFree(p);
      if (free) base_ = base;
    }
  }
  ~Deployment() {
    if (!dir_.empty()) {
      Down();
      std::error_code ignored;
      if (std::getenv("CLUSTER_KEEP") == nullptr) fs::remove_all(dir_, ignored);
    }
  }

  bool ok() const { return base_ != 0; }
  const std::string& dir() const { return dir_; }

  CommandResult Cluster(const std::string& args) const {
    return RunCommand(absl::StrCat("CLUSTER_DIR='", dir_, "' CLUSTER_PORT_BASE=", base_,
                                   " CLUSTER_BUILD=0 CLUSTER_INSTALL=0 BUILD_DIR='",
                                   SUPPLYNET_BUILD_DIR, "' '", SUPPLYNET_CLUSTER_SCRIPT, "' ",
                                   args));
  }
  void Down() const {
    const CommandResult down = Cluster("down");
    if (down.exit_code != 0) std::printf("cluster down failed:\n%s\n", down.output.c_str());
  }

  // `scripts/cluster env` as a map.
  std::map<std::string, std::string> Env() const {
    std::map<std::string, std::string> env;
    for (absl::string_view line : absl::StrSplit(Cluster("env").output, '\n')) {
      const size_t eq = line.find('=');
      if (eq == absl::string_view::npos) continue;
      std::string value(line.substr(eq + 1));
      if (value.size() >= 2 && value.front() == '\'' && value.back() == '\'') {
        value = value.substr(1, value.size() - 2);
      }
      env[std::string(line.substr(0, eq))] = value;
    }
    return env;
  }

 private:
  std::string dir_;
  int base_ = 0;
};

// The codes after which a caller tries again: the replica, HAProxy's backend or the database
// went away for a moment. A replica killed in the middle of a call arrives as UNAVAILABLE
// (HAProxy's 502) when it had not answered yet, or, for a stream it had already answered (a
// SyncDocuments), as HAProxy's RST_STREAM(CANCEL), which gRPC reports as CANCELLED: these
// clients never cancel a call themselves, so CANCELLED is the proxy's doing and is retried too.
bool Retriable(absl::StatusCode code) {
  return code == absl::StatusCode::kUnavailable || code == absl::StatusCode::kDeadlineExceeded ||
         code == absl::StatusCode::kAborted || code == absl::StatusCode::kUnknown ||
         code == absl::StatusCode::kInternal || code == absl::StatusCode::kCancelled;
}

// A request_id (UUID) that is the same for every attempt of one write.
std::string RequestId(int kind, const std::string& n) {
  return absl::StrFormat("5ca1e000-000%d-4000-8000-%s%s", kind, std::string(12 - n.size(), '0'), n);
}

// What the clients did and what they were told.
struct Tally {
  std::mutex mu;
  std::map<std::string, int64_t> attempts;  // By method: every call made.
  std::vector<double> failed_writes;        // Seconds since start of each failed write attempt.
  std::vector<double> failed_reads;         // ... of each read failed after the library's retries.
  int64_t gave_up = 0;                      // Writes never acknowledged (must stay 0).
  std::vector<double> ack_times;            // Seconds since start of every acknowledged write.
  std::map<std::string, std::string> suppliers;       // tax ID -> supplier_id, acknowledged.
  std::map<std::string, std::string> invitations;     // supplier_id -> invitation_id.
  std::map<std::string, std::string> invited_emails;  // email -> supplier tax ID.
  std::map<std::string, std::string> documents;       // number -> document_id.
};

// One watcher: resumes from its last cursor whenever its stream ends.
struct Watcher {
  std::string name;
  std::string target;
  std::mutex mu;
  std::map<std::string, int> deliveries;    // status_change_id -> times delivered.
  std::set<std::string> created_documents;  // document_id of initial status changes seen.
  std::string cursor;
  int reconnects = 0;
  bool live = false;                                  // The first stream's heartbeat arrived.
  supplynet::client::WatchCancellation cancellation;  // Ends the watcher for good.
};

class ClusterScaleTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string missing = MissingPackages();
    if (!missing.empty()) {
      GTEST_SKIP() << "cluster scale test skipped: " << missing
                   << " not installed (scripts/install-deps --cluster installs HAProxy, Patroni, "
                      "etcd)";
    }
    start_ = Clock::now();
    ASSERT_TRUE(sink_.Start());
    deployment_ = std::make_unique<Deployment>();
    ASSERT_TRUE(deployment_->ok()) << "no free range of 30 ports found";
    const Clock::time_point up_start = Clock::now();
    const CommandResult up = deployment_->Cluster(
        absl::StrCat("up -- --password_hash_cost=minimum --smtp_url=", sink_.url(),
                     " --outbox_poll_interval=500ms --auth_cache_ttl=10s"));
    ASSERT_EQ(up.exit_code, 0) << up.output;
    up_seconds_ = SecondsSince(up_start);
    env_ = deployment_->Env();
    grpc_ = env_["CLUSTER_GRPC"];
    ASSERT_FALSE(grpc_.empty());
    replicas_ = absl::StrSplit(env_["CLUSTER_REPLICAS"], ' ', absl::SkipEmpty());
    metrics_ = absl::StrSplit(env_["CLUSTER_METRICS"], ' ', absl::SkipEmpty());
    ASSERT_EQ(replicas_.size(), 3u);

    supplynet::client::ClientOptions options;
    options.target = grpc_;
    supplynet::client::Client admin(options);
    ASSERT_TRUE(admin.RegisterCompany(CompanyRequest(kClientNit, "scale-admin")).ok());
    auto login = admin.Login("scale-admin", kPassword);
    ASSERT_TRUE(login.ok()) << login.status();
    token_ = login->access_token();
  }

  void TearDown() override {
    if (deployment_ != nullptr && HasFailure()) {
      std::printf("%s\n", deployment_->Cluster("status").output.c_str());
    }
    deployment_.reset();  // down, folder removed
  }

  supplynet::client::Client MakeClient(const std::string& target) const {
    supplynet::client::ClientOptions options;
    options.target = target;
    options.credentials = supplynet::client::Credentials::BearerToken(token_);
    options.default_deadline = std::chrono::seconds(20);
    return supplynet::client::Client(options);
  }

  // Retries `call` (returning absl::Status) while it fails with a retriable code; true once it
  // is answered OK. Counts each attempt under `method`.
  template <typename Call>
  bool UntilAcknowledged(const std::string& method, Call&& call) {
    const Clock::time_point start = Clock::now();
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(tally_.mu);
        ++tally_.attempts[method];
      }
      const absl::Status status = call();
      if (status.ok()) {
        std::lock_guard<std::mutex> lock(tally_.mu);
        tally_.ack_times.push_back(SecondsSince(start_));
        return true;
      }
      {
        std::lock_guard<std::mutex> lock(tally_.mu);
        tally_.failed_writes.push_back(SecondsSince(start_));
      }
      if (!Retriable(status.code()) || SecondsSince(start) > 120) {
        ADD_FAILURE() << method << " failed for good: " << status;
        stop_ = true;  // Nothing more to learn: end the run.
        std::lock_guard<std::mutex> lock(tally_.mu);
        ++tally_.gave_up;
        return false;
      }
      Sleep(0.05);
    }
  }

  void CountRead(const std::string& method, const absl::Status& status) {
    std::lock_guard<std::mutex> lock(tally_.mu);
    ++tally_.attempts[method];
    if (!status.ok()) tally_.failed_reads.push_back(SecondsSince(start_));
  }

  // Client c: each round adds a supplier, invites every second one, syncs a document received
  // from the issuer and reads the supplier back and a page of the list.
  void RunClient(int c) {
    struct Exit {
      std::atomic<bool>& flag;
      ~Exit() { flag = true; }
    } exit{exited_[c]};
    supplynet::client::Client client = MakeClient(grpc_);
    for (int i = 0; !stop_; ++i) {
      while (paused_ && !stop_) {
        if (!parked_flag_[c]) parked_flag_[c] = true;
        Sleep(0.01);
      }
      parked_flag_[c] = false;
      if (stop_) break;
      const std::string n = absl::StrFormat("%d%05d", c + 1, i);
      const std::string tax_id = "800" + n;
      v1::Supplier supplier;
      supplier.mutable_tax_id()->set_country(v1::COUNTRY_CO);
      supplier.mutable_tax_id()->set_value(tax_id);
      supplier.set_name("Scale " + n);
      supplier.set_email("s" + n + "@example.com");
      std::string supplier_id;
      if (!UntilAcknowledged("AddSupplier", [&] {
            auto added = client.AddSupplier(supplier, RequestId(1, n));
            if (added.ok()) supplier_id = added->supplier_id();
            return added.status();
          })) {
        return;
      }
      {
        std::lock_guard<std::mutex> lock(tally_.mu);
        tally_.suppliers[tax_id] = supplier_id;
      }
      if (i % 2 == 0) {
        std::string invitation_id;
        if (!UntilAcknowledged("InviteSupplier", [&] {
              auto invited = client.InviteSupplier(supplier_id, {}, RequestId(2, n));
              if (invited.ok()) invitation_id = invited->invitation().invitation_id();
              return invited.status();
            })) {
          return;
        }
        std::lock_guard<std::mutex> lock(tally_.mu);
        tally_.invitations[supplier_id] = invitation_id;
        tally_.invited_emails[supplier.email()] = tax_id;
      }
      const v1::Document invoice = Invoice(kIssuerNit, kClientNit, n);
      std::string document_id;
      if (!UntilAcknowledged("SyncDocuments", [&]() -> absl::Status {
            auto synced = client.SyncDocuments(std::vector<v1::Document>{invoice});
            if (!synced.ok()) return synced.status();
            if (synced->results_size() != 1) return absl::InternalError("no result");
            const v1::SyncDocumentResult& result = synced->results(0);
            if (result.outcome() != v1::SYNC_DOCUMENT_OUTCOME_CREATED &&
                result.outcome() != v1::SYNC_DOCUMENT_OUTCOME_UNCHANGED) {
              return absl::Status(static_cast<absl::StatusCode>(result.error().code()),
                                  result.error().message());
            }
            document_id = result.document_id();
            return absl::OkStatus();
          })) {
        return;
      }
      {
        std::lock_guard<std::mutex> lock(tally_.mu);
        tally_.documents[n] = document_id;
      }
      CountRead("GetSupplier", client.GetSupplier(supplier_id).status());
      v1::ListSuppliersRequest list;
      list.set_page_size(20);
      list.set_name_contains(absl::StrCat("scale ", c + 1));
      CountRead("ListSuppliers", client.ListSuppliers(list).status());
    }
  }

  void RunWatcher(Watcher& w) {
    supplynet::client::Client client = MakeClient(w.target);
    supplynet::client::WatchCancellation& cancellation = w.cancellation;
    for (bool first = true; !cancellation.cancelled(); first = false) {
      v1::WatchDocumentEventsRequest request;
      request.set_direction(v1::DOCUMENT_DIRECTION_RECEIVED);
      {
        std::lock_guard<std::mutex> lock(w.mu);
        request.set_start_cursor(w.cursor);
        if (!first) ++w.reconnects;
      }
      client
          .WatchDocumentEvents(
              request,
              [&](const v1::WatchDocumentEventsResponse& m) {
                std::lock_guard<std::mutex> lock(w.mu);
                w.live = true;
                if (!m.cursor().empty()) w.cursor = m.cursor();
                if (m.has_event()) {
                  const v1::StatusChange& change = m.event().status_change();
                  ++w.deliveries[change.status_change_id()];
                  if (change.from_status() == v1::DOCUMENT_STATUS_UNSPECIFIED) {
                    w.created_documents.insert(change.document_id());
                  }
                }
                return true;
              },
              &cancellation)
          .IgnoreError();  // Resumed below (a replica died, HAProxy cut the stream...).
      if (!cancellation.cancelled()) Sleep(0.2);
    }
  }

  // supplynet_rpc_calls_total summed over the replicas, by method name (without service).
  std::map<std::string, int64_t> ScrapeCalls() const {
    std::map<std::string, int64_t> calls;
    for (const std::string& address : metrics_) {
      const CommandResult scrape =
          RunCommand("curl -fsS --max-time 5 http://" + address + "/metrics");
      EXPECT_EQ(scrape.exit_code, 0) << address << ": " << scrape.output;
      for (absl::string_view line : absl::StrSplit(scrape.output, '\n')) {
        if (!absl::ConsumePrefix(&line, "supplynet_rpc_calls_total{")) continue;
        const size_t m = line.find("method=\"");
        const size_t close = line.rfind("} ");
        if (m == absl::string_view::npos || close == absl::string_view::npos) continue;
        absl::string_view method = line.substr(m + 8);
        method = method.substr(0, method.find('"'));
        method = method.substr(method.rfind('/') + 1);
        double value = 0;
        if (absl::SimpleAtod(line.substr(close + 2), &value)) {
          calls[std::string(method)] += static_cast<int64_t>(value);
        }
      }
    }
    return calls;
  }

  // The sum over the replicas of every sample of metric `name` (all its label sets).
  double MetricSum(const std::string& name) const {
    double sum = 0;
    for (const std::string& address : metrics_) {
      const CommandResult scrape =
          RunCommand("curl -fsS --max-time 5 http://" + address + "/metrics");
      for (absl::string_view line : absl::StrSplit(scrape.output, '\n')) {
        if (!absl::ConsumePrefix(&line, name) || line.empty() ||
            (line[0] != ' ' && line[0] != '{')) {
          continue;
        }
        double value = 0;
        if (absl::SimpleAtod(line.substr(line.rfind(' ') + 1), &value)) sum += value;
      }
    }
    return sum;
  }

  // Pauses the clients between rounds and waits until all of them are parked.
  void Pause() {
    paused_ = true;
    const Clock::time_point wait = Clock::now();
    for (int c = 0; c < kClients; ++c) {
      while (!parked_flag_[c] && !exited_[c] && SecondsSince(wait) < 60) Sleep(0.01);
    }
  }

  // The time (seconds since start) of the first write acknowledged after `after`, waiting up to
  // `patience` seconds for one; -1 if none came.
  double FirstAckAfter(double after, double patience) {
    const Clock::time_point wait = Clock::now();
    while (SecondsSince(wait) < patience) {
      double first = -1;
      {
        std::lock_guard<std::mutex> lock(tally_.mu);
        for (double t : tally_.ack_times) {
          if (t > after && (first < 0 || t < first)) first = t;
        }
      }
      if (first >= 0) return first;
      Sleep(0.05);
    }
    return -1;
  }

  // The longest stretch without an acknowledged write within [from, to].
  double LongestGap(double from, double to) {
    std::lock_guard<std::mutex> lock(tally_.mu);
    std::vector<double> times;
    for (double t : tally_.ack_times) {
      if (t >= from && t <= to) times.push_back(t);
    }
    std::sort(times.begin(), times.end());
    double gap = 0;
    double previous = from;
    for (double t : times) {
      gap = std::max(gap, t - previous);
      previous = t;
    }
    return std::max(gap, to - previous);
  }

  Clock::time_point start_;
  SmtpSink sink_;
  std::unique_ptr<Deployment> deployment_;
  double up_seconds_ = 0;
  std::map<std::string, std::string> env_;
  std::string grpc_;
  std::vector<std::string> replicas_;
  std::vector<std::string> metrics_;
  std::string token_;
  Tally tally_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> paused_{false};
  std::atomic<bool> parked_flag_[kClients] = {};
  std::atomic<bool> exited_[kClients] = {};
};

// When the faults of one cycle happened, in seconds since the test started.
struct Cycle {
  double replica_killed = 0, replica_back = 0;
  double primary_killed = 0, promoted = 0, first_write = 0, end = 0;
  double no_writes = 0, replica_gap = 0;
  std::string old_leader;
};

TEST_F(ClusterScaleTest, ReplicaAndPrimaryKilledUnderLoadNothingLostOrDoubled) {
  // Watchers first, live before any write: one per client through HAProxy, one per replica.
  std::vector<std::unique_ptr<Watcher>> watchers;
  for (int c = 0; c < kClients; ++c) {
    watchers.push_back(std::make_unique<Watcher>());
    watchers.back()->name = absl::StrCat("haproxy-", c + 1);
    watchers.back()->target = grpc_;
  }
  for (size_t r = 0; r < replicas_.size(); ++r) {
    watchers.push_back(std::make_unique<Watcher>());
    watchers.back()->name = absl::StrCat("server", r + 1);
    watchers.back()->target = replicas_[r];
  }
  // Whatever happens (an ASSERT returns early), every thread is stopped and joined.
  struct Running {
    std::atomic<bool>& stop;
    std::atomic<bool>& paused;
    std::vector<std::unique_ptr<Watcher>>& watchers;
    std::vector<std::thread> watcher_threads, client_threads;
    void StopClients() {
      stop = true;
      paused = false;
      for (std::thread& t : client_threads) t.join();
      client_threads.clear();
    }
    void Stop() {
      StopClients();
      for (auto& w : watchers) w->cancellation.Cancel();
      for (std::thread& t : watcher_threads) t.join();
      watcher_threads.clear();
    }
    ~Running() { Stop(); }
  } running{stop_, paused_, watchers, {}, {}};
  for (auto& w : watchers) running.watcher_threads.emplace_back([this, &w] { RunWatcher(*w); });
  for (auto& w : watchers) {
    const Clock::time_point wait = Clock::now();
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(w->mu);
        if (w->live) break;
      }
      ASSERT_LT(SecondsSince(wait), 60) << w->name << " never went live";
      Sleep(0.05);
    }
  }

  // Every replica reads lists from the hot standby (--read_database_url, prefer-standby): the
  // gauge, sampled every few seconds, says so.
  const Clock::time_point sampled = Clock::now();
  double reads_on_standby = 0;
  while ((reads_on_standby = MetricSum("supplynet_db_read_in_recovery")) <
             static_cast<double>(replicas_.size()) &&
         SecondsSince(sampled) < 30) {
    Sleep(0.5);
  }
  EXPECT_EQ(reads_on_standby, static_cast<double>(replicas_.size()))
      << "the replicas' read pools are not all on the standby";

  // 1. Metrics: a fault-free stretch, counted by the clients and by the replicas.
  const double streams_open = MetricSum("supplynet_watch_streams_open");
  EXPECT_EQ(streams_open, static_cast<double>(watchers.size()));
  const double sent_before = MetricSum("supplynet_outbox_sent_total");
  const std::map<std::string, int64_t> calls_before = ScrapeCalls();
  for (int c = 0; c < kClients; ++c)
    running.client_threads.emplace_back([this, c] { RunClient(c); });
  Sleep(8);
  Pause();
  const std::map<std::string, int64_t> calls_after = ScrapeCalls();
  std::map<std::string, int64_t> made;
  {
    std::lock_guard<std::mutex> lock(tally_.mu);
    made = tally_.attempts;
  }
  int64_t made_total = 0, counted_total = 0;
  for (const auto& [method, count] : made) {
    const int64_t counted = (calls_after.count(method) ? calls_after.at(method) : 0) -
                            (calls_before.count(method) ? calls_before.at(method) : 0);
    EXPECT_EQ(counted, count) << method << ": the replicas counted " << counted
                              << ", the clients made " << count;
    made_total += count;
    counted_total += counted;
  }
  std::printf("metrics: the clients made %lld calls, the 3 replicas' /metrics counted %lld\n",
              static_cast<long long>(made_total), static_cast<long long>(counted_total));
  // The emails of that stretch: once the sink has them all, the senders' counters agree.
  size_t invited_before_faults = 0;
  {
    std::lock_guard<std::mutex> lock(tally_.mu);
    invited_before_faults = tally_.invitations.size();
  }
  sink_.WaitFor(invited_before_faults, absl::Seconds(60));
  const size_t received_before_faults = sink_.MessageIds().size();
  const double sent_in_stretch = MetricSum("supplynet_outbox_sent_total") - sent_before;
  EXPECT_EQ(sent_in_stretch, static_cast<double>(received_before_faults));
  std::printf(
      "metrics: %.0f of %zu replicas reading from the standby; %.0f watch streams open on the "
      "replicas for %zu watchers; the outbox senders counted %.0f emails sent, the SMTP sink "
      "received %zu\n",
      reads_on_standby, replicas_.size(), streams_open, watchers.size(), sent_in_stretch,
      received_before_faults);
  paused_ = false;

  // Fault cycles (1 in CI; scripts/cluster-soak runs more): each kills a replica and starts it
  // again, then kills the primary node; between cycles the old primary rejoins as the standby.
  const char* cycles_env = std::getenv("SUPPLYNET_CLUSTER_CYCLES");
  const int cycles = cycles_env != nullptr ? std::max(1, std::atoi(cycles_env)) : 1;
  std::vector<Cycle> done;
  for (int cycle = 1; cycle <= cycles; ++cycle) {
    Cycle k;
    // 2. One replica SIGKILLed, then started again.
    const int replica = (cycle - 1) % 3 + 1;
    Sleep(2);
    k.replica_killed = SecondsSince(start_);
    const CommandResult kill_replica = deployment_->Cluster(absl::StrCat("kill-replica ", replica));
    ASSERT_EQ(kill_replica.exit_code, 0) << kill_replica.output;
    Sleep(8);
    const CommandResult restart = deployment_->Cluster("up");
    ASSERT_EQ(restart.exit_code, 0) << restart.output;
    k.replica_back = SecondsSince(start_);
    Sleep(3);

    // 3. The primary killed: Patroni and its PostgreSQL SIGKILLed.
    const CommandResult kill_primary = deployment_->Cluster("kill-primary");
    ASSERT_EQ(kill_primary.exit_code, 0) << kill_primary.output;
    k.primary_killed = SecondsSince(start_);
    k.old_leader = std::string(absl::StripAsciiWhitespace(kill_primary.output));
    const CommandResult new_leader = deployment_->Cluster("wait-leader " + k.old_leader);
    ASSERT_EQ(new_leader.exit_code, 0) << new_leader.output;
    k.promoted = SecondsSince(start_);
    k.first_write = FirstAckAfter(k.primary_killed + 0.5, 120);
    ASSERT_GT(k.first_write, 0) << "no write acknowledged after the failover";
    Sleep(6);
    if (cycle < cycles) {
      // The old primary back (Patroni rewinds it) as the synchronous standby.
      const CommandResult rejoin = deployment_->Cluster("up");
      ASSERT_EQ(rejoin.exit_code, 0) << rejoin.output;
      Sleep(3);
    }
    k.end = SecondsSince(start_);
    k.no_writes = LongestGap(k.primary_killed, k.first_write + 1);
    k.replica_gap = LongestGap(k.replica_killed, k.replica_back);
    done.push_back(k);
  }
  running.StopClients();
  const double end = SecondsSince(start_);

  // The LISTEN connections of every replica found the new primary; the read pools now read
  // from it too when no standby is left (the old primary stays down in the last cycle).
  const double listener_reconnects = MetricSum("supplynet_db_listener_reconnects_total");
  const double reads_in_recovery = MetricSum("supplynet_db_read_in_recovery");

  // Every watcher catches up with every acknowledged document, then stops.
  std::set<std::string> acked_documents;
  {
    std::lock_guard<std::mutex> lock(tally_.mu);
    for (const auto& [number, id] : tally_.documents) acked_documents.insert(id);
  }
  const Clock::time_point catch_up = Clock::now();
  for (auto& w : watchers) {
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(w->mu);
        if (std::includes(w->created_documents.begin(), w->created_documents.end(),
                          acked_documents.begin(), acked_documents.end())) {
          break;
        }
      }
      if (SecondsSince(catch_up) > 60) break;
      Sleep(0.1);
    }
  }
  running.Stop();

  // Every invitation email, once.
  size_t invitations = 0;
  {
    std::lock_guard<std::mutex> lock(tally_.mu);
    invitations = tally_.invitations.size();
  }
  sink_.WaitFor(invitations, absl::Seconds(90));
  const std::vector<std::string> message_ids = sink_.MessageIds();
  std::map<std::string, int> per_message_id;
  for (const std::string& id : message_ids) ++per_message_id[id];
  std::map<std::string, int> per_address;
  for (const std::string& text : sink_.Texts()) {
    absl::string_view line = absl::string_view(text).substr(0, text.find('\n'));
    if (absl::ConsumePrefix(&line, "To: ")) {
      for (absl::string_view to : absl::StrSplit(line, ',')) {
        ++per_address[std::string(absl::StripAsciiWhitespace(to))];
      }
    }
  }
  int64_t emails_missing = 0;
  {
    std::lock_guard<std::mutex> lock(tally_.mu);
    for (const auto& [email, tax_id] : tally_.invited_emails) {
      if (per_address.count(email) == 0) ++emails_missing;
    }
  }
  const int64_t emails_repeated = static_cast<int64_t>(message_ids.size() - per_message_id.size());

  // The database, through the multi-host URL (the new primary).
  pqxx::connection db(env_["CLUSTER_WRITE_URL"]);
  pqxx::work tx(db);
  const std::string company =
      QueryValue<std::string>(tx, "SELECT company_id::text FROM companies WHERE tax_id = '" +
                                      std::string(kClientNit) + "'");
  std::map<std::string, int> stored_suppliers;
  for (const auto& row :
       tx.exec("SELECT tax_id, count(*) FROM suppliers WHERE client_company_id = '" + company +
               "' AND tax_id LIKE '800%' AND tax_id <> '" + kIssuerNit + "' GROUP BY tax_id")) {
    stored_suppliers[row[0].as<std::string>()] = row[1].as<int>();
  }
  std::map<std::string, int> stored_documents;
  for (const auto& row : tx.exec("SELECT number, count(*) FROM documents GROUP BY number")) {
    stored_documents[row[0].as<std::string>()] = row[1].as<int>();
  }
  std::map<std::string, int> stored_invitations;
  for (const auto& row :
       tx.exec("SELECT supplier_id::text, count(*) FROM invitations GROUP BY supplier_id")) {
    stored_invitations[row[0].as<std::string>()] = row[1].as<int>();
  }
  const int64_t outbox_unsent =
      QueryValue<int64_t>(tx, "SELECT count(*) FROM email_outbox WHERE state <> 'SENT'");
  const int64_t first_changes_doubled =
      QueryValue<int64_t>(tx,
                          "SELECT count(*) FROM (SELECT document_id FROM document_status_changes "
                          "WHERE from_status = '' "
                          "GROUP BY document_id HAVING count(*) > 1) d");
  tx.commit();

  int64_t lost = 0, doubled = first_changes_doubled, unacknowledged_rows = 0;
  int64_t acknowledged = 0, calls = 0;
  size_t acked_suppliers = 0;
  {
    std::lock_guard<std::mutex> lock(tally_.mu);
    for (const auto& [method, count] : tally_.attempts) calls += count;
    acked_suppliers = tally_.suppliers.size();
    acknowledged = static_cast<int64_t>(tally_.suppliers.size() + tally_.invitations.size() +
                                        tally_.documents.size());
    for (const auto& [tax_id, id] : tally_.suppliers) {
      const auto it = stored_suppliers.find(tax_id);
      if (it == stored_suppliers.end())
        ++lost;
      else if (it->second > 1)
        ++doubled;
    }
    for (const auto& [supplier_id, invitation_id] : tally_.invitations) {
      const auto it = stored_invitations.find(supplier_id);
      if (it == stored_invitations.end())
        ++lost;
      else if (it->second > 1)
        ++doubled;
    }
    for (const auto& [number, id] : tally_.documents) {
      const auto it = stored_documents.find(number);
      if (it == stored_documents.end())
        ++lost;
      else if (it->second > 1)
        ++doubled;
    }
    // A row without an acknowledgement is fine only for the write a client was retrying when
    // it stopped; none is left retrying here, so there are none.
    for (const auto& [tax_id, count] : stored_suppliers) {
      if (tally_.suppliers.count(tax_id) == 0) ++unacknowledged_rows;
    }
  }

  // Watchers: every acknowledged document's first change seen, each change counted once.
  int64_t watch_missing = 0, watch_repeats = 0, watch_reconnects = 0;
  std::string watcher_lines;
  for (auto& w : watchers) {
    std::lock_guard<std::mutex> lock(w->mu);
    int64_t missing = 0, repeats = 0;
    for (const std::string& id : acked_documents) missing += w->created_documents.count(id) == 0;
    for (const auto& [id, times] : w->deliveries) repeats += times - 1;
    watch_missing += missing;
    watch_repeats += repeats;
    watch_reconnects += w->reconnects;
    absl::StrAppendFormat(&watcher_lines,
                          " %s: %zu changes, %lld missing, %lld repeats dropped, %d resumes;",
                          w->name, w->deliveries.size(), static_cast<long long>(missing),
                          static_cast<long long>(repeats), w->reconnects);
  }

  // Failures seen by the callers, by phase: [from, to) in seconds since start.
  struct Failures {
    int64_t writes = 0, reads = 0;
  };
  const auto failures_between = [&](double from, double to) {
    Failures f;
    std::lock_guard<std::mutex> lock(tally_.mu);
    for (double t : tally_.failed_writes) f.writes += t >= from && t < to;
    for (double t : tally_.failed_reads) f.reads += t >= from && t < to;
    return f;
  };
  const Failures all = failures_between(0, end + 1);
  const int64_t failed_attempts = all.writes;
  int64_t gave_up = 0;
  {
    std::lock_guard<std::mutex> lock(tally_.mu);
    gave_up = tally_.gave_up;
  }
  int max_copies = 0;
  for (const auto& [id, copies] : per_message_id) max_copies = std::max(max_copies, copies);
  std::printf(
      "cluster scale test: up in %.1f s; %.1f s of load with 8 clients; %lld calls made, %lld "
      "writes "
      "acknowledged (%zu suppliers, %zu invitations, %zu documents), %lld failed write attempts "
      "retried with their request_id, %lld reads failed after the library's retries, "
      "lost %lld, doubled %lld\n",
      up_seconds_, end, static_cast<long long>(calls), static_cast<long long>(acknowledged),
      acked_suppliers, invitations, acked_documents.size(), static_cast<long long>(failed_attempts),
      static_cast<long long>(all.reads), static_cast<long long>(lost),
      static_cast<long long>(doubled));
  for (size_t c = 0; c < done.size(); ++c) {
    const Cycle& k = done[c];
    const Failures at_replica_kill = failures_between(k.replica_killed, k.primary_killed);
    const Failures at_failover = failures_between(k.primary_killed, k.end);
    const std::string label = cycles > 1 ? absl::StrCat("cycle ", c + 1, ": ") : "";
    std::printf(
        "%sreplica SIGKILLed: %lld write attempts failed and were retried, %lld reads failed "
        "after the library's retries; longest stretch without an acknowledged write %.2f s "
        "(restarted after %.1f s)\n",
        label.c_str(), static_cast<long long>(at_replica_kill.writes),
        static_cast<long long>(at_replica_kill.reads), k.replica_gap,
        k.replica_back - k.replica_killed);
    std::printf(
        "%sprimary (%s) killed: new leader after %.1f s, first write acknowledged %.2f s after "
        "the kill; longest stretch without writes %.2f s; %lld write attempts failed and were "
        "retried, %lld reads failed after the library's retries\n",
        label.c_str(), k.old_leader.c_str(), k.promoted - k.primary_killed,
        k.first_write - k.primary_killed, k.no_writes, static_cast<long long>(at_failover.writes),
        static_cast<long long>(at_failover.reads));
  }
  std::printf(
      "emails (3 outbox senders): %zu invitations, %zu received (%zu distinct Message-IDs), %lld "
      "missing, %lld received twice, %lld outbox rows not SENT\n",
      invitations, message_ids.size(), per_message_id.size(),
      static_cast<long long>(emails_missing), static_cast<long long>(emails_repeated),
      static_cast<long long>(outbox_unsent));
  std::printf(
      "watchers: %zu, %lld resumes, %lld missing, %lld repeats dropped by status_change_id;%s\n",
      watchers.size(), static_cast<long long>(watch_reconnects),
      static_cast<long long>(watch_missing), static_cast<long long>(watch_repeats),
      watcher_lines.c_str());

  std::printf(
      "after the last failover: %.0f LISTEN reconnections counted by the replicas; %.0f of the "
      "replicas' read pools on a standby\n",
      listener_reconnects, reads_in_recovery);
  EXPECT_GE(listener_reconnects, static_cast<double>(replicas_.size()));
  EXPECT_EQ(gave_up, 0);
  EXPECT_GT(acknowledged, 0);
  EXPECT_EQ(lost, 0);
  EXPECT_EQ(doubled, 0);
  EXPECT_EQ(unacknowledged_rows, 0);
  EXPECT_EQ(watch_missing, 0);
  EXPECT_EQ(emails_missing, 0);
  EXPECT_EQ(outbox_unsent, 0);
  EXPECT_EQ(per_message_id.size(), invitations);
  // SMTP allows a duplicate when a crash falls between the sink's acceptance and the outbox
  // commit: that email goes again, with the same Message-ID. Each server's sender holds one
  // email at a time, so each killed replica can repeat at most 1 and each primary's crash at
  // most 3 (one per sender); nothing may arrive three times.
  EXPECT_LE(emails_repeated, 4 * cycles) << "more repeats than the crashes can explain";
  EXPECT_LE(max_copies, 2);
  EXPECT_GT(failed_attempts, 0) << "the kills failed no call: nothing was tested";
}

}  // namespace
}  // namespace supplynet::testing
