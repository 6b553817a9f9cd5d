#include "domain/time_text.h"

#include <array>
#include <cstdint>

namespace supplynet {
namespace {

// Appends `value` (0 <= value < 10^width) as exactly `width` digits.
void AppendDigits(int64_t value, int width, std::string* out) {
  std::array<char, 4> digits{};
  for (int i = width - 1; i >= 0; --i) {
    digits[static_cast<size_t>(i)] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out->append(digits.data(), static_cast<size_t>(width));
}

// Years of four digits are written here; others (never stored: CheckDate) take absl's path,
// which does not pad them, so the text is absl's for every year.
bool HasFourDigitYear(absl::civil_year_t year) { return year >= 1000 && year <= 9999; }

void AppendDayDigits(const absl::CivilSecond& s, std::string* out) {
  AppendDigits(s.year(), 4, out);
  out->push_back('-');
  AppendDigits(s.month(), 2, out);
  out->push_back('-');
  AppendDigits(s.day(), 2, out);
}

// "YYYY-MM-DDTHH:MM:SS" of `t` in UTC; false, with nothing written, for a year of other than
// four digits.
bool AppendDateTimeDigits(absl::Time t, std::string* out) {
  const absl::CivilSecond s = absl::ToCivilSecond(t, absl::UTCTimeZone());
  if (!HasFourDigitYear(s.year())) return false;
  AppendDayDigits(s, out);
  out->push_back('T');
  AppendDigits(s.hour(), 2, out);
  out->push_back(':');
  AppendDigits(s.minute(), 2, out);
  out->push_back(':');
  AppendDigits(s.second(), 2, out);
  return true;
}

}  // namespace

void AppendIsoDate(absl::CivilDay day, std::string* out) {
  if (!HasFourDigitYear(day.year())) {
    out->append(absl::FormatCivilTime(day));
    return;
  }
  AppendDayDigits(absl::CivilSecond(day), out);
}

void AppendUtcDateTime(absl::Time t, std::string* out) {
  if (!AppendDateTimeDigits(t, out)) {
    out->append(absl::FormatTime("%Y-%m-%dT%H:%M:%S", t, absl::UTCTimeZone()));
  }
}

void AppendUtcSecond(absl::Time t, std::string* out) {
  if (AppendDateTimeDigits(t, out)) {
    out->push_back('Z');
  } else {  // absl's own text: unpadded years, and "infinite-future" with no 'Z'.
    out->append(absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone()));
  }
}

}  // namespace supplynet
