// How long a list's far page takes beside its first: keyset pages should cost the same
// wherever they are. Shared by the supplier and document list benches.
#pragma once

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <optional>
#include <string_view>
#include <vector>

#include "bench/bench_common.h"

namespace supplynet::bench {

struct PageLatency {
  double first_ms = 0;  // Median of page 1.
  double far_ms = 0;    // Median of page `far_page`.
};

inline double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

// Walks from `first` to page `far_page` through the page tokens, then times page 1 and that
// page `repeat` times each, interleaved so that both see the same conditions. nullopt (after
// printing why) when a call fails or the list is shorter.
template <typename Request, typename Response>
std::optional<PageLatency> ComparePages(
    const Request& first, int far_page, int repeat,
    const std::function<grpc::Status(const Request&, Response*)>& call) {
  Request far = first;
  for (int page = 1; page < far_page; ++page) {
    Response response;
    const grpc::Status status = call(far, &response);
    if (!status.ok()) {
      Fail("the list", status);
      return std::nullopt;
    }
    if (response.next_page_token().empty()) {
      std::cerr << "the list has fewer than " << far_page << " pages\n";
      return std::nullopt;
    }
    far.set_page_token(response.next_page_token());
  }
  const auto time_ms = [&](const Request& request) {
    Response response;
    const Clock::time_point start = Clock::now();
    call(request, &response);
    return SecondsSince(start) * 1000;
  };
  std::vector<double> first_ms, far_ms;
  for (int i = 0; i < repeat; ++i) {
    first_ms.push_back(time_ms(first));
    far_ms.push_back(time_ms(far));
  }
  return PageLatency{Median(first_ms), Median(far_ms)};
}

// Prints <prefix>_page1_ms and <prefix>_far_page_ms; the exit code of a bench subcommand
// (1 when the comparison failed).
inline int PrintPages(const std::optional<PageLatency>& pages, std::string_view prefix) {
  if (!pages.has_value()) return 1;
  std::cout << prefix << "_page1_ms=" << pages->first_ms << "\n"
            << prefix << "_far_page_ms=" << pages->far_ms << "\n";
  return 0;
}

}  // namespace supplynet::bench
