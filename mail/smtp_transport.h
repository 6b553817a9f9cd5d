// Delivers email to an SMTP server with libcurl. The URL says how: smtp://host:port for a
// plain connection, smtps://host:port for TLS from the start; user and password may be given
// in the URL (smtp://user:password@host). With smtp:// and `require_starttls`, the connection
// is upgraded with STARTTLS or the delivery fails. TLS always verifies the server's
// certificate and name (against `ca_file` when given, e.g. a company's own CA).
#pragma once

#include <string>

#include "absl/time/time.h"
#include "mail/mail_transport.h"

namespace supplynet::mail {

struct SmtpOptions {
  std::string url;
  bool require_starttls = false;
  // PEM file of the certificate authorities that TLS trusts; empty: the system's.
  std::string ca_file;
  absl::Duration connect_timeout = absl::Seconds(10);
  absl::Duration timeout = absl::Seconds(60);  // Of one whole delivery.
};

class SmtpTransport : public MailTransport {
 public:
  explicit SmtpTransport(SmtpOptions options);
  absl::Status Send(const OutgoingMail& mail) override;

 private:
  SmtpOptions options_;
};

}  // namespace supplynet::mail
