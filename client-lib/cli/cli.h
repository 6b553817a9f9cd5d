// The supplynet command line, as a function so that main() stays one line.
#pragma once

#include <istream>
#include <ostream>
#include <string>
#include <vector>

namespace supplynet::cli {

// Runs `argv` (without the program name); returns the process's exit code (see output.h).
int Main(const std::vector<std::string>& argv, std::istream& in, std::ostream& out,
         std::ostream& err);

}  // namespace supplynet::cli
