// The input of `documents sync`: JSON lines, one document per line in protobuf's JSON mapping
// of supplynet.v1.Document (its input fields), e.g.
//   {"country":"COUNTRY_CO","type":"DOCUMENT_TYPE_INVOICE","series":"FE","number":"1001",...}
// Blank lines are skipped. Each document's client_key is its line number, so that results
// name the line they came from. Read one line at a time, and a line longer than
// kMaxDocumentLineBytes is skipped unread (reported bad): memory stays flat for any file,
// even one that is a single line of gigabytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <istream>
#include <string>

#include "supplynet/client/document_stream.h"

namespace supplynet::cli {

// No Document comes near this in JSON; the server takes messages of at most 4 MiB.
inline constexpr size_t kMaxDocumentLineBytes = 1 << 20;

// Told about a line that is not a Document (it is skipped, not sent).
using BadDocumentLine = std::function<void(int64_t line, const std::string& error)>;

// A source for Client::SyncDocuments reading `in` (which must outlive it).
client::DocumentSource DocumentLinesSource(std::istream& in, BadDocumentLine bad);

}  // namespace supplynet::cli
