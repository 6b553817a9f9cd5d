// Reading a server's Prometheus /metrics over HTTP, as Prometheus does, and picking values out
// of the text exposition format.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace supplynet::testing {

// The body of GET http://127.0.0.1:`port`/metrics ("" when it cannot be read).
std::string ScrapeMetrics(int port);

// The value of the sample of `name` whose labels include all of `labels` (the first such
// sample); nullopt when there is none.
std::optional<double> MetricValue(const std::string& exposition, const std::string& name,
                                  const std::map<std::string, std::string>& labels = {});

}  // namespace supplynet::testing
