// How long a list's far page takes beside its first: keyset pages should cost the same
// wherever they are. Shared by the supplier and document list benches, and (the interleaving)
// by the comparison of two networks.
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

struct TwoMedians {
  double first = 0;
  double second = 0;
};

// Runs `first` and `second` `repeat` times each, one after the other, so that both see the
// same conditions; the median of what each returned (a time, a rate).
inline TwoMedians InterleavedMedians(const std::function<double()>& first,
                                     const std::function<double()>& second, int repeat) {
  std::vector<double> firsts, seconds;
  for (int i = 0; i < repeat; ++i) {
    firsts.push_back(first());
    seconds.push_back(second());
  }
  return TwoMedians{Median(firsts), Median(seconds)};
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
    return [&call, &request] {
      Response response;
      const Clock::time_point start = Clock::now();
      call(request, &response);
      return SecondsSince(start) * 1000;
    };
  };
  const TwoMedians medians = InterleavedMedians(time_ms(first), time_ms(far), repeat);
  return PageLatency{medians.first, medians.second};
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
