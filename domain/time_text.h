// Dates and times as ISO 8601 text, written digit by digit: absl::FormatTime and
// absl::FormatCivilTime parse their format and go through a time zone's rules on every call,
// which was the largest part of the server's CPU time per row of a large report.
#pragma once

#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace supplynet {

// "YYYY-MM-DD", as absl::FormatCivilTime prints it.
void AppendIsoDate(absl::CivilDay day, std::string* out);

// "YYYY-MM-DDTHH:MM:SS", the second of `t` in UTC with no zone (the caller adds it), as
// absl::FormatTime("%Y-%m-%dT%H:%M:%S", t, absl::UTCTimeZone()) prints it.
void AppendUtcDateTime(absl::Time t, std::string* out);

// "YYYY-MM-DDTHH:MM:SSZ", as absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", t, absl::UTCTimeZone())
// prints it.
void AppendUtcSecond(absl::Time t, std::string* out);

}  // namespace supplynet
