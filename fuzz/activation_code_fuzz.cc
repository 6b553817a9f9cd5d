// Activation-code parsing on anything a person might type: no crash, and the canonical form
// of a parsed code, and its display form, parse back to the same code.
#include <cstddef>
#include <cstdint>

#include "domain/activation_code.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  supplynet::fuzz::FuzzInput input(data, size);
  const absl::StatusOr<supplynet::ActivationCode> code =
      supplynet::ActivationCode::Parse(input.rest(), "code");
  if (!code.ok()) return 0;
  for (const std::string& form : {code->canonical(), code->Display()}) {
    const absl::StatusOr<supplynet::ActivationCode> again =
        supplynet::ActivationCode::Parse(form, "code");
    supplynet::fuzz::Check(again.ok() && again->canonical() == code->canonical());
  }
  return 0;
}
