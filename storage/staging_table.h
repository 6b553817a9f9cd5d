// A temporary table that a batch of rows is copied into (COPY, one stream) before one
// set-based statement reads it, so that round trips grow with the number of batches, never with
// the number of rows. It lives until its transaction ends.
#pragma once

#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "pqxx/stream_to"
#include "storage/database.h"

namespace supplynet::storage {

class StagingTable {
 public:
  // `columns`: "name type, name type, ..."; every column is NOT NULL.
  StagingTable(std::string name, absl::string_view columns);

  // Creates the table unless this transaction already has.
  void Create(Tx& tx) const;

  // Empties the table and copies `rows` into it, each made into its column values (a
  // std::array, since libpqxx 6.4's stream_to writes tuple-like rows only) by `values_of`.
  template <typename Row, typename ValuesOf>
  void Refill(Tx& tx, const std::vector<Row>& rows, ValuesOf values_of) const {
    tx.work().exec("TRUNCATE " + name_);
    pqxx::stream_to copy(tx.work(), name_, column_names_);
    for (const Row& row : rows) copy << values_of(row);
    copy.complete();
  }

 private:
  std::string name_;
  std::vector<std::string> column_names_;
  std::string create_sql_;
};

}  // namespace supplynet::storage
