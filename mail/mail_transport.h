// Where outgoing email goes: an SMTP server, or files for a developer to read. A small
// interface because there are two real implementations.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"

namespace supplynet::mail {

struct OutgoingMail {
  std::string id;  // Unique per message and stable across attempts (names a file).
  std::string from;
  std::vector<std::string> recipients;
  std::string message;  // The whole RFC 5322 message, CRLF line endings.
};

class MailTransport {
 public:
  virtual ~MailTransport() = default;
  // OK once the message is accepted for every recipient. A failure worth retrying is
  // UNAVAILABLE; one that retrying cannot fix (a permanent SMTP reply, 5xx) is
  // FAILED_PRECONDITION. The message says what happened, for operators and the invitation's
  // last_delivery_error; it never contains the message itself.
  virtual absl::Status Send(const OutgoingMail& mail) = 0;
};

}  // namespace supplynet::mail
