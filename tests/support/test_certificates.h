// A throwaway PKI made by openssl (tests/support/make_test_certs.sh) in a folder of its own:
// a CA, a server certificate for 127.0.0.1 and a client certificate it signed, and a rogue
// CA with a client certificate of its own.
#pragma once

#include <string>

namespace supplynet::testing {

class TestCertificates {
 public:
  TestCertificates();   // Makes them; ok() says whether that worked.
  ~TestCertificates();  // Removes the folder.
  TestCertificates(const TestCertificates&) = delete;
  TestCertificates& operator=(const TestCertificates&) = delete;

  bool ok() const { return ok_; }
  // The path of a file: "ca.pem", "server.pem", "server.key", "client.pem", "client.key",
  // "rogue-ca.pem", "rogue-client.pem", "rogue-client.key".
  std::string Path(const std::string& name) const { return dir_ + "/" + name; }
  // Its PEM text.
  std::string Read(const std::string& name) const;

 private:
  std::string dir_;
  bool ok_ = false;
};

}  // namespace supplynet::testing
