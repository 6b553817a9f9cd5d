// How long a list's far page takes beside its first: keyset pages should cost the same
// wherever they are. Shared by the supplier and document list benches.
#pragma once

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <functional>
#include <iostream>
#include <optional>
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

}  // namespace supplynet::bench
