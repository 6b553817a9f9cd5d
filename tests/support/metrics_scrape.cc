#include "tests/support/metrics_scrape.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "absl/strings/strip.h"

namespace supplynet::testing {

std::string ScrapeMetrics(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return "";
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string response;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    // HTTP/1.0: the server closes the connection after the body, which ends the read loop.
    const std::string request = "GET /metrics HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (write(fd, request.data(), request.size()) == static_cast<ssize_t>(request.size())) {
      char buffer[16384];
      ssize_t n;
      while ((n = read(fd, buffer, sizeof(buffer))) > 0) response.append(buffer, n);
    }
  }
  close(fd);
  const size_t body = response.find("\r\n\r\n");
  if (response.rfind("HTTP/1.", 0) != 0 || body == std::string::npos) return "";
  return response.substr(body + 4);
}

namespace {

// `name{a="1",b="2"} 3` -> {a: 1, b: 2}; label values in our metrics hold no quotes or commas.
std::map<std::string, std::string> LabelsOf(absl::string_view braces) {
  std::map<std::string, std::string> labels;
  for (absl::string_view pair : absl::StrSplit(braces, ',', absl::SkipEmpty())) {
    const size_t eq = pair.find('=');
    if (eq == absl::string_view::npos) continue;
    absl::string_view value = pair.substr(eq + 1);
    absl::ConsumePrefix(&value, "\"");
    absl::ConsumeSuffix(&value, "\"");
    labels[std::string(pair.substr(0, eq))] = std::string(value);
  }
  return labels;
}

}  // namespace

std::optional<double> MetricValue(const std::string& exposition, const std::string& name,
                                  const std::map<std::string, std::string>& labels) {
  for (absl::string_view line : absl::StrSplit(exposition, '\n')) {
    if (line.empty() || line[0] == '#' || line.substr(0, name.size()) != name) continue;
    absl::string_view rest = line.substr(name.size());
    std::map<std::string, std::string> found;
    if (!rest.empty() && rest[0] == '{') {
      const size_t close = rest.find('}');
      if (close == absl::string_view::npos) continue;
      found = LabelsOf(rest.substr(1, close - 1));
      rest = rest.substr(close + 1);
    }
    if (rest.empty() || rest[0] != ' ') continue;  // Another metric whose name starts alike.
    bool match = true;
    for (const auto& [key, value] : labels) {
      auto it = found.find(key);
      if (it == found.end() || it->second != value) match = false;
    }
    if (!match) continue;
    const std::vector<absl::string_view> fields = absl::StrSplit(rest.substr(1), ' ');
    double value = 0;
    if (absl::SimpleAtod(fields.front(), &value)) return value;
  }
  return std::nullopt;
}

}  // namespace supplynet::testing
