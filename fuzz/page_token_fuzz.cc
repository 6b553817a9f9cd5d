// Page tokens and watch cursors (the same encoding, domain/paging.h) on any text: decoding
// never crashes, a key decoded is exactly the key the token holds (encoding it again decodes
// to the same key), and a token is never accepted for another list or another company.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/paging.h"
#include "fuzz/fuzz_input.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  supplynet::fuzz::FuzzInput input(data, size);
  const size_t parts = 1 + input.Byte() % 5;
  static const char* const kLists[] = {"suppliers", "documents", "document_events"};
  static const char* const kCompanies[] = {"", "0b5f3c9e-1f7a-4c1e-9d3a-5a2b8c4d6e01"};
  const supplynet::PageScope scope{kLists[input.Byte() % 3], kCompanies[input.Byte() % 2]};
  const absl::StatusOr<std::vector<std::string>> key =
      supplynet::DecodePageToken(scope, input.rest(), parts);
  if (!key.ok() || key->empty()) return 0;
  const std::string token = supplynet::EncodePageToken(scope, *key);
  const absl::StatusOr<std::vector<std::string>> again =
      supplynet::DecodePageToken(scope, token, parts);
  supplynet::fuzz::Check(again.ok() && *again == *key);
  supplynet::fuzz::Check(
      !supplynet::DecodePageToken({"other_list", scope.company_id}, token, parts).ok());
  supplynet::fuzz::Check(!supplynet::DecodePageToken(
                              {scope.list, "7c9d1e2f-3a4b-4c5d-8e6f-7a8b9c0d1e02"}, token, parts)
                              .ok());
  return 0;
}
