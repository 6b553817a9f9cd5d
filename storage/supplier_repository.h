// The supplier networks: one row per (client company, supplier) entry. Every query is scoped
// by the client's company id, so an entry of another network is simply not found.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "domain/supplier.h"
#include "storage/database.h"

namespace supplynet::storage {

// A listed entry with its position in the keyset order (folded name, supplier_id).
struct SupplierListRow {
  Supplier supplier;
  std::string name_folded;
};

// One entry of one network, as GetSupplier names it.
struct SupplierKey {
  std::string client_company_id;
  std::string supplier_id;
};

// Where a page starts: after this (folded name, supplier_id).
struct SupplierCursor {
  std::string name_folded;
  std::string supplier_id;
};

class SupplierRepository {
 public:
  // Stores a new entry (supplier_id, version and times are generated from `supplier` and
  // `now`). ALREADY_EXISTS, naming the existing entry as its resource, when the network holds
  // the same country + tax ID.
  static absl::StatusOr<Supplier> Insert(Tx& tx, const Supplier& supplier, absl::Time now);
  // NOT_FOUND, as every lookup of an entry that is not in the caller's network answers.
  static absl::Status NotFound();
  static absl::StatusOr<Supplier> FindById(Tx& tx, const std::string& client_company_id,
                                           const std::string& supplier_id);
  // The entries of many (client company, supplier id) keys in one statement, in no particular
  // order; a key without an entry has no row. `keys` holds valid UUIDs.
  static std::vector<Supplier> FindByIds(Tx& tx, const std::vector<SupplierKey>& keys);
  // As FindById, and locks the entry until the transaction ends.
  static absl::StatusOr<Supplier> LockById(Tx& tx, const std::string& client_company_id,
                                           const std::string& supplier_id);
  // The entry of `tax_id` (country + value) in the network, locked.
  static absl::StatusOr<Supplier> LockByTaxId(Tx& tx, const std::string& client_company_id,
                                              const TaxId& tax_id);
  // The entry becomes INVITED by `invitation_id` (version bumped); an import's request to
  // invite it is fulfilled (invite_requested_time cleared).
  static absl::Status SetPendingInvitation(Tx& tx, const std::string& client_company_id,
                                           const std::string& supplier_id,
                                           const std::string& invitation_id, absl::Time now);
  // The entry stops being INVITED, if `invitation_id` is still its pending one.
  static absl::Status ClearPendingInvitation(Tx& tx, const std::string& client_company_id,
                                             const std::string& supplier_id,
                                             const std::string& invitation_id, absl::Time now);
  // The entry becomes REGISTERED as `company_id` (and no longer INVITED).
  static absl::Status Link(Tx& tx, const std::string& client_company_id,
                           const std::string& supplier_id, const std::string& company_id,
                           absl::Time now);
  // Replaces the directory fields and bumps the version.
  static absl::StatusOr<Supplier> UpdateFields(Tx& tx, const std::string& client_company_id,
                                               const std::string& supplier_id,
                                               const SupplierFields& fields, absl::Time now);
  static absl::Status Delete(Tx& tx, const std::string& client_company_id,
                             const std::string& supplier_id);
  // Entries matching `filter` in keyset order, after `after` (none: from the start).
  static absl::StatusOr<std::vector<SupplierListRow>> List(
      Tx& tx, const std::string& client_company_id, const SupplierFilter& filter,
      const std::optional<SupplierCursor>& after, int limit);
  // The network's groups in byte order with their entry counts, after `after_name`.
  static absl::StatusOr<std::vector<SupplierGroupCount>> ListGroups(
      Tx& tx, const std::string& client_company_id, const std::string& after_name, int limit);
};

}  // namespace supplynet::storage
