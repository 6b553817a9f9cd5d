// The gRPC server's transport security: plaintext by default (a server on loopback or behind
// a TLS-terminating proxy), TLS with a certificate, or mutual TLS when client certificates
// are required (internal systems calling with their own certificates).
#pragma once

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"

namespace supplynet::server {

struct TlsFiles {
  std::string cert_file;       // PEM certificate chain; empty: plaintext.
  std::string key_file;        // PEM private key of cert_file.
  std::string client_ca_file;  // PEM CAs; set: every client must present a certificate they sign.
};

// Reads the files now, so that a wrong path fails the start instead of the first handshake.
// INVALID_ARGUMENT for an incomplete set (a key without a certificate, client CAs without
// TLS) or a file that cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> ServerCredentialsFor(const TlsFiles& tls);

}  // namespace supplynet::server
