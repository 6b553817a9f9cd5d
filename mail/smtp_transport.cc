#include "mail/smtp_transport.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <utility>

#include "absl/strings/str_cat.h"

namespace supplynet::mail {
namespace {

// Feeds the message to libcurl's upload.
struct Upload {
  std::string_view rest;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  const size_t n = std::min(size * count, upload->rest.size());
  std::memcpy(buffer, upload->rest.data(), n);
  upload->rest.remove_prefix(n);
  return n;
}

struct CurlDeleter {
  void operator()(CURL* curl) const { curl_easy_cleanup(curl); }
};
struct SlistDeleter {
  void operator()(curl_slist* list) const { curl_slist_free_all(list); }
};

// Angle brackets make a bare address a path as SMTP wants it.
std::string Path(const std::string& address) { return absl::StrCat("<", address, ">"); }

}  // namespace

SmtpTransport::SmtpTransport(SmtpOptions options) : options_(std::move(options)) {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

absl::Status SmtpTransport::Send(const OutgoingMail& mail) {
  std::unique_ptr<CURL, CurlDeleter> curl(curl_easy_init());
  if (curl == nullptr) return absl::UnavailableError("libcurl failed to initialise");
  std::unique_ptr<curl_slist, SlistDeleter> recipients;
  for (const std::string& to : mail.recipients) {
    curl_slist* grown = curl_slist_append(recipients.get(), Path(to).c_str());
    if (grown == nullptr) return absl::UnavailableError("out of memory");
    // curl_slist_append returned the same list, grown: own it once, not twice.
    static_cast<void>(recipients.release());
    recipients.reset(grown);
  }
  Upload upload{mail.message};
  char error[CURL_ERROR_SIZE] = {0};
  CURL* c = curl.get();
  curl_easy_setopt(c, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, Path(mail.from).c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options_.connect_timeout)));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS,
                   static_cast<long>(absl::ToInt64Milliseconds(options_.timeout)));
  if (options_.require_starttls) {
    // NOLINTNEXTLINE(google-runtime-int): curl takes a long.
    curl_easy_setopt(c, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  }
  if (!options_.ca_file.empty()) curl_easy_setopt(c, CURLOPT_CAINFO, options_.ca_file.c_str());
  const CURLcode result = curl_easy_perform(c);
  if (result == CURLE_OK) return absl::OkStatus();
  long reply = 0;  // NOLINT(google-runtime-int): what CURLINFO_RESPONSE_CODE writes.
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  const std::string what =
      absl::StrCat("SMTP delivery failed: ", error[0] != '\0' ? error : curl_easy_strerror(result),
                   reply > 0 ? absl::StrCat(" (reply ", reply, ")") : "");
  // A 5xx reply is permanent: the server refuses this message and will go on refusing it.
  if (reply >= 500 && reply < 600) return absl::FailedPreconditionError(what);
  return absl::UnavailableError(what);
}

}  // namespace supplynet::mail
