// What the fuzz targets share: the fuzzer's bytes read as a few choices and a rest.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

namespace supplynet::fuzz {

class FuzzInput {
 public:
  FuzzInput(const uint8_t* data, size_t size) : rest_(reinterpret_cast<const char*>(data), size) {}

  // The next byte (0 once the input is used up).
  uint8_t Byte() {
    if (rest_.empty()) return 0;
    const auto byte = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    return byte;
  }
  std::string_view rest() const { return rest_; }

 private:
  std::string_view rest_;
};

// Stops the fuzzer with a crash: a property that must hold did not.
inline void Check(bool holds) {
  if (!holds) std::abort();
}

}  // namespace supplynet::fuzz
