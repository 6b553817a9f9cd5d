#include "domain/document.h"

#include <array>
#include <cctype>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "domain/absl_compat.h"
#include "domain/field_violation.h"
#include "domain/text.h"

namespace supplynet {
namespace {

template <typename E, size_t N>
std::optional<E> FromName(const std::array<std::pair<E, std::string_view>, N>& names,
                          std::string_view name) {
  for (const auto& [value, text] : names) {
    if (text == name) return value;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
  for (const auto& [v, text] : names) {
    if (v == value) return text;
  }
  return "";
}

constexpr std::array<std::pair<DocumentType, std::string_view>, 4> kTypeNames{{
    {DocumentType::kInvoice, "INVOICE"},
    {DocumentType::kCreditNote, "CREDIT_NOTE"},
    {DocumentType::kDebitNote, "DEBIT_NOTE"},
    {DocumentType::kDispatchGuide, "DISPATCH_GUIDE"},
}};

constexpr std::array<std::pair<DocumentStatus, std::string_view>, 6> kStatusNames{{
    {DocumentStatus::kPendingInformation, "PENDING_INFORMATION"},
    {DocumentStatus::kSent, "SENT"},
    {DocumentStatus::kAccepted, "ACCEPTED"},
    {DocumentStatus::kRejected, "REJECTED"},
    {DocumentStatus::kPaymentScheduled, "PAYMENT_SCHEDULED"},
    {DocumentStatus::kPaid, "PAID"},
}};

constexpr std::array<std::pair<ReasonCode, std::string_view>, 6> kReasonNames{{
    {ReasonCode::kNone, ""},
    {ReasonCode::kInconsistencies, "INCONSISTENCIES"},
    {ReasonCode::kGoodsNotDelivered, "GOODS_NOT_DELIVERED"},
    {ReasonCode::kGoodsPartlyDelivered, "GOODS_PARTLY_DELIVERED"},
    {ReasonCode::kServiceNotProvided, "SERVICE_NOT_PROVIDED"},
    {ReasonCode::kOther, "OTHER"},
}};

constexpr std::array<std::pair<ActorType, std::string_view>, 3> kActorNames{{
    {ActorType::kUser, "USER"},
    {ActorType::kServiceAccount, "SERVICE_ACCOUNT"},
    {ActorType::kSystem, "SYSTEM"},
}};

bool IsBlank(std::string_view s) { return absl::StripAsciiWhitespace(AsAbsl(s)).empty(); }

std::string Trimmed(std::string_view s) {
  return std::string(absl::StripAsciiWhitespace(AsAbsl(s)));
}

// A required, trimmed text of at most `max` characters.
absl::Status CheckRequiredText(std::string_view text, std::string field, size_t max) {
  if (IsBlank(text)) return InvalidField(field, "is required");
  return CheckText(text, field, max);
}

// Series and number: letters, digits and '-' only, as printed on documents.
absl::Status CheckCode(std::string_view code, std::string field, size_t min, size_t max) {
  if (code.size() < min) return InvalidField(field, "is required");
  if (code.size() > max) {
    return InvalidField(field, absl::StrCat("is longer than ", max, " characters"));
  }
  for (char c : code) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-') {
      return InvalidField(field, "may hold only letters, digits and '-'");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<TaxId> ParseParty(const std::optional<Country>& country, TaxIdType type,
                                 std::string_view value, const std::string& field) {
  if (!country.has_value()) return InvalidField(field + ".country", "is required");
  return ParseTaxId(*country, type, value, field);
}

absl::Status CheckDocumentFields(const FieldMap& fields, const std::string& prefix) {
  FieldViolations violations;
  for (const auto& [key, value] : fields) {
    const std::string field = absl::StrCat(prefix, "document_fields[", AsAbsl(key), "]");
    bool name_ok = !key.empty() && key.size() <= 63 && std::islower(key[0]);
    for (char c : key) {
      name_ok = name_ok && (std::islower(static_cast<unsigned char>(c)) ||
                            std::isdigit(static_cast<unsigned char>(c)) || c == '_');
    }
    if (!name_ok) violations.Add(field, "key must match [a-z][a-z0-9_]*, at most 63 characters");
    violations.Merge(CheckText(value, field, kMaxDocumentFieldValueChars));
  }
  return violations.ToStatus();
}

}  // namespace

std::string_view DocumentTypeName(DocumentType type) { return NameOf(kTypeNames, type); }
std::optional<DocumentType> DocumentTypeFromName(std::string_view name) {
  return FromName(kTypeNames, name);
}
std::string_view DocumentStatusName(DocumentStatus status) { return NameOf(kStatusNames, status); }
std::optional<DocumentStatus> DocumentStatusFromName(std::string_view name) {
  return FromName(kStatusNames, name);
}
std::string_view ReasonCodeName(ReasonCode code) { return NameOf(kReasonNames, code); }
ReasonCode ReasonCodeFromName(std::string_view name) {
  return FromName(kReasonNames, name).value_or(ReasonCode::kNone);
}
std::string_view ActorTypeName(ActorType type) { return NameOf(kActorNames, type); }
std::optional<ActorType> ActorTypeFromName(std::string_view name) {
  return FromName(kActorNames, name);
}

bool IsDecisionStatus(DocumentStatus status) {
  return status == DocumentStatus::kAccepted || status == DocumentStatus::kRejected ||
         status == DocumentStatus::kPaymentScheduled || status == DocumentStatus::kPaid;
}

absl::Status CheckAmount(std::string_view amount, std::string_view field) {
  const std::string name(field);
  if (amount.empty()) return InvalidField(name, "is required");
  const size_t dot = amount.find('.');
  const std::string_view whole = amount.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : amount.substr(dot + 1);
  const auto digits = [](std::string_view s) {
    for (char c : s) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  };
  if (whole.empty() || !digits(whole) || !digits(fraction) ||
      (dot != std::string_view::npos && fraction.empty())) {
    return InvalidField(name, "must be a non-negative decimal such as 1234.50");
  }
  if (fraction.size() > 6) return InvalidField(name, "has more than 6 decimals");
  if (whole.size() > 20) return InvalidField(name, "has more than 20 integer digits");
  return absl::OkStatus();
}

std::string CanonicalDecimal(std::string_view amount) {
  std::string s(amount);
  if (s.find('.') != std::string::npos) {
    while (!s.empty() && s.back() == '0') s.pop_back();
    if (!s.empty() && s.back() == '.') s.pop_back();
  }
  size_t lead = 0;
  while (lead + 1 < s.size() && s[lead] == '0' && s[lead + 1] != '.') ++lead;
  return s.substr(lead);
}

absl::Status CheckDate(std::string_view date, std::string_view field) {
  const std::string name(field);
  if (date.empty()) return InvalidField(name, "is required");
  absl::CivilDay day;
  if (date.size() != 10 || !absl::ParseCivilTime(AsAbsl(date), &day) ||
      absl::FormatCivilTime(day) != AsAbsl(date)) {
    return InvalidField(name, "must be a date written YYYY-MM-DD");
  }
  return absl::OkStatus();
}

absl::StatusOr<DocumentContent> ValidDocumentInput(const DocumentInput& in,
                                                   std::string_view prefix_view) {
  const std::string prefix(prefix_view);
  FieldViolations v;
  DocumentContent out;
  if (!in.country.has_value()) v.Add(prefix + "country", "is required");
  if (!in.type.has_value()) v.Add(prefix + "type", "is required");
  const std::string series = Trimmed(in.series);
  const std::string number = Trimmed(in.number);
  v.Merge(CheckCode(series, prefix + "series", 0, 20));
  v.Merge(CheckCode(number, prefix + "number", 1, 20));
  absl::StatusOr<TaxId> issuer = ParseParty(in.issuer_country, in.issuer_tax_id_type,
                                            in.issuer_tax_id, prefix + "issuer_tax_id");
  absl::StatusOr<TaxId> receiver = ParseParty(in.receiver_country, in.receiver_tax_id_type,
                                              in.receiver_tax_id, prefix + "receiver_tax_id");
  v.Merge(issuer.status());
  v.Merge(receiver.status());
  if (in.country.has_value() && issuer.ok() && issuer->country != *in.country) {
    v.Add(prefix + "country", "must be the issuer's country");
  }
  v.Merge(CheckRequiredText(in.issuer_name, prefix + "issuer_name", kMaxDocumentNameChars));
  v.Merge(CheckRequiredText(in.receiver_name, prefix + "receiver_name", kMaxDocumentNameChars));
  v.Merge(CheckDate(in.issue_date, prefix + "issue_date"));
  const std::string currency = absl::AsciiStrToUpper(AsAbsl(Trimmed(in.currency_code)));
  bool currency_ok = currency.size() == 3;
  for (char c : currency) currency_ok = currency_ok && c >= 'A' && c <= 'Z';
  if (!currency_ok) v.Add(prefix + "currency_code", "must be an ISO 4217 code such as COP");
  v.Merge(CheckAmount(in.net_amount, prefix + "net_amount"));
  v.Merge(CheckAmount(in.tax_amount, prefix + "tax_amount"));
  v.Merge(CheckAmount(in.total_amount, prefix + "total_amount"));
  v.Merge(CheckDocumentFields(in.document_fields, prefix));
  if (issuer.ok() && receiver.ok() && issuer->country == receiver->country &&
      issuer->value == receiver->value) {
    v.Add(prefix + "receiver_tax_id", "must differ from the issuer's");
  }
  if (!v.empty()) return v.ToStatus();
  out.country = *in.country;
  out.type = *in.type;
  out.series = series;
  out.number = number;
  out.issuer = *std::move(issuer);
  out.issuer_name = Trimmed(in.issuer_name);
  out.receiver = *std::move(receiver);
  out.receiver_name = Trimmed(in.receiver_name);
  out.issue_date = in.issue_date;
  out.currency_code = currency;
  out.net_amount = in.net_amount;
  out.tax_amount = in.tax_amount;
  out.total_amount = in.total_amount;
  out.document_fields = in.document_fields;
  return out;
}

bool ConflictsWith(const DocumentContent& stored, const DocumentContent& resent) {
  return stored.receiver.country != resent.receiver.country ||
         stored.receiver.value != resent.receiver.value || stored.issue_date != resent.issue_date ||
         stored.currency_code != resent.currency_code ||
         CanonicalDecimal(stored.net_amount) != CanonicalDecimal(resent.net_amount) ||
         CanonicalDecimal(stored.tax_amount) != CanonicalDecimal(resent.tax_amount) ||
         CanonicalDecimal(stored.total_amount) != CanonicalDecimal(resent.total_amount);
}

std::optional<DocumentContent> MergeResend(const DocumentContent& stored,
                                           const DocumentContent& resent) {
  DocumentContent merged = stored;
  merged.issuer_name = resent.issuer_name;
  merged.receiver_name = resent.receiver_name;
  for (const auto& [key, value] : resent.document_fields)
    merged.document_fields.emplace(key, value);
  if (merged.issuer_name == stored.issuer_name && merged.receiver_name == stored.receiver_name &&
      merged.document_fields == stored.document_fields) {
    return std::nullopt;
  }
  return merged;
}

absl::Status CheckStatusReason(DocumentStatus target, const StatusReason& reason,
                               std::string_view field) {
  const std::string prefix(field);
  FieldViolations v;
  v.Merge(CheckText(reason.text, prefix + ".text", kMaxReasonTextChars));
  if (target == DocumentStatus::kRejected && reason.code == ReasonCode::kNone) {
    v.Add(prefix + ".code", "is required to reject a document");
  }
  if ((target == DocumentStatus::kRejected || reason.code == ReasonCode::kOther) &&
      IsBlank(reason.text)) {
    v.Add(prefix + ".text", "is required to reject a document or with reason OTHER");
  }
  return v.ToStatus();
}

}  // namespace supplynet
