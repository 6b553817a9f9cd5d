// The SELECT of one keyset-paginated list, built for one combination of filters: only the
// predicates in use appear, so that each combination is its own prepared statement (named
// after the filters it holds) with a plan fit for it; a catch-all "$n IS NULL OR ..."
// statement would get one generic plan for every combination. Values are always bound as
// parameters, never written into the SQL text.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "pqxx/result"
#include "storage/database.h"
#include "storage/statement.h"

namespace supplynet::storage {

class ListQuery {
 public:
  // `name_prefix` names the statements ("supplier_list_"); `select` is the SQL up to and
  // including WHERE and the first predicate's text, the caller then binds its values.
  ListQuery(std::string_view name_prefix, std::string_view select);

  // Appends SQL text (holding no values).
  ListQuery& Sql(std::string_view sql);
  // Appends the next placeholder ("$3") followed by `rest` (a cast, a closing bracket) and
  // binds `value` to it.
  ListQuery& Bind(std::string value, std::string_view rest = "");
  // Binds `value` to a placeholder the SQL already holds (the next one in order).
  ListQuery& BindWritten(std::string value);
  // " AND <column_op>$n<rest>", one predicate on one value.
  ListQuery& Where(std::string_view column_op, std::string value, std::string_view rest = "");
  // Marks the statement name with `flag`, so each combination of filters is its own statement.
  ListQuery& Flag(std::string_view flag);
  // " ORDER BY <order_by>", then " LIMIT $n" when there is a limit.
  ListQuery& OrderBy(std::string_view order_by, std::optional<int> limit);

  Statement statement() const { return {name_.c_str(), sql_.c_str()}; }
  const std::string& sql() const { return sql_; }
  const std::vector<std::string>& params() const { return params_; }
  // Runs the statement (prepared once per connection).
  pqxx::result Run(Tx& tx) const;

 private:
  std::string name_;
  std::string sql_;
  std::vector<std::string> params_;
};

}  // namespace supplynet::storage
