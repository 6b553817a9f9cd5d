#include "domain/document_filter.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "domain/absl_compat.h"
#include "domain/field_violation.h"
#include "domain/text.h"

namespace supplynet {
namespace {

template <typename T>
std::vector<T> SortedDistinct(std::vector<T> values) {
  std::sort(values.begin(), values.end());
  values.erase(std::unique(values.begin(), values.end()), values.end());
  return values;
}

template <typename T>
std::string JoinInts(const std::vector<T>& values) {
  return absl::StrJoin(values, ".",
                       [](std::string* out, T v) { absl::StrAppend(out, static_cast<int>(v)); });
}

}  // namespace

std::string DocumentFilter::Fingerprint() const {
  return absl::StrCat(
      static_cast<int>(direction), "|", JoinInts(statuses), "|", JoinInts(types), "|",
      counterparty.has_value()
          ? absl::StrCat(AsAbsl(CountryCode(counterparty->country)), counterparty->value)
          : "",
      "|", issue_date_from, "|", issue_date_to, "|", number, "|",
      series.has_value() ? "s" + *series : "");
}

absl::StatusOr<DocumentFilter> MakeDocumentFilter(const DocumentFilterInput& in,
                                                  std::string_view prefix_view) {
  const std::string prefix(prefix_view);
  FieldViolations v;
  DocumentFilter filter;
  if (!in.direction.has_value()) {
    v.Add(prefix + "direction", "is required: ISSUED or RECEIVED");
  } else {
    filter.direction = *in.direction;
  }
  filter.statuses = SortedDistinct(in.statuses);
  filter.types = SortedDistinct(in.types);
  if (!in.counterparty_tax_id.empty()) {
    if (!in.counterparty_country.has_value()) {
      v.Add(prefix + "counterparty_tax_id.country", "is required");
    } else {
      absl::StatusOr<TaxId> id = ParseTaxId(*in.counterparty_country, in.counterparty_tax_id_type,
                                            in.counterparty_tax_id, prefix + "counterparty_tax_id");
      v.Merge(id.status());
      if (id.ok()) filter.counterparty = *id;
    }
  }
  if (!in.issue_date_from.empty())
    v.Merge(CheckDate(in.issue_date_from, prefix + "issue_date_from"));
  if (!in.issue_date_to.empty()) v.Merge(CheckDate(in.issue_date_to, prefix + "issue_date_to"));
  if (v.empty() && !in.issue_date_from.empty() && !in.issue_date_to.empty() &&
      in.issue_date_to < in.issue_date_from) {
    v.Add(prefix + "issue_date_to", "is earlier than issue_date_from");
  }
  // Control characters and broken UTF-8 can match no stored number or series: a clear error
  // instead of an empty page.
  v.Merge(CheckText(in.number, prefix + "number", 20));
  v.Merge(CheckText(in.series, prefix + "series", 20));
  if (!in.series.empty() && in.number.empty()) {
    v.Add(prefix + "series", "is used only together with number");
  }
  if (!v.empty()) return v.ToStatus();
  filter.issue_date_from = in.issue_date_from;
  filter.issue_date_to = in.issue_date_to;
  filter.number = in.number;
  if (!in.series.empty()) filter.series = in.series;
  return filter;
}

}  // namespace supplynet
