// Writes each email as `<dir>/<id>.eml`, for development without an SMTP server. The file
// appears whole (written aside, then renamed); sending the same id again rewrites the same
// file, so a retried email is still one file.
#pragma once

#include <string>
#include <utility>

#include "mail/mail_transport.h"

namespace supplynet::mail {

class FileTransport : public MailTransport {
 public:
  explicit FileTransport(std::string dir) : dir_(std::move(dir)) {}
  absl::Status Send(const OutgoingMail& mail) override;

 private:
  std::string dir_;
};

}  // namespace supplynet::mail
