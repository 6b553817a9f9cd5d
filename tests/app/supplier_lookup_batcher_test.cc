// The lookup batcher against a real PostgreSQL: each read gets its own entry (or NOT_FOUND,
// also for another network's id), reads that queue while the thread is busy share one
// statement, a batch never exceeds its maximum, a refused read does not hold up the others,
// a database failure answers every read of its batch, and stopping answers what is queued.
#include "app/supplier_lookup_batcher.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "pqxx/pqxx"
#include "tests/support/migrated_pool.h"
#include "tests/support/test_database.h"

namespace supplynet {
namespace {

constexpr char kCompanyA[] = "00000000-0000-4000-8000-00000000000a";
constexpr char kCompanyB[] = "00000000-0000-4000-8000-00000000000b";
constexpr char kMissing[] = "00000000-0000-4000-8000-0000000000ff";

// The answers of many reads, by the number each read was given.
class Answers {
 public:
  SupplierLookupBatcher::Done For(int read) {
    // Notified under the lock: once WaitFor sees the last answer, the test may end and destroy
    // this object while the batcher's thread would still be inside notify_all.
    return [this, read](absl::StatusOr<Supplier> answer) {
      std::lock_guard<std::mutex> lock(mu_);
      answers_.emplace(read, std::move(answer));
      answered_.notify_all();
    };
  }
  // Waits until `n` reads are answered; false after 30 s.
  bool WaitFor(size_t n) {
    std::unique_lock<std::mutex> lock(mu_);
    return answered_.wait_for(lock, std::chrono::seconds(30), [&] { return answers_.size() >= n; });
  }
  absl::StatusOr<Supplier> Of(int read) {
    std::lock_guard<std::mutex> lock(mu_);
    return answers_.at(read);
  }

 private:
  std::mutex mu_;  // std's, which ThreadSanitizer sees (Debian's Abseil is not instrumented).
  std::condition_variable answered_;
  std::map<int, absl::StatusOr<Supplier>> answers_;  // Guarded by mu_.
};

SupplierLookupBatcher::Resolve KeyOf(const std::string& company, const std::string& id) {
  return [company, id]() -> absl::StatusOr<storage::SupplierKey> {
    return storage::SupplierKey{company, id};
  };
}

// Holds an exclusive lock on `suppliers` until Release, so that a statement reading it waits.
class TableLock {
 public:
  explicit TableLock(const std::string& url) : connection_(url), work_(connection_) {
    work_.exec("LOCK TABLE suppliers IN ACCESS EXCLUSIVE MODE");
  }
  // Waits until a statement waits for the lock (the batcher's thread is then busy).
  void WaitForWaiter(const std::string& url) {
    for (int i = 0; i < 3000; ++i) {
      if (testing::QueryValueAt(url, "SELECT count(*) FROM pg_locks WHERE NOT granted") != "0") {
        return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ADD_FAILURE() << "no statement waited for the lock";
  }
  void Release() { work_.commit(); }

 private:
  pqxx::connection connection_;
  pqxx::work work_;
};

class SupplierLookupBatcherTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = testing::TestDatabase::Create();
    db_ = testing::MigratedPool(*test_db_, 2);
    test_db_->Exec(std::string("INSERT INTO companies (company_id, country, tax_id_type, tax_id, "
                               "legal_name, create_time) VALUES ('") +
                   kCompanyA + "', 'CO', 'CO_NIT', '900000001', 'A', now()), ('" + kCompanyB +
                   "', 'CO', 'CO_NIT', '900000002', 'B', now())");
    for (const char* company : {kCompanyA, kCompanyB}) {
      test_db_->Exec(std::string("INSERT INTO suppliers (client_company_id, country, "
                                 "tax_id_type, tax_id, name, origin, create_time, update_time) "
                                 "SELECT '") +
                     company +
                     "', 'CO', 'CO_NIT', (800000000 + g)::text, 'Proveedor ' || g, 'MANUAL', "
                     "now(), now() FROM generate_series(1, 20) g");
    }
  }

  // The id of the entry with NIT 800000000 + n in `company`'s network. (Not while a TableLock
  // is held: this reads the table too.)
  std::string IdOf(const std::string& company, int n) const {
    return test_db_->QueryValue("SELECT supplier_id FROM suppliers WHERE client_company_id = '" +
                                company + "' AND tax_id = '" + std::to_string(800000000 + n) + "'");
  }
  // The ids of NITs 800000001 to 800000000 + count of `company`'s network, at [1..count].
  std::vector<std::string> IdsOf(const std::string& company, int count) const {
    std::vector<std::string> ids = {""};
    for (int n = 1; n <= count; ++n) ids.push_back(IdOf(company, n));
    return ids;
  }

  // Locks the table and starts read 0 (of `id` in `company`), which waits for the lock: the
  // batcher's only thread is then busy and later reads queue, until the lock is released.
  std::unique_ptr<TableLock> OccupyTheThread(SupplierLookupBatcher& batcher, Answers& answers,
                                             const std::string& company, const std::string& id) {
    auto lock = std::make_unique<TableLock>(test_db_->url());
    batcher.Lookup(KeyOf(company, id), answers.For(0));
    lock->WaitForWaiter(test_db_->url());
    return lock;
  }

  std::unique_ptr<testing::TestDatabase> test_db_;
  std::unique_ptr<storage::Database> db_;
};

TEST_F(SupplierLookupBatcherTest, EachReadGetsItsOwnEntryAndNoOtherNetworks) {
  Answers answers;  // Outlives the batcher's threads.
  SupplierLookupBatcher batcher(*db_, 2, 128);
  const std::string a1 = IdOf(kCompanyA, 1);
  const std::string b1 = IdOf(kCompanyB, 1);
  std::vector<std::thread> callers;
  callers.reserve(40);
  for (int i = 0; i < 40; ++i) {
    callers.emplace_back([&, i] {
      switch (i % 4) {
        case 0:  // A's own entry.
          return batcher.Lookup(KeyOf(kCompanyA, a1), answers.For(i));
        case 1:  // B's own entry.
          return batcher.Lookup(KeyOf(kCompanyB, b1), answers.For(i));
        case 2:  // B's entry asked for by A: not in A's network.
          return batcher.Lookup(KeyOf(kCompanyA, b1), answers.For(i));
        default:  // An id no network holds.
          return batcher.Lookup(KeyOf(kCompanyA, kMissing), answers.For(i));
      }
    });
  }
  for (std::thread& caller : callers) caller.join();
  ASSERT_TRUE(answers.WaitFor(40));
  for (int i = 0; i < 40; ++i) {
    const absl::StatusOr<Supplier> answer = answers.Of(i);
    switch (i % 4) {
      case 0:
        ASSERT_TRUE(answer.ok()) << i << ": " << answer.status();
        EXPECT_EQ(answer->supplier_id, a1);
        EXPECT_EQ(answer->client_company_id, kCompanyA);
        EXPECT_EQ(answer->fields.name, "Proveedor 1");
        break;
      case 1:
        ASSERT_TRUE(answer.ok()) << i << ": " << answer.status();
        EXPECT_EQ(answer->supplier_id, b1);
        EXPECT_EQ(answer->client_company_id, kCompanyB);
        break;
      default:
        EXPECT_TRUE(absl::IsNotFound(answer.status())) << i << ": " << answer.status();
    }
  }
}

TEST_F(SupplierLookupBatcherTest, ReadsQueuedWhileTheThreadIsBusyShareOneStatement) {
  Answers answers;  // Outlives the batcher's threads.
  SupplierLookupBatcher batcher(*db_, 1, 128);
  const std::vector<std::string> ids = IdsOf(kCompanyA, 10);
  const std::unique_ptr<TableLock> lock = OccupyTheThread(batcher, answers, kCompanyA, ids[1]);
  for (int i = 1; i <= 10; ++i) batcher.Lookup(KeyOf(kCompanyA, ids[i]), answers.For(i));
  lock->Release();
  ASSERT_TRUE(answers.WaitFor(11));
  EXPECT_EQ(batcher.statements(), 2);
  for (int i = 1; i <= 10; ++i) {
    const absl::StatusOr<Supplier> answer = answers.Of(i);
    ASSERT_TRUE(answer.ok()) << i << ": " << answer.status();
    EXPECT_EQ(answer->tax_id.value, std::to_string(800000000 + i));
  }
}

// The entry goes to its last read whole and to the others as copies: each of three reads of
// one entry in one statement gets all of it.
TEST_F(SupplierLookupBatcherTest, OneEntryReadThriceInABatchReachesEveryRead) {
  Answers answers;  // Outlives the batcher's threads.
  SupplierLookupBatcher batcher(*db_, 1, 128);
  const std::string a1 = IdOf(kCompanyA, 1);
  const std::string a2 = IdOf(kCompanyA, 2);
  const std::unique_ptr<TableLock> lock = OccupyTheThread(batcher, answers, kCompanyA, a2);
  for (int i = 1; i <= 3; ++i) batcher.Lookup(KeyOf(kCompanyA, a1), answers.For(i));
  batcher.Lookup(KeyOf(kCompanyA, a2), answers.For(4));
  lock->Release();
  ASSERT_TRUE(answers.WaitFor(5));
  EXPECT_EQ(batcher.statements(), 2);
  for (int i = 1; i <= 4; ++i) {
    const absl::StatusOr<Supplier> answer = answers.Of(i);
    ASSERT_TRUE(answer.ok()) << i << ": " << answer.status();
    const int n = i <= 3 ? 1 : 2;
    EXPECT_EQ(answer->supplier_id, n == 1 ? a1 : a2) << i;
    EXPECT_EQ(answer->client_company_id, kCompanyA) << i;
    EXPECT_EQ(answer->tax_id.value, std::to_string(800000000 + n)) << i;
    EXPECT_EQ(answer->fields.name, "Proveedor " + std::to_string(n)) << i;
  }
}

TEST_F(SupplierLookupBatcherTest, ABatchHoldsAtMostItsMaximum) {
  Answers answers;  // Outlives the batcher's threads.
  SupplierLookupBatcher batcher(*db_, 1, 4);
  const std::string a1 = IdOf(kCompanyA, 1);
  const std::vector<std::string> ids = IdsOf(kCompanyB, 10);
  const std::unique_ptr<TableLock> lock = OccupyTheThread(batcher, answers, kCompanyA, a1);
  for (int i = 1; i <= 10; ++i) batcher.Lookup(KeyOf(kCompanyB, ids[i]), answers.For(i));
  lock->Release();
  ASSERT_TRUE(answers.WaitFor(11));
  EXPECT_EQ(batcher.statements(), 1 + 3);  // The first read, then 4 + 4 + 2.
  for (int i = 0; i <= 10; ++i) EXPECT_TRUE(answers.Of(i).ok()) << i;
}

TEST_F(SupplierLookupBatcherTest, ARefusedReadGetsItsErrorAndTheOthersTheirEntries) {
  Answers answers;  // Outlives the batcher's threads.
  SupplierLookupBatcher batcher(*db_, 1, 128);
  const std::vector<std::string> ids = IdsOf(kCompanyA, 2);
  const std::unique_ptr<TableLock> lock = OccupyTheThread(batcher, answers, kCompanyA, ids[1]);
  batcher.Lookup(
      []() -> absl::StatusOr<storage::SupplierKey> {
        return absl::UnauthenticatedError("no token");
      },
      answers.For(1));
  batcher.Lookup(KeyOf(kCompanyA, ids[2]), answers.For(2));
  lock->Release();
  ASSERT_TRUE(answers.WaitFor(3));
  EXPECT_TRUE(absl::IsUnauthenticated(answers.Of(1).status())) << answers.Of(1).status();
  EXPECT_TRUE(answers.Of(2).ok()) << answers.Of(2).status();
  EXPECT_EQ(batcher.statements(), 2);
}

TEST_F(SupplierLookupBatcherTest, AnEntryWrittenBeforeTheReadIsFound) {
  Answers answers;  // Outlives the batcher's threads.
  SupplierLookupBatcher batcher(*db_, 2, 128);
  test_db_->Exec(
      std::string("UPDATE suppliers SET name = 'Renombrado' WHERE client_company_id = '") +
      kCompanyA + "' AND tax_id = '800000003'");
  batcher.Lookup(KeyOf(kCompanyA, IdOf(kCompanyA, 3)), answers.For(0));
  ASSERT_TRUE(answers.WaitFor(1));
  ASSERT_TRUE(answers.Of(0).ok());
  EXPECT_EQ(answers.Of(0)->fields.name, "Renombrado");
}

TEST_F(SupplierLookupBatcherTest, ADatabaseFailureAnswersEveryReadOfTheBatch) {
  // A port nothing listens on: the pool cannot connect.
  storage::Database unreachable(
      storage::PoolOptions{"postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", 1});
  Answers answers;  // Outlives the batcher's threads.
  SupplierLookupBatcher batcher(unreachable, 1, 128);
  for (int i = 0; i < 5; ++i) batcher.Lookup(KeyOf(kCompanyA, kMissing), answers.For(i));
  ASSERT_TRUE(answers.WaitFor(5));
  for (int i = 0; i < 5; ++i) {
    EXPECT_TRUE(absl::IsUnavailable(answers.Of(i).status())) << i << ": " << answers.Of(i).status();
  }
}

TEST_F(SupplierLookupBatcherTest, StoppingAnswersEveryQueuedRead) {
  Answers answers;
  {
    const std::vector<std::string> ids = IdsOf(kCompanyB, 20);
    SupplierLookupBatcher batcher(*db_, 1, 4);
    for (int i = 0; i < 20; ++i) batcher.Lookup(KeyOf(kCompanyB, ids[1 + i]), answers.For(i));
  }
  ASSERT_TRUE(answers.WaitFor(20));
  for (int i = 0; i < 20; ++i) {
    EXPECT_TRUE(answers.Of(i).ok()) << i << ": " << answers.Of(i).status();
  }
}

}  // namespace
}  // namespace supplynet
