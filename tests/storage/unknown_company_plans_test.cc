// Lookups of one network entry use the network's unique keys whatever the statistics say about
// the caller's company. When every company of ANALYZE's sample is among its most common values
// (up to 100 companies), a company it has not seen (a new one) is estimated at no rows at all,
// and the planner then took another (client_company_id, ...) index: the import's merge (when
// it still looked each row up before writing) went through the name index with a filter on
// the tax ID, a scan of everything the import had written so far for every row (a
// 1,000,000-row import into a new company, after three others, spent more than 15 minutes in
// one batch), and a lookup by id walked the company's whole name index. Three analyzed networks of
// 50,000 are enough to get those plans.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "pqxx/result"
#include "pqxx/row"
#include "storage/supplier_import_repository.h"
#include "storage/supplier_repository.h"
#include "tests/support/bulk_rows.h"
#include "tests/support/explain.h"
#include "tests/support/shared_database_test.h"
#include "tests/support/test_database.h"

namespace supplynet::storage {
namespace {

constexpr char kNew[] = "00000000-0000-4000-8000-000000000009";
constexpr char kUnique[] = "suppliers_client_company_id_country_tax_id_key";

class UnknownCompanyPlansTest : public testing::SharedDatabaseTest {
 protected:
  static void SetUpTestSuite() {
    OpenSharedDatabase();
    testing::InsertBulkCompanies(*test_db_, 9);
    // The networks of three other companies, analyzed: the statistics know only those.
    testing::InsertBulkNetworks(*test_db_, 1, 3, 50000);
    test_db_->Exec("ANALYZE suppliers");
  }
};

// The merge meets the network only through ON CONFLICT's arbiter, the unique key: no scan of
// `suppliers` that the statistics could send down another index.
TEST_F(UnknownCompanyPlansTest, TheImportsMergeMeetsTheNetworkOnlyThroughTheUniqueKey) {
  std::vector<SupplierRow> rows(3);
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].line = static_cast<int64_t>(i) + 2;
    rows[i].tax_id = {Country::kColombia, TaxIdType::kCoNit, std::to_string(800000001 + i), ""};
    rows[i].fields.name = "Proveedor " + std::to_string(i);
  }
  absl::StatusOr<std::string> plan =
      db_->WriteAndRollBack([&](Tx& tx) -> absl::StatusOr<std::string> {
        const ImportBatchColumns batch = SupplierImportRepository::Columns(rows, /*notify=*/false);
        absl::StatusOr<ImportBatchResult> merged =
            SupplierImportRepository::MergeBatch(tx, kNew, Country::kColombia, batch, absl::Now());
        if (!merged.ok()) return merged.status();
        EXPECT_EQ(merged->created, 3);
        std::string execute = absl::StrCat("EXECUTE supplier_import_merge('", kNew, "', 'CO', 0");
        for (const std::string& array : batch.arrays) {
          absl::StrAppend(&execute, ", ", tx.work().quote(array));
        }
        return testing::Explain(tx, execute + ")");
      });
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_NE(plan->find(absl::StrCat("Conflict Arbiter Indexes: ", kUnique, "\n")),
            std::string::npos)
      << *plan;
  EXPECT_EQ(plan->find("Scan using"), std::string::npos) << *plan;         // No index scan at all,
  EXPECT_EQ(plan->find("Scan on suppliers"), std::string::npos) << *plan;  // nor a table scan.
}

// The import looks its first batch's tax IDs up in the network (storage/supplier_import_writer.h):
// through the unique key, for a new company as for one with a network of 50,000.
TEST_F(UnknownCompanyPlansTest, TheImportsFirstLookupGoesThroughTheUniqueKey) {
  std::vector<SupplierRow> rows(5000);
  for (size_t i = 0; i < rows.size(); ++i) {
    rows[i].tax_id = {Country::kColombia, TaxIdType::kCoNit, std::to_string(810000001 + i), ""};
  }
  const ImportBatchColumns batch = SupplierImportRepository::Columns(rows, /*notify=*/false);
  for (const std::string& company : {std::string(kNew), testing::BulkCompanyId(1)}) {
    SCOPED_TRACE(company);
    absl::StatusOr<std::string> plan =
        db_->WriteAndRollBack([&](Tx& tx) -> absl::StatusOr<std::string> {
          for (int call = 0; call < 6; ++call) {  // Past the custom plans, to the generic one.
            absl::StatusOr<bool> met =
                SupplierImportRepository::AnyInNetwork(tx, company, Country::kColombia, batch);
            if (!met.ok()) return met.status();
            EXPECT_FALSE(*met);
          }
          return testing::Explain(
              tx, absl::StrCat("EXECUTE supplier_import_any_in_network('", company, "', 'CO', ",
                               tx.work().quote(batch.tax_ids()), ")"));
        });
    ASSERT_TRUE(plan.ok()) << plan.status();
    EXPECT_NE(plan->find(absl::StrCat("using ", kUnique, " on suppliers")), std::string::npos)
        << *plan;
  }
}

TEST_F(UnknownCompanyPlansTest, OneEntryIsFoundByIdOrTaxIdThroughItsUniqueKey) {
  const std::string id = "00000000-0000-4000-8000-00000000abcd";
  absl::StatusOr<std::vector<std::string>> plans =
      db_->WriteAndRollBack([&](Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
        EXPECT_FALSE(SupplierRepository::FindById(tx, kNew, id).ok());
        const TaxId tax_id{Country::kColombia, TaxIdType::kCoNit, "800000001", ""};
        EXPECT_FALSE(SupplierRepository::LockByTaxId(tx, kNew, tax_id).ok());
        return std::vector<std::string>{
            testing::Explain(tx,
                             absl::StrCat("EXECUTE supplier_find_by_id('", kNew, "', '", id, "')")),
            testing::Explain(tx, absl::StrCat("EXECUTE supplier_lock_by_tax_id('", kNew,
                                              "', 'CO', '800000001')"))};
      });
  ASSERT_TRUE(plans.ok()) << plans.status();
  EXPECT_NE((*plans)[0].find("Index Scan using suppliers_pkey on suppliers"), std::string::npos)
      << (*plans)[0];
  EXPECT_NE((*plans)[1].find(absl::StrCat("Index Scan using ", kUnique, " on suppliers")),
            std::string::npos)
      << (*plans)[1];
}

// GetSupplier's batched read probes the primary key once per key, and its prepared statement
// settles on a generic plan: with the arrays' lengths visible, every call was planned anew
// (120 to 240 us of planning against 40 us of execution for a few keys).
TEST_F(UnknownCompanyPlansTest, ABatchOfIdsProbesThePrimaryKeyWithAGenericPlan) {
  const std::string known = test_db_->QueryValue(
      "SELECT supplier_id FROM suppliers WHERE tax_id = '800000007' ORDER BY 1 LIMIT 1");
  const std::string known_company = test_db_->QueryValue(
      "SELECT client_company_id FROM suppliers WHERE supplier_id = '" + known + "'");
  const std::vector<SupplierKey> keys = {
      {known_company, known}, {kNew, known}, {kNew, "00000000-0000-4000-8000-00000000abcd"}};
  absl::StatusOr<std::vector<std::string>> seen =
      db_->WriteAndRollBack([&](Tx& tx) -> absl::StatusOr<std::vector<std::string>> {
        for (int call = 0; call < 7; ++call) {
          const std::vector<Supplier> found = SupplierRepository::FindByIds(tx, keys);
          EXPECT_EQ(found.size(), 1u);  // Only the known company's own entry.
        }
        const pqxx::result plans = tx.work().exec(
            "SELECT generic_plans FROM pg_prepared_statements WHERE name = "
            "'supplier_find_by_ids'");
        return std::vector<std::string>{
            plans.empty() ? "" : plans[0][0].as<std::string>(),
            testing::Explain(tx, absl::StrCat("EXECUTE supplier_find_by_ids('{", known_company, ",",
                                              kNew, "}', '{", known, ",", known, "}')"))};
      });
  ASSERT_TRUE(seen.ok()) << seen.status();
  EXPECT_NE((*seen)[0], "") << "the statement was not prepared on this connection";
  EXPECT_GE(std::atoi((*seen)[0].c_str()), 1) << "generic plans: " << (*seen)[0];
  EXPECT_NE((*seen)[1].find("Index Scan using suppliers_pkey on suppliers"), std::string::npos)
      << (*seen)[1];
  EXPECT_NE((*seen)[1].find("Nested Loop"), std::string::npos) << (*seen)[1];
}

}  // namespace
}  // namespace supplynet::storage
