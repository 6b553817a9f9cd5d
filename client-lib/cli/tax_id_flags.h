// Tax IDs on the command line: --country, --tax-id and --type in, "CO 900123456-7" out.
// Shared by the commands that take or show a company's tax ID.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "client-lib/cli/command.h"

namespace supplynet::cli {

// The flags ReadTaxId reads, for a Command's flag list.
inline const std::vector<std::string> kTaxIdFlags = {"country=", "tax-id=", "type="};

// "CO"/"PE"/"CR" (either case); "" is UNSPECIFIED; nothing for anything else.
std::optional<v1::Country> ParseCountry(const std::string& text);
// nit, ruc, physical, legal, dimex, nite; "" is UNSPECIFIED; nothing for anything else.
std::optional<v1::TaxIdType> ParseTaxIdType(const std::string& text);
// "CO 900123456-7".
std::string TaxIdText(const v1::TaxId& tax_id);
// --country and --tax-id [--type] into `tax_id`; a usage message when they are wrong. With a
// `prefix` the flags are --{prefix}country and so on (e.g. --client-country).
std::optional<std::string> ReadTaxId(const Invocation& run, v1::TaxId* tax_id,
                                     const std::string& prefix = "");

// `flags` followed by `more`.
std::vector<std::string> With(std::vector<std::string> flags, const std::vector<std::string>& more);

}  // namespace supplynet::cli
