#include "storage/list_query.h"

#include <utility>

#include "absl/strings/str_cat.h"

namespace supplynet::storage {

ListQuery::ListQuery(std::string_view name_prefix, std::string_view select)
    : name_(name_prefix), sql_(select) {}

ListQuery& ListQuery::Sql(std::string_view sql) {
  sql_ += sql;
  return *this;
}

ListQuery& ListQuery::Bind(std::string value, std::string_view rest) {
  params_.push_back(std::move(value));
  absl::StrAppend(&sql_, "$", params_.size(), std::string(rest));
  return *this;
}

ListQuery& ListQuery::BindWritten(std::string value) {
  params_.push_back(std::move(value));
  return *this;
}

ListQuery& ListQuery::Where(std::string_view column_op, std::string value, std::string_view rest) {
  sql_ += " AND ";
  sql_ += column_op;
  return Bind(std::move(value), rest);
}

ListQuery& ListQuery::Flag(std::string_view flag) {
  name_ += flag;
  return *this;
}

ListQuery& ListQuery::OrderBy(std::string_view order_by, std::optional<int> limit) {
  sql_ += " ORDER BY ";
  sql_ += order_by;
  if (!limit.has_value()) return *this;
  sql_ += " LIMIT ";
  return Bind(absl::StrCat(*limit), "::int").Flag("l");
}

pqxx::result ListQuery::Run(Tx& tx) const {
  return tx.Exec(statement(), pqxx::prepare::make_dynamic_params(params_));
}

}  // namespace supplynet::storage
