// Electronic documents and their traffic-light statuses: types, names as stored, and the
// checks of a synced document's input. Pure rules; no gRPC, no SQL.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/tax_id.h"

namespace supplynet {

enum class DocumentType { kInvoice, kCreditNote, kDebitNote, kDispatchGuide };
enum class DocumentStatus {
  kPendingInformation,
  kSent,
  kAccepted,
  kRejected,
  kPaymentScheduled,
  kPaid
};
enum class ReasonCode {
  kNone,
  kInconsistencies,
  kGoodsNotDelivered,
  kGoodsPartlyDelivered,
  kServiceNotProvided,
  kOther
};
enum class ActorType { kUser, kServiceAccount, kSystem };
enum class Direction { kIssued, kReceived };

// Names as stored: "INVOICE", "PENDING_INFORMATION", "GOODS_NOT_DELIVERED", "USER", ...
std::string_view DocumentTypeName(DocumentType type);
std::optional<DocumentType> DocumentTypeFromName(std::string_view name);
std::string_view DocumentStatusName(DocumentStatus status);
std::optional<DocumentStatus> DocumentStatusFromName(std::string_view name);
std::string_view ReasonCodeName(ReasonCode code);  // kNone: "".
ReasonCode ReasonCodeFromName(std::string_view name);
std::string_view ActorTypeName(ActorType type);
std::optional<ActorType> ActorTypeFromName(std::string_view name);

// The client's decision statuses: the only targets of ChangeDocumentStatus.
bool IsDecisionStatus(DocumentStatus status);

inline constexpr int kMaxValidationRestarts = 5;
inline constexpr size_t kMaxDocumentNameChars = 200;
inline constexpr size_t kMaxDocumentFieldValueChars = 200;
inline constexpr size_t kMaxReasonTextChars = 1000;

using FieldMap = std::map<std::string, std::string>;

// The input fields of a synced document, as read from the request (tax IDs not yet parsed).
struct DocumentInput {
  std::optional<Country> country;
  std::optional<DocumentType> type;
  std::string series;
  std::string number;
  std::optional<Country> issuer_country;
  TaxIdType issuer_tax_id_type = TaxIdType::kUnspecified;
  std::string issuer_tax_id;
  std::string issuer_name;
  std::optional<Country> receiver_country;
  TaxIdType receiver_tax_id_type = TaxIdType::kUnspecified;
  std::string receiver_tax_id;
  std::string receiver_name;
  std::string issue_date;
  std::string currency_code;
  std::string net_amount;
  std::string tax_amount;
  std::string total_amount;
  FieldMap document_fields;
};

// The stored content of a document that SyncDocuments compares on a re-send.
struct DocumentContent {
  Country country = Country::kColombia;
  DocumentType type = DocumentType::kInvoice;
  std::string series;
  std::string number;
  TaxId issuer{};
  std::string issuer_name;
  TaxId receiver{};
  std::string receiver_name;
  std::string issue_date;  // "YYYY-MM-DD".
  std::string currency_code;
  std::string net_amount;  // Decimal strings as given.
  std::string tax_amount;
  std::string total_amount;
  FieldMap document_fields;
};

struct StatusReason {
  ReasonCode code = ReasonCode::kNone;
  std::string text;
};

struct Document {
  std::string document_id;
  DocumentContent content;
  std::string receiver_company_id;
  std::string supplier_id;  // The receiver's network entry for the issuer, when any.
  FieldMap issuer_values;   // Values entered by the issuer.
  DocumentStatus status = DocumentStatus::kPendingInformation;
  StatusReason status_reason;
  absl::Time status_change_time;
  int restarts_used = 0;
  int64_t version = 0;
  absl::Time create_time;
  absl::Time update_time;
};

struct StatusChange {
  std::string status_change_id;
  int64_t event_id = 0;
  std::string document_id;
  std::optional<DocumentStatus> from_status;  // Unset for the initial entry.
  DocumentStatus to_status = DocumentStatus::kPendingInformation;
  StatusReason reason;
  ActorType actor_type = ActorType::kSystem;
  std::string actor_id;
  std::string actor_name;
  std::string actor_company_name;
  absl::Time change_time;
};

// Validates a synced document and normalises it; violations name `prefix` + the contract's
// field ("document.issuer_tax_id").
absl::StatusOr<DocumentContent> ValidDocumentInput(const DocumentInput& in,
                                                   std::string_view prefix);

// Non-negative decimal, "." separator, at most 6 decimals and 20 integer digits.
absl::Status CheckAmount(std::string_view amount, std::string_view field);
// The same decimal written without leading or trailing zeros ("0012.50" -> "12.5").
std::string CanonicalDecimal(std::string_view amount);
// A real calendar date written "YYYY-MM-DD".
absl::Status CheckDate(std::string_view date, std::string_view field);

// True when a re-sent document differs from the stored one in what may never change: the
// receiver, the date, the currency or an amount.
bool ConflictsWith(const DocumentContent& stored, const DocumentContent& resent);
// The stored content updated by a re-send: names replaced, document fields added (never
// removed or replaced). nullopt when nothing changes.
std::optional<DocumentContent> MergeResend(const DocumentContent& stored,
                                           const DocumentContent& resent);

// A decision's reason: REJECTED needs a code and a text, OTHER a text; at most 1000 characters.
absl::Status CheckStatusReason(DocumentStatus target, const StatusReason& reason,
                               std::string_view field);

}  // namespace supplynet
