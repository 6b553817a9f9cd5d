// The bounded token cache on its own: what it serves, for how long, and what drops entries.
#include "app/principal_cache.h"

#include <gtest/gtest.h>

#include <string>

namespace supplynet {
namespace {

const absl::Time kNow = absl::FromUnixSeconds(1'800'000'000);

Principal UserOf(const std::string& company_id, const std::string& user_id) {
  Principal p;
  p.company_id = company_id;
  p.user_id = user_id;
  p.session_token_hash = "hash-" + user_id;
  return p;
}

// A cache as a server holds it once its listener is in place.
struct LiveCache : PrincipalCache {
  explicit LiveCache(PrincipalCacheOptions options = {}) : PrincipalCache(options) {
    InvalidateAll(/*live=*/true);
  }
};

TEST(PrincipalCacheTest, ServesWhatWasStored) {
  LiveCache cache;
  cache.Store("t1", UserOf("c1", "u1"), cache.generation(), kNow);
  const std::optional<Principal> found = cache.Find("t1", kNow + absl::Seconds(1));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->user_id, "u1");
  EXPECT_FALSE(cache.Find("t2", kNow).has_value());
}

TEST(PrincipalCacheTest, ServesNothingUntilLiveNorAfterTheListenerIsLost) {
  PrincipalCache cache(PrincipalCacheOptions{});
  cache.Store("t1", UserOf("c1", "u1"), cache.generation(), kNow);
  EXPECT_FALSE(cache.Find("t1", kNow).has_value()) << "stored before the LISTEN was in place";

  cache.InvalidateAll(/*live=*/true);
  cache.Store("t1", UserOf("c1", "u1"), cache.generation(), kNow);
  EXPECT_TRUE(cache.Find("t1", kNow).has_value());

  cache.InvalidateAll(/*live=*/false);
  EXPECT_FALSE(cache.Find("t1", kNow).has_value());
  cache.Store("t1", UserOf("c1", "u1"), cache.generation(), kNow);
  EXPECT_EQ(cache.size(), 0u);
}

TEST(PrincipalCacheTest, AnEntryLivesAtMostTheTtlAndNeverPastItsCredential) {
  LiveCache cache({100, absl::Seconds(10)});
  cache.Store("t1", UserOf("c1", "u1"), cache.generation(), kNow);
  EXPECT_TRUE(cache.Find("t1", kNow + absl::Seconds(9)).has_value());
  EXPECT_FALSE(cache.Find("t1", kNow + absl::Seconds(10)).has_value());

  Principal expiring = UserOf("c1", "u2");
  expiring.credential_expire_time = kNow + absl::Seconds(3);
  cache.Store("t2", expiring, cache.generation(), kNow);
  EXPECT_TRUE(cache.Find("t2", kNow + absl::Seconds(2)).has_value());
  EXPECT_FALSE(cache.Find("t2", kNow + absl::Seconds(3)).has_value());

  Principal expired = UserOf("c1", "u3");
  expired.credential_expire_time = kNow;
  cache.Store("t3", expired, cache.generation(), kNow);
  EXPECT_FALSE(cache.Find("t3", kNow).has_value());
}

TEST(PrincipalCacheTest, AFullCacheDropsTheOldestEntry) {
  LiveCache cache({2, absl::Seconds(10)});
  cache.Store("t1", UserOf("c1", "u1"), cache.generation(), kNow);
  cache.Store("t2", UserOf("c1", "u2"), cache.generation(), kNow);
  cache.Store("t3", UserOf("c1", "u3"), cache.generation(), kNow);
  EXPECT_EQ(cache.size(), 2u);
  EXPECT_FALSE(cache.Find("t1", kNow).has_value());
  EXPECT_TRUE(cache.Find("t2", kNow).has_value());
  EXPECT_TRUE(cache.Find("t3", kNow).has_value());
  // Storing a token again refreshes it instead of adding a second entry.
  cache.Store("t2", UserOf("c1", "u2"), cache.generation(), kNow);
  cache.Store("t4", UserOf("c1", "u4"), cache.generation(), kNow);
  EXPECT_TRUE(cache.Find("t2", kNow).has_value());
  EXPECT_FALSE(cache.Find("t3", kNow).has_value());
}

TEST(PrincipalCacheTest, InvalidatingACompanyDropsOnlyItsEntries) {
  LiveCache cache;
  cache.Store("a1", UserOf("ca", "u1"), cache.generation(), kNow);
  cache.Store("a2", UserOf("ca", "u2"), cache.generation(), kNow);
  cache.Store("b1", UserOf("cb", "u3"), cache.generation(), kNow);
  cache.InvalidateCompany("ca");
  EXPECT_FALSE(cache.Find("a1", kNow).has_value());
  EXPECT_FALSE(cache.Find("a2", kNow).has_value());
  EXPECT_TRUE(cache.Find("b1", kNow).has_value());
}

TEST(PrincipalCacheTest, AReadThatRacedWithAnInvalidationIsNotStored) {
  LiveCache cache;
  const uint64_t before_read = cache.generation();
  cache.InvalidateCompany("c1");  // E.g. a logout committed while the row was being read.
  cache.Store("t1", UserOf("c1", "u1"), before_read, kNow);
  EXPECT_FALSE(cache.Find("t1", kNow).has_value());
}

TEST(PrincipalCacheTest, AZeroTtlOrCapacityTurnsItOff) {
  LiveCache no_ttl({100, absl::ZeroDuration()});
  no_ttl.Store("t1", UserOf("c1", "u1"), no_ttl.generation(), kNow);
  EXPECT_FALSE(no_ttl.Find("t1", kNow).has_value());
  LiveCache no_room({0, absl::Seconds(10)});
  no_room.Store("t1", UserOf("c1", "u1"), no_room.generation(), kNow);
  EXPECT_FALSE(no_room.Find("t1", kNow).has_value());
}

}  // namespace
}  // namespace supplynet
