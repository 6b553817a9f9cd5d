#include "server/request_log.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <limits.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "absl/time/clock.h"

namespace supplynet::server {
namespace {

TEST(RequestLogTest, OneJsonLineWithEscapedFields) {
  const std::string line =
      FormatRequestLog({"AccountService/Login", "UNAUTHENTICATED", absl::Microseconds(1500), "", "",
                        "ipv4:1", "bad \"quote\"\nnext"},
                       absl::FromUnixSeconds(0));
  EXPECT_EQ(line,
            "{\"ts\":\"1970-01-01T00:00:00+00:00\",\"method\":\"AccountService/Login\","
            "\"code\":\"UNAUTHENTICATED\",\"latency_ms\":1.500,\"peer\":\"ipv4:1\","
            "\"error\":\"bad \\\"quote\\\"\\nnext\"}");
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

TEST(RequestLogTest, NamesCompanyAndPrincipalOnceKnown) {
  const std::string line = FormatRequestLog(
      {"AccountService/ListUsers", "OK", absl::ZeroDuration(), "c-1", "user:u-1", "", ""},
      absl::FromUnixSeconds(0));
  EXPECT_NE(line.find("\"company\":\"c-1\""), std::string::npos);
  EXPECT_NE(line.find("\"principal\":\"user:u-1\""), std::string::npos);
}

// `method` must outlive the entry (the entry holds views).
RequestLogEntry Entry(std::string_view method) {
  return {method, "OK", absl::Milliseconds(1), "c-1", "user:u-1", "ipv4:127.0.0.1:1", ""};
}

// The value of `key` in a line whose value is a string or a number.
std::string Field(const std::string& line, const std::string& key) {
  const size_t at = line.find("\"" + key + "\":");
  if (at == std::string::npos) return "";
  size_t start = at + key.size() + 3;
  if (line[start] == '"') ++start;
  return line.substr(start, line.find_first_of("\",}", start) - start);
}

TEST(RequestLogTest, TimestampsAreRfc3339FullInUtc) {
  const std::vector<absl::Time> instants = {
      absl::FromUnixSeconds(0),
      absl::FromUnixNanos(1796554800123456789),  // 2026-12-06, every digit.
      absl::FromUnixNanos(1796554800123456789),  // The same second again.
      absl::FromUnixNanos(1796554800500000000),  // Trailing zeros dropped.
      absl::FromUnixNanos(1796554799000000001),  // An earlier second after a later one.
      absl::FromUnixMicros(-1),                  // Before 1970: the second rounds down.
      absl::FromUnixSeconds(-86400) + absl::Nanoseconds(5)};
  for (const absl::Time instant : instants) {
    const std::string line = FormatRequestLog(Entry("A/B"), instant);
    EXPECT_EQ(Field(line, "ts"), absl::FormatTime(absl::RFC3339_full, instant, absl::UTCTimeZone()))
        << line;
  }
}

TEST(RequestLogTest, LatencyIsInMillisecondsWithThreeDecimals) {
  const std::vector<absl::Duration> latencies = {
      absl::ZeroDuration(),        absl::Microseconds(1500),
      absl::Nanoseconds(1),        absl::Nanoseconds(999999),
      absl::Microseconds(1234567), absl::Microseconds(-5),
      absl::Nanoseconds(2000400),  absl::Seconds(90)};
  for (const absl::Duration latency : latencies) {
    RequestLogEntry entry = Entry("A/B");
    entry.latency = latency;
    EXPECT_EQ(Field(FormatRequestLog(entry, absl::UnixEpoch()), "latency_ms"),
              absl::StrFormat("%.3f", absl::ToDoubleMilliseconds(latency)))
        << latency;
  }
}

// A socket pair whose every write() arrives as one record, so the test sees each write whole.
class LogSink {
 public:
  LogSink() {
    EXPECT_EQ(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, fds_), 0);
    fcntl(fds_[0], F_SETFL, O_NONBLOCK);
    // Room for every record the tests write before reading.
    const int size = 4 << 20;
    setsockopt(fds_[1], SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    setsockopt(fds_[0], SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }
  ~LogSink() {
    close(fds_[0]);
    close(fds_[1]);
  }
  int fd() const { return fds_[1]; }

  // The writes that have arrived, one string each.
  std::vector<std::string> Writes() {
    std::vector<std::string> writes;
    std::vector<char> buffer(1 << 16);  // Larger than any record the tests write.
    for (ssize_t n; (n = read(fds_[0], buffer.data(), buffer.size())) > 0;) {
      writes.emplace_back(buffer.data(), n);
    }
    return writes;
  }

 private:
  int fds_[2] = {-1, -1};
};

// The method names of the lines of `writes`, in order.
std::vector<std::string> Methods(const std::vector<std::string>& writes) {
  std::vector<std::string> methods;
  for (const std::string& write : writes) {
    for (absl::string_view line : absl::StrSplit(write, '\n', absl::SkipEmpty())) {
      const size_t start = line.find("\"method\":\"") + 10;
      methods.emplace_back(line.substr(start, line.find('"', start) - start));
    }
  }
  return methods;
}

TEST(RequestLogTest, UnbufferedWritesEachLineAtOnce) {
  LogSink sink;
  RequestLog log(sink.fd(), absl::ZeroDuration());
  log.Write(Entry("A/One"));
  EXPECT_EQ(Methods(sink.Writes()), std::vector<std::string>{"A/One"});
  log.Write(Entry("A/Two"));
  EXPECT_EQ(Methods(sink.Writes()), std::vector<std::string>{"A/Two"});
}

TEST(RequestLogTest, BufferedLinesWaitForAFlushAndKeepTheirOrder) {
  LogSink sink;
  RequestLog log(sink.fd(), absl::Hours(1));
  log.Write(Entry("A/One"));
  log.Write(Entry("A/Two"));
  EXPECT_TRUE(sink.Writes().empty());
  log.Flush();
  const std::vector<std::string> writes = sink.Writes();
  ASSERT_EQ(writes.size(), 1u);
  EXPECT_EQ(Methods(writes), (std::vector<std::string>{"A/One", "A/Two"}));
}

TEST(RequestLogTest, WritesAreWholeLinesOfAtMostPipeBufBytes) {
  LogSink sink;
  RequestLog log(sink.fd(), absl::Hours(1));
  std::vector<std::string> sent;
  for (int i = 0; i < 200; ++i) {
    sent.push_back(absl::StrCat("A/Call", i));
    log.Write(Entry(sent.back()));
  }
  std::vector<std::string> writes = sink.Writes();
  EXPECT_GT(writes.size(), 1u);  // A write's worth went out without a flush.
  for (const std::string& write : writes) {
    EXPECT_LE(write.size(), static_cast<size_t>(PIPE_BUF));
    EXPECT_EQ(write.back(), '\n');
  }
  log.Flush();
  for (std::string& write : sink.Writes()) writes.push_back(std::move(write));
  EXPECT_EQ(Methods(writes), sent);
}

TEST(RequestLogTest, ALineLongerThanAWriteGoesOutAlone) {
  LogSink sink;
  RequestLog log(sink.fd(), absl::Hours(1));
  log.Write(Entry("A/Short"));
  const std::string long_error(size_t{2} * PIPE_BUF, 'x');
  log.Write({"A/Long", "INTERNAL", absl::ZeroDuration(), "", "", "", long_error});
  log.Flush();
  const std::vector<std::string> writes = sink.Writes();
  ASSERT_EQ(writes.size(), 2u);
  EXPECT_EQ(Methods({writes[0]}), std::vector<std::string>{"A/Short"});
  EXPECT_NE(writes[1].find(long_error), std::string::npos);
}

TEST(RequestLogTest, WaitingLinesGoOutAfterTheFlushInterval) {
  LogSink sink;
  RequestLog log(sink.fd(), absl::Milliseconds(20));
  log.Write(Entry("A/One"));
  std::vector<std::string> writes;
  // Liveness only: the flusher runs every 20 ms; the test gives it ten seconds.
  for (const absl::Time give_up = absl::Now() + absl::Seconds(10);
       writes.empty() && absl::Now() < give_up; absl::SleepFor(absl::Milliseconds(5))) {
    writes = sink.Writes();
  }
  EXPECT_EQ(Methods(writes), std::vector<std::string>{"A/One"});
}

TEST(RequestLogTest, DestructionWritesWhatIsWaiting) {
  LogSink sink;
  {
    RequestLog log(sink.fd(), absl::Hours(1));
    log.Write(Entry("A/One"));
  }
  EXPECT_EQ(Methods(sink.Writes()), std::vector<std::string>{"A/One"});
}

TEST(RequestLogTest, ConcurrentWritersLoseAndSplitNoLine) {
  LogSink sink;
  constexpr int kThreads = 4;
  constexpr int kLines = 500;
  {
    RequestLog log(sink.fd(), absl::Hours(1));
    std::vector<std::thread> writers;
    writers.reserve(kThreads);
    for (int t = 0; t < kThreads; ++t) {
      writers.emplace_back([&log, t] {
        for (int i = 0; i < kLines; ++i) log.Write(Entry(absl::StrCat("T", t, "/", i)));
      });
    }
    for (std::thread& writer : writers) writer.join();
  }
  std::vector<int> next(kThreads, 0);  // Each writer's lines arrive whole and in its order.
  for (const std::string& method : Methods(sink.Writes())) {
    const std::vector<std::string> parts = absl::StrSplit(method.substr(1), '/');
    ASSERT_EQ(parts.size(), 2u) << method;
    const int t = std::stoi(parts[0]);
    EXPECT_EQ(std::stoi(parts[1]), next[t]) << method;
    next[t] = std::stoi(parts[1]) + 1;
  }
  EXPECT_EQ(next, std::vector<int>(kThreads, kLines));
}

}  // namespace
}  // namespace supplynet::server
