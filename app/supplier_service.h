// The supplier-network use cases of a client company: add, read, list, update and remove
// entries, and list their groups. Callers pass the authenticated principal (its company is
// the client; admin rights are checked by the caller); every query is scoped to its company.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "app/idempotency.h"
#include "app/supplier_lookup_batcher.h"
#include "domain/account.h"
#include "domain/clock.h"
#include "domain/paging.h"
#include "domain/supplier.h"
#include "storage/database.h"
#include "storage/supplier_repository.h"

namespace supplynet {

struct NewSupplier {
  TaxIdInput tax_id;
  SupplierFields fields;
};

struct SupplierUpdate {
  std::string supplier_id;
  SupplierFields values;                // Only the fields named by `mask_paths` are read.
  std::vector<std::string> mask_paths;  // Update-mask paths, see ParseSupplierUpdateMask.
  std::string etag;                     // Empty skips the concurrency check.
};

struct SupplierRemoval {
  std::string supplier_id;
  std::string etag;  // Empty skips the concurrency check.
  bool allow_missing = false;
};

class SupplierService {
 public:
  // `replay_codec` stores and restores the result of a retried Add or Update (app/idempotency.h).
  // ListSuppliers and ListGroups read from `read_db`, which may lag behind `db` (a hot standby;
  // `db` itself without one); everything else, GetSupplier included, reads and writes `db`.
  SupplierService(storage::Database& db, storage::Database& read_db, const Clock& clock,
                  std::unique_ptr<const ResultCodec<Supplier>> replay_codec);

  absl::StatusOr<Supplier> AddSupplier(const Principal& caller, const NewSupplier& supplier,
                                       const RequestId& request_id);
  // The entry, NOT_FOUND or the refusal, passed to `done` on a thread of the lookup batcher,
  // which first runs `authenticate` (it may read the database) and checks the id. Concurrent
  // calls share statements (app/supplier_lookup_batcher.h).
  void GetSupplier(std::function<absl::StatusOr<Principal>()> authenticate, std::string supplier_id,
                   SupplierLookupBatcher::Done done);
  absl::StatusOr<Page<Supplier>> ListSuppliers(const Principal& caller,
                                               const SupplierFilterInput& filter, int page_size,
                                               std::string_view page_token);
  // ABORTED when the etag is stale. An update that changes nothing keeps the version.
  absl::StatusOr<Supplier> UpdateSupplier(const Principal& caller, const SupplierUpdate& update,
                                          const RequestId& request_id);
  // True when an entry was removed; false when allow_missing hid a NOT_FOUND.
  absl::StatusOr<bool> RemoveSupplier(const Principal& caller, const SupplierRemoval& removal);
  absl::StatusOr<Page<SupplierGroupCount>> ListGroups(const Principal& caller, int page_size,
                                                      std::string_view page_token);

 private:
  storage::Database& db_;
  storage::Database& read_db_;
  const Clock& clock_;
  const std::unique_ptr<const ResultCodec<Supplier>> replay_codec_;
  SupplierLookupBatcher lookups_;
};

}  // namespace supplynet
