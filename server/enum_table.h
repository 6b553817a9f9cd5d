// Conversion between a domain enum and its proto enum through one table of pairs, so that each
// mapping is written once and both directions read from it.
#pragma once

#include <cstddef>
#include <optional>
#include <utility>

namespace supplynet::server {

template <typename D, typename P, size_t N>
std::optional<D> DomainOf(const std::pair<D, P> (&table)[N], P value) {
  for (const auto& [domain, proto] : table) {
    if (proto == value) return domain;
  }
  return std::nullopt;
}

template <typename D, typename P, size_t N>
P ProtoOf(const std::pair<D, P> (&table)[N], D value, P fallback) {
  for (const auto& [domain, proto] : table) {
    if (domain == value) return proto;
  }
  return fallback;
}

}  // namespace supplynet::server
