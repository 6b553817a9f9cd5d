#include "client-lib/cli/document_lines.h"

#include <google/protobuf/util/json_util.h>

#include <memory>
#include <utility>

namespace supplynet::cli {

client::DocumentSource DocumentLinesSource(std::istream& in, BadDocumentLine bad) {
  auto line_number = std::make_shared<int64_t>(0);
  return [&in, bad = std::move(bad),
          line_number](v1::SyncDocumentsRequest& next) -> absl::StatusOr<bool> {
    std::string line;
    while (std::getline(in, line)) {
      ++*line_number;
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
