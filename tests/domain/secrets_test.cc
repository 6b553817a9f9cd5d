#include "domain/secrets.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace supplynet {
namespace {

class SecretsTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitSecrets()); }
};

TEST_F(SecretsTest, TokensAreRandomPrefixedAndUrlSafe) {
  std::set<std::string> seen;
  for (int i = 0; i < 100; ++i) {
    const std::string token = NewSecretToken("sns_");
    EXPECT_EQ(token.rfind("sns_", 0), 0u);
    EXPECT_EQ(token.size(), 4u + 43u);  // 32 bytes in unpadded base64url.
    seen.insert(token);
  }
  EXPECT_EQ(seen.size(), 100u);
}

TEST_F(SecretsTest, TokenHashesAreStableHexAndDistinct) {
  EXPECT_EQ(HashToken("a"), HashToken("a"));
  EXPECT_NE(HashToken("a"), HashToken("b"));
  EXPECT_EQ(HashToken("a").size(), 64u);
}

TEST_F(SecretsTest, PasswordsVerifyOnlyWhenRight) {
  const PasswordHasher hasher(PasswordHasher::Cost::kMinimum);
  auto hash = hasher.Hash("correct horse battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_EQ(hash->rfind("$argon2id$", 0), 0u);
  EXPECT_EQ(hasher.Verify(*hash, "correct horse battery").value_or(false), true);
  EXPECT_EQ(hasher.Verify(*hash, "correct horse batterY").value_or(true), false);
  EXPECT_EQ(hasher.Verify("garbage", "correct horse battery").value_or(true), false);
  // Salted: the same password hashes differently each time.
  EXPECT_NE(*hash, *hasher.Hash("correct horse battery"));
}

// A hash or a check waits while every slot of its limit is held (each holds 64 MiB in
// production). The wait is observed, not timed: the call cannot finish while the test holds the
// only slot, however long the test waits before letting it go.
TEST_F(SecretsTest, HashesAndChecksWaitForAFreeSlotOfTheirLimit) {
  auto limit = std::make_shared<ConcurrencyLimit>(1);
  const PasswordHasher hasher(PasswordHasher::Cost::kMinimum, limit);
  const absl::StatusOr<std::string> stored = hasher.Hash("correct horse battery");
  ASSERT_TRUE(stored.ok());

  std::atomic<int> finished{0};
  std::thread hashing;
  std::thread checking;
  {
    const ConcurrencyLimit::Slot held(limit.get());
    hashing = std::thread([&] {
      if (hasher.Hash("another password").ok()) ++finished;
    });
    checking = std::thread([&] {
      if (hasher.Verify(*stored, "correct horse battery").value_or(false)) ++finished;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(finished.load(), 0);
  }
  hashing.join();
  checking.join();
  EXPECT_EQ(finished.load(), 2);
}

// A caller that has given up gets no hash and no check: DEADLINE_EXCEEDED once its deadline
// passes while the only slot is held, and at once when it has passed already. The holder lets
// go only long after, so a call that waited for the slot instead would answer OK.
TEST_F(SecretsTest, HashesAndChecksGiveUpAtTheirCallersDeadline) {
  auto limit = std::make_shared<ConcurrencyLimit>(1);
  const PasswordHasher hasher(PasswordHasher::Cost::kMinimum, limit);
  const absl::StatusOr<std::string> stored = hasher.Hash("correct horse battery");
  ASSERT_TRUE(stored.ok());
  std::atomic<bool> release{false};
  std::thread holder([&] {
    const ConcurrencyLimit::Slot held(limit.get());
    while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  });
  while (ConcurrencyLimit::Slot(limit.get(), absl::Now() + absl::Milliseconds(1)).held()) {
    std::this_thread::yield();  // Until the holder has the slot.
  }
  const absl::Time soon = absl::Now() + absl::Milliseconds(50);
  EXPECT_EQ(hasher.Hash("another password", soon).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  EXPECT_EQ(hasher.Verify(*stored, "correct horse battery", soon).status().code(),
            absl::StatusCode::kDeadlineExceeded);
  release = true;
  holder.join();
  EXPECT_EQ(hasher.Verify(*stored, "correct horse battery", absl::InfinitePast()).status().code(),
            absl::StatusCode::kDeadlineExceeded)
      << "a free slot is not given to a caller whose deadline has passed";
  EXPECT_EQ(hasher.Verify(*stored, "correct horse battery", absl::Now() + absl::Minutes(1))
                .value_or(false),
            true);
}

TEST_F(SecretsTest, CostNames) {
  EXPECT_EQ(PasswordHasher::CostFromName("moderate"), PasswordHasher::Cost::kModerate);
  EXPECT_FALSE(PasswordHasher::CostFromName("cheap").has_value());
}

}  // namespace
}  // namespace supplynet
