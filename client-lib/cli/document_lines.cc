#include "client-lib/cli/document_lines.h"

#include <google/protobuf/util/json_util.h>

#include <ios>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace supplynet::cli {
namespace {

// The next line of `in` (without its "\n") into `line`, through `buffer` (kept by the caller
// so that each line does not allocate it again); false at the end of the input. A longer line
// than the buffer holds is skipped to its end without being kept: `too_long` tells so.
bool ReadBoundedLine(std::istream& in, std::vector<char>& buffer, std::string& line,
                     bool& too_long) {
  too_long = false;
  line.clear();
  if (!in.good()) return false;
  in.getline(buffer.data(), static_cast<std::streamsize>(buffer.size()));
  const auto got = static_cast<size_t>(in.gcount());
  if (in.fail() && !in.eof() && got + 1 == buffer.size()) {  // Filled, no line break yet.
    in.clear(in.rdstate() & ~std::ios::failbit);
    in.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
    too_long = true;
    return true;
  }
  if (got == 0) return false;  // Nothing left (an empty line counts its "\n").
  const bool ended_by_break = !in.eof();
  line.assign(buffer.data(), ended_by_break ? got - 1 : got);
  return true;
}

}  // namespace

client::DocumentSource DocumentLinesSource(std::istream& in, BadDocumentLine bad) {
  auto line_number = std::make_shared<int64_t>(0);
  // One line's room (and its "\n"), allocated once for the whole file.
  auto buffer = std::make_shared<std::vector<char>>(kMaxDocumentLineBytes + 1);
  return [&in, bad = std::move(bad), line_number,
          buffer](v1::SyncDocumentsRequest& next) -> absl::StatusOr<bool> {
    std::string line;
    bool too_long = false;
    while (ReadBoundedLine(in, *buffer, line, too_long)) {
      ++*line_number;
      if (too_long) {
        bad(*line_number,
            "the line is longer than " + std::to_string(kMaxDocumentLineBytes) + " bytes");
        continue;
      }
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.find_first_not_of(" \t") == std::string::npos) continue;
      const auto parsed =
          google::protobuf::util::JsonStringToMessage(line, next.mutable_document());
      if (!parsed.ok()) {
        next.Clear();
        bad(*line_number, "not a Document in JSON: " + std::string(parsed.message()));
        continue;
      }
      next.set_client_key(std::to_string(*line_number));
      return true;
    }
    if (in.bad()) {
      return absl::DataLossError("reading the documents failed after line " +
                                 std::to_string(*line_number));
    }
    return false;
  };
}

}  // namespace supplynet::cli
