// Page tokens and watch cursors (the same encoding, domain/paging.h) on any text: decoding
// never crashes, a key decoded is exactly the key the token holds (encoding it again decodes
// to the same key), and a token is never accepted for another list.
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
  const char* list = kLists[input.Byte() % 3];
  const absl::StatusOr<std::vector<std::string>> key =
      supplynet::DecodePageToken(list, input.rest(), parts);
  if (!key.ok() || key->empty()) return 0;
  const std::string token = supplynet::EncodePageToken(list, *key);
  const absl::StatusOr<std::vector<std::string>> again =
      supplynet::DecodePageToken(list, token, parts);
  supplynet::fuzz::Check(again.ok() && *again == *key);
  supplynet::fuzz::Check(!supplynet::DecodePageToken("other_list", token, parts).ok());
  return 0;
}
