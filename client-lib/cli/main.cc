#include <iostream>

#include "client-lib/cli/cli.h"

int main(int argc, char** argv) {
  return supplynet::cli::Main(std::vector<std::string>(argv + 1, argv + argc), std::cin, std::cout,
                              std::cerr);
}
