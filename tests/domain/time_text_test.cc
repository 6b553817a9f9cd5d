#include "domain/time_text.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>

namespace supplynet {
namespace {

std::string IsoDate(absl::CivilDay day) {
  std::string out = "x";  // Appends after what is there.
  AppendIsoDate(day, &out);
  return out.substr(1);
}

std::string UtcSecond(absl::Time t) {
  std::string out = "x";
  AppendUtcSecond(t, &out);
  return out.substr(1);
}

std::string UtcDateTime(absl::Time t) {
  std::string out = "x";
  AppendUtcDateTime(t, &out);
  return out.substr(1);
}

std::string AbslUtcSecond(absl::Time t) {
  return absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone());
}

TEST(TimeTextTest, EveryDayOfFourCenturiesPrintsAsAbslPrintsIt) {
  int checked = 0;
  for (absl::CivilDay day(1900, 1, 1); day < absl::CivilDay(2300, 1, 1); ++day) {
    ASSERT_EQ(IsoDate(day), absl::FormatCivilTime(day));
    ++checked;
  }
  EXPECT_EQ(checked, 146097);  // Days in four Gregorian centuries.
  EXPECT_EQ(IsoDate(absl::CivilDay(2024, 2, 29)), "2024-02-29");
  EXPECT_EQ(IsoDate(absl::CivilDay(1000, 3, 9)), "1000-03-09");
}

TEST(TimeTextTest, YearsBeyondFourDigitsPrintAsAbslPrintsThem) {
  for (const absl::CivilDay day :
       {absl::CivilDay(-1, 12, 31), absl::CivilDay(10000, 1, 1), absl::CivilDay(0, 1, 1),
        absl::CivilDay(999, 12, 31), absl::CivilDay(9999, 12, 31)}) {
    EXPECT_EQ(IsoDate(day), absl::FormatCivilTime(day));
    const absl::Time t = absl::FromCivil(absl::CivilSecond(day), absl::UTCTimeZone());
    EXPECT_EQ(UtcSecond(t), AbslUtcSecond(t));
    EXPECT_EQ(UtcDateTime(t), absl::FormatTime("%Y-%m-%dT%H:%M:%S", t, absl::UTCTimeZone()));
  }
  EXPECT_EQ(UtcSecond(absl::InfiniteFuture()), AbslUtcSecond(absl::InfiniteFuture()));
  EXPECT_EQ(UtcSecond(absl::InfinitePast()), AbslUtcSecond(absl::InfinitePast()));
}

TEST(TimeTextTest, TimesPrintAsAbslPrintsThemInUtcWithoutTheFraction) {
  EXPECT_EQ(UtcSecond(absl::FromUnixMicros(1'733'456'789'999'999)), "2024-12-06T03:46:29Z");
  EXPECT_EQ(UtcSecond(absl::UnixEpoch()), "1970-01-01T00:00:00Z");
  EXPECT_EQ(UtcSecond(absl::FromUnixMicros(-1)), "1969-12-31T23:59:59Z");
  std::mt19937_64 random(20261206);
  // Any microsecond from 1900 to 2300.
  std::uniform_int_distribution<int64_t> micros(-2'208'988'800'000'000, 10'413'792'000'000'000);
  for (int i = 0; i < 200'000; ++i) {
    const absl::Time t = absl::FromUnixMicros(micros(random));
    ASSERT_EQ(UtcSecond(t), AbslUtcSecond(t)) << absl::ToUnixMicros(t);
    ASSERT_EQ(UtcDateTime(t), absl::FormatTime("%Y-%m-%dT%H:%M:%S", t, absl::UTCTimeZone()));
  }
}

}  // namespace
}  // namespace supplynet
