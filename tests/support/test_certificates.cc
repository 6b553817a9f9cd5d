#include "tests/support/test_certificates.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace supplynet::testing {

TestCertificates::TestCertificates() {
  char pattern[] = "/tmp/supplynet-certs.XXXXXX";
  if (mkdtemp(pattern) == nullptr) return;
  dir_ = pattern;
  const std::string command =
      std::string(SUPPLYNET_TEST_CERTS_SCRIPT) + " '" + dir_ + "' >/dev/null 2>&1";
  ok_ = std::system(command.c_str()) == 0;
}

TestCertificates::~TestCertificates() {
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

std::string TestCertificates::Read(const std::string& name) const {
  std::ifstream in(Path(name), std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace supplynet::testing
