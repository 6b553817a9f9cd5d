// The command line split into words and flags: `--name=value`, `--name value` for flags that
// take a value, `--name` for switches; `--` ends the flags.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace supplynet::cli {

struct Args {
  std::vector<std::string> words;            // Everything that is not a flag, in order.
  std::map<std::string, std::string> flags;  // Switches map to "true"; a repeated flag: its last.
  // Every value of every flag, in command-line order, for flags that may repeat.
  std::multimap<std::string, std::string> all_flags;
};

// Splits `argv` (without the program name). `value_flags` names the flags that take a value;
// any other flag is a switch. Sets `error` and returns nothing on a malformed line.
std::optional<Args> ParseArgs(const std::vector<std::string>& argv,
                              const std::set<std::string>& value_flags, std::string* error);

}  // namespace supplynet::cli
