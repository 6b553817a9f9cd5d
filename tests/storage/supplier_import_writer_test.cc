// SupplierImportWriter against a real PostgreSQL: which statement writes a batch, seen from the
// rows PostgreSQL counts as inserted in the import's transaction (pg_stat_xact_user_tables
// counts the rows of a refused INSERT too).
#include "storage/supplier_import_writer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/time/clock.h"
#include "tests/support/bulk_rows.h"
#include "tests/support/shared_database_test.h"

namespace supplynet::storage {
namespace {

class SupplierImportWriterTest : public testing::SharedDatabaseTest {
 protected:
  static void SetUpTestSuite() {
    OpenSharedDatabase();
    testing::InsertBulkCompanies(*test_db_, 2);
    // Company 1's network: NITs 800000001 to 800000003.
    testing::InsertBulkNetworks(*test_db_, 1, 1, 3);
  }

  // A batch of NITs (named "Nuevo <NIT>"), as the import sends it.
  static ImportBatchColumns Batch(const std::vector<int>& nits) {
    std::vector<SupplierRow> rows;
    for (int nit : nits) {
      SupplierRow& row = rows.emplace_back();
      row.tax_id = {Country::kColombia, TaxIdType::kCoNit, std::to_string(nit), ""};
      row.fields.name = "Nuevo " + std::to_string(nit);
      row.fields.email = "a@b.example";
    }
    return SupplierImportRepository::Columns(rows, /*notify=*/false);
  }

  struct Written {
    std::vector<ImportBatchResult> batches;
    std::string rows_inserted;  // By any statement of the transaction, refused ones included.
  };
  // Writes the batches into company `company`'s network, in one transaction rolled back.
  static Written Write(int company, const std::vector<std::vector<int>>& batches) {
    absl::StatusOr<Written> written = db_->WriteAndRollBack([&](Tx& tx) -> absl::StatusOr<Written> {
      SupplierImportWriter writer(testing::BulkCompanyId(company), Country::kColombia, absl::Now());
      Written out;
      for (const std::vector<int>& nits : batches) {
        absl::StatusOr<ImportBatchResult> result = writer.Write(tx, Batch(nits));
        if (!result.ok()) return result.status();
        out.batches.push_back(*result);
      }
      out.rows_inserted = tx.work()
                              .exec(
                                  "SELECT n_tup_ins FROM pg_stat_xact_user_tables "
                                  "WHERE relname = 'suppliers'")
                              .at(0)
                              .at(0)
                              .c_str();
      return out;
    });
    EXPECT_TRUE(written.ok()) << written.status();
    return written.ok() ? *written : Written{};
  }
};

TEST_F(SupplierImportWriterTest, NewRowsAreInsertedOnce) {
  const Written written = Write(2, {{800000001, 800000002}, {800000003}});
  ASSERT_EQ(written.batches.size(), 2u);
  EXPECT_EQ(written.batches[0].created, 2);
  EXPECT_EQ(written.batches[1].created, 1);
  EXPECT_EQ(written.rows_inserted, "3");
}

// A file that sends the network again is merged from its first batch: no INSERT is tried.
TEST_F(SupplierImportWriterTest, AFirstBatchMeetingTheNetworkIsMergedWithoutATriedInsert) {
  const Written written = Write(1, {{800000009, 800000001, 800000008}, {800000007}});
  ASSERT_EQ(written.batches.size(), 2u);
  EXPECT_EQ(written.batches[0].created, 2);
  EXPECT_EQ(written.batches[0].updated, 1);
  EXPECT_EQ(written.batches[1].created, 1);
  EXPECT_EQ(written.rows_inserted, "3");
}

// A later batch meeting the network has its INSERT refused at the existing entry (the rows
// before it are counted, then rolled back), and is merged, as is every batch after it.
TEST_F(SupplierImportWriterTest, ALaterBatchMeetingTheNetworkIsMergedAfterItsRefusedInsert) {
  const Written written = Write(1, {{800000009}, {800000008, 800000002, 800000007}, {800000006}});
  ASSERT_EQ(written.batches.size(), 3u);
  EXPECT_EQ(written.batches[0].created, 1);
  EXPECT_EQ(written.batches[1].created, 2);
  EXPECT_EQ(written.batches[1].updated, 1);
  EXPECT_EQ(written.batches[2].created, 1);
  // 1, then 2 tried (800000008 and the refused 800000002), 2 merged, then 1.
  EXPECT_EQ(written.rows_inserted, "6");
}

}  // namespace
}  // namespace supplynet::storage
