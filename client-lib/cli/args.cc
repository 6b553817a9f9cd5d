#include "client-lib/cli/args.h"

namespace supplynet::cli {

std::optional<Args> ParseArgs(const std::vector<std::string>& argv,
                              const std::set<std::string>& value_flags, std::string* error) {
  Args args;
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& arg = argv[i];
    if (arg == "--") {
      args.words.insert(args.words.end(), argv.begin() + static_cast<long>(i) + 1, argv.end());
      break;
    }
    if (arg.size() < 3 || arg.compare(0, 2, "--") != 0) {
      args.words.push_back(arg);
      continue;
    }
    const size_t equals = arg.find('=');
    const std::string name = arg.substr(2, equals == std::string::npos ? equals : equals - 2);
    std::string value;
    if (equals != std::string::npos) {
      value = arg.substr(equals + 1);
    } else if (value_flags.count(name) == 0) {
      value = "true";
    } else if (i + 1 < argv.size()) {
      value = argv[++i];
    } else {
      *error = "--" + name + " needs a value";
      return std::nullopt;
    }
    args.flags[name] = value;
    args.all_flags.emplace(name, std::move(value));
  }
  return args;
}

}  // namespace supplynet::cli
