#include "client-lib/cli/import_progress_view.h"

#include <cmath>
#include <cstdio>

namespace supplynet::cli {
namespace {

constexpr int kBarWidth = 30;
constexpr int64_t kUnknownSizeStep = int64_t{10} * 1024 * 1024;

std::string Bar(double fraction) {
  const int filled = static_cast<int>(std::lround(fraction * kBarWidth));
  return "[" + std::string(filled, '#') + std::string(kBarWidth - filled, '.') + "]";
}

}  // namespace

std::string ByteText(double bytes) {
  static const char* const kUnits[] = {"B", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (bytes >= 1024 && unit < 4) {
    bytes /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, kUnits[unit]);
  return text;
}

std::string DurationText(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "-";
  const auto whole = static_cast<int64_t>(std::llround(seconds));
  char text[32];
  if (whole >= 3600) {
    std::snprintf(text, sizeof text, "%lld:%02lld:%02lld", static_cast<long long>(whole / 3600),
                  static_cast<long long>(whole / 60 % 60), static_cast<long long>(whole % 60));
  } else {
    std::snprintf(text, sizeof text, "%lld:%02lld", static_cast<long long>(whole / 60),
                  static_cast<long long>(whole % 60));
  }
  return text;
}

ImportProgressView::ImportProgressView(std::ostream& out, bool terminal, Now now)
    : out_(out), terminal_(terminal), now_(std::move(now)), start_(now_()) {}

int64_t ImportProgressView::Step(const client::ImportProgress& progress) const {
  if (progress.total_bytes > 0) return progress.bytes_sent * 10 / progress.total_bytes;
  return progress.bytes_sent / kUnknownSizeStep;
}

std::string ImportProgressView::Describe(const client::ImportProgress& progress) const {
  const double seconds = std::chrono::duration<double>(now_() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(progress.bytes_sent) / seconds : 0;
  std::string text;
  if (progress.total_bytes > 0) {
    const double fraction =
        static_cast<double>(progress.bytes_sent) / static_cast<double>(progress.total_bytes);
    char percent[16];
    std::snprintf(percent, sizeof percent, "%3.0f%%", fraction * 100);
    const double eta =
        rate > 0 ? static_cast<double>(progress.total_bytes - progress.bytes_sent) / rate : NAN;
    text = (terminal_ ? Bar(fraction) + " " : "") + percent + "  " +
           ByteText(static_cast<double>(progress.bytes_sent)) + " / " +
           ByteText(static_cast<double>(progress.total_bytes)) + "  " +
           std::to_string(progress.rows_sent) + " rows  " + ByteText(rate) + "/s  ETA " +
           DurationText(eta);
  } else {
    text = ByteText(static_cast<double>(progress.bytes_sent)) + "  " +
           std::to_string(progress.rows_sent) + " rows  " + ByteText(rate) + "/s";
  }
  if (progress.done) text += "  sent, waiting for the report";
  return text;
}

void ImportProgressView::Update(const client::ImportProgress& progress) {
  if (terminal_) {
    // \r and clear-to-end redraw the same line.
    out_ << "\r" << Describe(progress) << "\x1b[K" << (progress.done ? "\n" : "") << std::flush;
    return;
  }
  const int64_t step = Step(progress);
  // The last chunk's own 100% line would only repeat the final one, which follows at once.
  const bool all_sent = progress.total_bytes > 0 && progress.bytes_sent >= progress.total_bytes;
  if (!progress.done && (step <= last_step_ || all_sent)) return;
  last_step_ = step;
  out_ << "progress: " << Describe(progress) << "\n" << std::flush;
}

}  // namespace supplynet::cli
