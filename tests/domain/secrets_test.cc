#include "domain/secrets.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <set>
#include <thread>

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
  EXPECT_TRUE(hasher.Verify(*hash, "correct horse battery"));
  EXPECT_FALSE(hasher.Verify(*hash, "correct horse batterY"));
  EXPECT_FALSE(hasher.Verify("garbage", "correct horse battery"));
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
      if (hasher.Verify(*stored, "correct horse battery")) ++finished;
    });
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    EXPECT_EQ(finished.load(), 0);
  }
  hashing.join();
  checking.join();
  EXPECT_EQ(finished.load(), 2);
}

TEST_F(SecretsTest, CostNames) {
  EXPECT_EQ(PasswordHasher::CostFromName("moderate"), PasswordHasher::Cost::kModerate);
  EXPECT_FALSE(PasswordHasher::CostFromName("cheap").has_value());
}

}  // namespace
}  // namespace supplynet
