// The filters of ListDocuments and ExportDocumentReport, validated and normalised, and the
// keyset position of a document in their order (issue_date descending, document_id descending).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "domain/document.h"

namespace supplynet {

struct DocumentFilterInput {
  std::optional<Direction> direction;  // Unset: INVALID_ARGUMENT.
  std::vector<DocumentStatus> statuses;
  std::vector<DocumentType> types;
  std::optional<Country> counterparty_country;
  TaxIdType counterparty_tax_id_type = TaxIdType::kUnspecified;
  std::string counterparty_tax_id;  // Empty: no counterparty filter.
  std::string issue_date_from;
  std::string issue_date_to;
  std::string number;
  std::string series;
};

struct DocumentFilter {
  Direction direction = Direction::kReceived;
  std::vector<DocumentStatus> statuses;  // Sorted, distinct.
  std::vector<DocumentType> types;       // Sorted, distinct.
  std::optional<TaxId> counterparty;
  std::string issue_date_from;
  std::string issue_date_to;
  std::string number;
  std::optional<std::string> series;  // Only together with a number.

  // A stable text naming the filter, carried by page tokens.
  std::string Fingerprint() const;
};

// Violations name `prefix` + the contract's field ("filter.issue_date_to").
absl::StatusOr<DocumentFilter> MakeDocumentFilter(const DocumentFilterInput& in,
                                                  std::string_view prefix);

// A position in the list order.
struct DocumentCursor {
  std::string issue_date;
  std::string document_id;
};

}  // namespace supplynet
