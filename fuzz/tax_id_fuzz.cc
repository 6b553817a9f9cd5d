// Tax-ID parsing and check digits for every country and type: no crash, and normalisation is
// idempotent: a parsed ID, printed back (with its verification digit), parses to itself.
#include <cstddef>
#include <cstdint>
#include <string>

#include "domain/tax_id.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  supplynet::fuzz::FuzzInput input(data, size);
  const uint8_t choice = input.Byte();
  const auto country = static_cast<supplynet::Country>(choice % 3);
  const auto type = static_cast<supplynet::TaxIdType>((choice >> 2) % 7);
  const absl::StatusOr<supplynet::TaxId> parsed =
      supplynet::ParseTaxId(country, type, input.rest(), "tax_id");
  if (!parsed.ok()) return 0;
  std::string printed = parsed->value;
  if (!parsed->verification_digit.empty()) printed += "-" + parsed->verification_digit;
  const absl::StatusOr<supplynet::TaxId> again =
      supplynet::ParseTaxId(parsed->country, parsed->type, printed, "tax_id");
  supplynet::fuzz::Check(again.ok() && again->value == parsed->value &&
                         again->type == parsed->type &&
                         again->verification_digit == parsed->verification_digit);
  return 0;
}
