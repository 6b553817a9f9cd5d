#include "storage/staging_table.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"

namespace supplynet::storage {

StagingTable::StagingTable(std::string name, absl::string_view columns) : name_(std::move(name)) {
  std::vector<std::string> definitions;
  for (absl::string_view column : absl::StrSplit(columns, ", ")) {
    column_names_.emplace_back(column.substr(0, column.find(' ')));
    definitions.push_back(absl::StrCat(column, " NOT NULL"));
  }
  create_sql_ = absl::StrCat("CREATE TEMP TABLE IF NOT EXISTS ", name_, " (",
                             absl::StrJoin(definitions, ", "), ") ON COMMIT DROP");
}

void StagingTable::Create(Tx& tx) const { tx.work().exec(create_sql_); }

}  // namespace supplynet::storage
