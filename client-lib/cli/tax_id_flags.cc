#include "client-lib/cli/tax_id_flags.h"

#include <map>

namespace supplynet::cli {

std::optional<v1::Country> ParseCountry(const std::string& text) {
  if (text.empty()) return v1::COUNTRY_UNSPECIFIED;
  if (text == "CO" || text == "co") return v1::COUNTRY_CO;
  if (text == "PE" || text == "pe") return v1::COUNTRY_PE;
  if (text == "CR" || text == "cr") return v1::COUNTRY_CR;
  return std::nullopt;
}

std::optional<v1::TaxIdType> ParseTaxIdType(const std::string& text) {
  static const std::map<std::string, v1::TaxIdType> kTypes = {
      {"", v1::TAX_ID_TYPE_UNSPECIFIED},   {"nit", v1::TAX_ID_TYPE_CO_NIT},
      {"ruc", v1::TAX_ID_TYPE_PE_RUC},     {"physical", v1::TAX_ID_TYPE_CR_PHYSICAL},
      {"legal", v1::TAX_ID_TYPE_CR_LEGAL}, {"dimex", v1::TAX_ID_TYPE_CR_DIMEX},
      {"nite", v1::TAX_ID_TYPE_CR_NITE}};
  auto it = kTypes.find(text);
  if (it == kTypes.end()) return std::nullopt;
  return it->second;
}

std::string TaxIdText(const v1::TaxId& tax_id) {
  std::string country = v1::Country_Name(tax_id.country());
  country = country.substr(country.rfind('_') + 1);
  std::string text = country + " " + tax_id.value();
  if (!tax_id.verification_digit().empty()) text += "-" + tax_id.verification_digit();
  return text;
}

std::optional<std::string> ReadTaxId(const Invocation& run, v1::TaxId* tax_id,
                                     const std::string& prefix) {
  const std::optional<v1::Country> country = ParseCountry(run.Flag(prefix + "country"));
  if (!country.has_value()) return "--" + prefix + "country is CO, PE or CR";
  const std::optional<v1::TaxIdType> type = ParseTaxIdType(run.Flag(prefix + "type"));
  if (!type.has_value()) return "--" + prefix + "type is nit, ruc, physical, legal, dimex or nite";
  tax_id->set_country(*country);
  tax_id->set_type(*type);
  tax_id->set_value(run.Flag(prefix + "tax-id"));
  return std::nullopt;
}

std::vector<std::string> With(std::vector<std::string> flags,
                              const std::vector<std::string>& more) {
  flags.insert(flags.end(), more.begin(), more.end());
  return flags;
}

}  // namespace supplynet::cli
