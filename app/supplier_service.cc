#include "app/supplier_service.h"

#include <utility>

#include "domain/etag.h"
#include "domain/field_violation.h"
#include "domain/ids.h"
#include "domain/secrets.h"
#include "domain/status_macros.h"
#include "storage/invitation_repository.h"

namespace supplynet {
namespace {

using storage::SupplierCursor;
using storage::SupplierListRow;
using storage::SupplierRepository;
using storage::Tx;

constexpr char kAddOperation[] = "SupplierNetworkService/AddSupplier";
constexpr char kUpdateOperation[] = "SupplierNetworkService/UpdateSupplier";
constexpr char kSuppliersList[] = "suppliers";
constexpr char kGroupsList[] = "supplier_groups";
// Two statements in flight: one is being answered while PostgreSQL runs the other.
constexpr int kLookupThreads = 2;
// Reads per statement at most: a full batch is still one short nested-loop statement.
constexpr size_t kMaxLookupBatch = 128;

// Validates a new entry; the tax ID is normalised by its country's rule.
absl::StatusOr<Supplier> ValidNewSupplier(const NewSupplier& in, const std::string& client) {
  FieldViolations violations;
  absl::StatusOr<TaxId> tax_id = ParseTaxIdInput(in.tax_id, "supplier.tax_id");
  violations.Merge(tax_id.status());
  Supplier supplier;
  supplier.fields = NormaliseSupplierFields(in.fields);
  violations.Merge(CheckSupplierFields(supplier.fields, /*email_optional=*/false, "supplier."));
  RETURN_IF_ERROR(violations.ToStatus());
  supplier.client_company_id = client;
  supplier.tax_id = *std::move(tax_id);
  supplier.origin = SupplierOrigin::kManual;
  return supplier;
}

absl::Status Stale() {
  return absl::AbortedError("the supplier changed since it was read (stale etag)");
}

// The page-token key of a list position; the filter's digest ties the token to its filters.
std::vector<std::string> CursorKey(const SupplierListRow& row, const std::string& digest) {
  return {row.name_folded, row.supplier.supplier_id, digest};
}

absl::StatusOr<std::optional<SupplierCursor>> CursorFromToken(PageScope scope,
                                                              std::string_view token,
                                                              const std::string& digest) {
  ASSIGN_OR_RETURN(std::vector<std::string> key, DecodePageToken(scope, token, 3));
  if (key.empty()) return std::optional<SupplierCursor>();
  if (!IsUuid(key[1])) return InvalidField("page_token", "is not a page token of this list");
  if (key[2] != digest) {
    return InvalidField("page_token", "was made for other filters than this request's");
  }
  return std::optional<SupplierCursor>(SupplierCursor{key[0], key[1]});
}

// Keeps the first `size` of `size + 1` fetched items; a token when more follow.
template <typename Row, typename Item, typename ItemOf, typename KeyOf>
Page<Item> MakePage(std::vector<Row> rows, int size, PageScope list, ItemOf item_of, KeyOf key_of) {
  Page<Item> page;
  if (static_cast<int>(rows.size()) > size) {
    rows.resize(size);
    page.next_page_token = EncodePageToken(list, key_of(rows.back()));
  }
  page.items.reserve(rows.size());
  for (Row& row : rows) page.items.push_back(item_of(std::move(row)));
  return page;
}

}  // namespace

SupplierService::SupplierService(storage::Database& db, storage::Database& read_db,
                                 const Clock& clock,
                                 std::unique_ptr<const ResultCodec<Supplier>> replay_codec)
    : db_(db),
      read_db_(read_db),
      clock_(clock),
      replay_codec_(std::move(replay_codec)),
      lookups_(db, kLookupThreads, kMaxLookupBatch) {}

absl::StatusOr<Supplier> SupplierService::AddSupplier(const Principal& caller,
                                                      const NewSupplier& in,
                                                      const RequestId& request_id) {
  FieldViolations violations;
  absl::StatusOr<Supplier> supplier = ValidNewSupplier(in, caller.company_id);
  violations.Merge(supplier.status());
  violations.Merge(CheckRequestId(request_id.id));
  RETURN_IF_ERROR(violations.ToStatus());
  const absl::Time now = clock_.Now();
  return WriteOnce<Supplier>(
      db_, IdempotencyKeyOf(caller.company_id, kAddOperation, request_id), now, *replay_codec_,
      [&](Tx& tx) { return SupplierRepository::Insert(tx, *supplier, now); });
}

void SupplierService::GetSupplier(std::function<absl::StatusOr<Principal>()> authenticate,
                                  std::string supplier_id, SupplierLookupBatcher::Done done) {
  lookups_.Lookup(
      [authenticate = std::move(authenticate),
       supplier_id = std::move(supplier_id)]() -> absl::StatusOr<storage::SupplierKey> {
        ASSIGN_OR_RETURN(Principal caller, authenticate());
        RETURN_IF_ERROR(CheckId(supplier_id, "supplier_id"));
        return storage::SupplierKey{caller.company_id, supplier_id};
      },
      std::move(done));
}

absl::StatusOr<Page<Supplier>> SupplierService::ListSuppliers(const Principal& caller,
                                                              const SupplierFilterInput& input,
                                                              int page_size,
                                                              std::string_view page_token) {
  FieldViolations violations;
  absl::StatusOr<int> size = NormalisePageSize(page_size);
  absl::StatusOr<SupplierFilter> filter = MakeSupplierFilter(input);
  violations.Merge(size.status());
  violations.Merge(filter.status());
  RETURN_IF_ERROR(violations.ToStatus());
  const std::string digest = HashToken(filter->Fingerprint()).substr(0, 16);
  const PageScope scope{kSuppliersList, caller.company_id};
  ASSIGN_OR_RETURN(std::optional<SupplierCursor> after, CursorFromToken(scope, page_token, digest));
  // One extra row tells whether another page follows.
  ASSIGN_OR_RETURN(std::vector<SupplierListRow> rows, read_db_.ReadStatement([&](Tx& tx) {
    return SupplierRepository::List(tx, caller.company_id, *filter, after, *size + 1);
  }));
  return MakePage<SupplierListRow, Supplier>(
      std::move(rows), *size, scope, [](SupplierListRow row) { return std::move(row.supplier); },
      [&](const SupplierListRow& row) { return CursorKey(row, digest); });
}

absl::StatusOr<Supplier> SupplierService::UpdateSupplier(const Principal& caller,
                                                         const SupplierUpdate& update,
                                                         const RequestId& request_id) {
  FieldViolations violations;
  violations.Merge(CheckId(update.supplier_id, "supplier.supplier_id"));
  absl::StatusOr<std::set<SupplierField>> mask =
      ParseSupplierUpdateMask(update.mask_paths, "update_mask");
  absl::StatusOr<std::optional<int64_t>> version = ParseEtag(update.etag, "supplier.etag");
  violations.Merge(mask.status());
  violations.Merge(version.status());
  violations.Merge(CheckRequestId(request_id.id));
  RETURN_IF_ERROR(violations.ToStatus());
  const SupplierFields values = NormaliseSupplierFields(update.values);
  const absl::Time now = clock_.Now();
  return WriteOnce<Supplier>(
      db_, IdempotencyKeyOf(caller.company_id, kUpdateOperation, request_id), now, *replay_codec_,
      [&](Tx& tx) -> absl::StatusOr<Supplier> {
        ASSIGN_OR_RETURN(Supplier current,
                         SupplierRepository::LockById(tx, caller.company_id, update.supplier_id));
        if (version->has_value() && **version != current.version) return Stale();
        const SupplierFields merged = ApplySupplierUpdate(current.fields, values, *mask);
        RETURN_IF_ERROR(CheckSupplierFields(
            merged, /*email_optional=*/current.origin == SupplierOrigin::kDocument, "supplier."));
        if (merged == current.fields) return current;
        return SupplierRepository::UpdateFields(tx, caller.company_id, update.supplier_id, merged,
                                                now);
      });
}

absl::StatusOr<bool> SupplierService::RemoveSupplier(const Principal& caller,
                                                     const SupplierRemoval& removal) {
  FieldViolations violations;
  violations.Merge(CheckId(removal.supplier_id, "supplier_id"));
  absl::StatusOr<std::optional<int64_t>> version = ParseEtag(removal.etag, "etag");
  violations.Merge(version.status());
  RETURN_IF_ERROR(violations.ToStatus());
  return db_.Write([&](Tx& tx) -> absl::StatusOr<bool> {
    absl::StatusOr<Supplier> current =
        SupplierRepository::LockById(tx, caller.company_id, removal.supplier_id);
    if (absl::IsNotFound(current.status()) && removal.allow_missing) return false;
    if (!current.ok()) return current.status();
    if (version->has_value() && **version != current->version) return Stale();
    // Its pending invitation dies with it: the code stops working, a queued email is not sent.
    if (!current->pending_invitation_id.empty()) {
      RETURN_IF_ERROR(storage::InvitationRepository::Revoke(
                          tx, caller.company_id, current->pending_invitation_id, clock_.Now())
                          .status());
    }
    // Deleting the entry ends a REGISTERED link with it (the link lives on the entry).
    RETURN_IF_ERROR(SupplierRepository::Delete(tx, caller.company_id, removal.supplier_id));
    return true;
  });
}

absl::StatusOr<Page<SupplierGroupCount>> SupplierService::ListGroups(const Principal& caller,
                                                                     int page_size,
                                                                     std::string_view page_token) {
  FieldViolations violations;
  absl::StatusOr<int> size = NormalisePageSize(page_size);
  const PageScope scope{kGroupsList, caller.company_id};
  absl::StatusOr<std::vector<std::string>> after = DecodePageToken(scope, page_token, 1);
  violations.Merge(size.status());
  violations.Merge(after.status());
  RETURN_IF_ERROR(violations.ToStatus());
  const std::string after_name = after->empty() ? "" : (*after)[0];
  ASSIGN_OR_RETURN(std::vector<SupplierGroupCount> groups, read_db_.ReadStatement([&](Tx& tx) {
    return SupplierRepository::ListGroups(tx, caller.company_id, after_name, *size + 1);
  }));
  return MakePage<SupplierGroupCount, SupplierGroupCount>(
      std::move(groups), *size, scope, [](SupplierGroupCount g) { return g; },
      [](const SupplierGroupCount& g) { return std::vector<std::string>{g.name}; });
}

}  // namespace supplynet
