#include "mail/file_transport.h"

#include <filesystem>
#include <fstream>
#include <system_error>

#include "absl/strings/str_cat.h"

namespace supplynet::mail {

absl::Status FileTransport::Send(const OutgoingMail& mail) {
  std::error_code error;
  std::filesystem::create_directories(dir_, error);
  if (error)
    return absl::UnavailableError(absl::StrCat("cannot create ", dir_, ": ", error.message()));
  const std::filesystem::path path = std::filesystem::path(dir_) / (mail.id + ".eml");
  const std::filesystem::path partial = std::filesystem::path(dir_) / ("." + mail.id + ".eml.tmp");
  {
    std::ofstream out(partial, std::ios::binary | std::ios::trunc);
    out << mail.message;
    out.close();
    if (!out) return absl::UnavailableError(absl::StrCat("cannot write ", partial.string()));
  }
  std::filesystem::rename(partial, path, error);
  if (error)
    return absl::UnavailableError(
        absl::StrCat("cannot write ", path.string(), ": ", error.message()));
  return absl::OkStatus();
}

}  // namespace supplynet::mail
