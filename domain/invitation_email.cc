#include "domain/invitation_email.h"

#include <algorithm>
#include <string_view>

#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_replace.h"
#include "domain/absl_compat.h"

namespace supplynet {
namespace {

constexpr char kCrlf[] = "\r\n";
constexpr size_t kBase64LineLength = 76;
// Bytes of text per RFC 2047 encoded word: 40 bytes become 56 base64 characters, which keeps
// each header line within 78 characters.
constexpr size_t kEncodedWordBytes = 40;

// Splits UTF-8 text into chunks of at most `max` bytes without cutting a character.
std::vector<std::string_view> Utf8Chunks(std::string_view text, size_t max) {
  std::vector<std::string_view> chunks;
  while (!text.empty()) {
    size_t n = std::min(max, text.size());
    // Step back over continuation bytes (10xxxxxx) so the cut falls between characters.
    while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
    chunks.push_back(text.substr(0, n));
    text.remove_prefix(n);
  }
  return chunks;
}

// An unstructured header value as RFC 2047 encoded words (UTF-8, base64), folded.
std::string EncodedHeader(std::string_view text) {
  std::vector<std::string> words;
  for (std::string_view chunk : Utf8Chunks(text, kEncodedWordBytes)) {
    words.push_back(absl::StrCat("=?UTF-8?B?", absl::Base64Escape(AsAbsl(chunk)), "?="));
  }
  return absl::StrJoin(words, "\r\n ");
}

// The body as base64 lines of 76 characters.
std::string Base64Body(std::string_view text) {
  const std::string encoded = absl::Base64Escape(AsAbsl(text));
  std::string out;
  for (size_t i = 0; i < encoded.size(); i += kBase64LineLength) {
    absl::StrAppend(&out, encoded.substr(i, kBase64LineLength), kCrlf);
  }
  return out;
}

std::string HtmlEscape(std::string_view text) {
  return absl::StrReplaceAll(
      AsAbsl(text),
      {{"&", "&amp;"}, {"<", "&lt;"}, {">", "&gt;"}, {"\"", "&quot;"}, {"'", "&#39;"}});
}

std::string Day(absl::Time t) {
  return absl::FormatTime("%Y-%m-%d %H:%M UTC", t, absl::UTCTimeZone());
}

std::string PlainText(const InvitationEmail& e) {
  const std::string expires = Day(e.expire_time);
  return absl::StrCat(
      "Hola, ", e.supplier_name, ":\n\n", e.client_name,
      " le invita a unirse a su red de proveedores en supplynet.\n\n",
      "Su código de activación: ", e.code, "\n", "Válido hasta: ", expires, "\n\n",
      "Pasos para activar:\n",
      "1. Registre su empresa en supplynet (empresa y primer usuario, con su país), si aún no\n"
      "   lo ha hecho.\n",
      "2. Inicie sesión y elija \"Activar con código de activación\".\n",
      "3. Ingrese el número de identificación tributaria de su empresa (en Colombia, el NIT\n"
      "   sin dígito de verificación), el de ",
      e.client_name, " (", e.client_tax_id, ")\n", "   y el código.\n\n", "-----\n\n", "Hello ",
      e.supplier_name, ",\n\n", e.client_name,
      " invites you to join its supplier network on supplynet.\n\n",
      "Your activation code: ", e.code, "\n", "Valid until: ", expires, "\n\n",
      "How to activate:\n",
      "1. Register your company on supplynet (company and first user, with its country), if\n"
      "   you have not done so yet.\n",
      "2. Log in and choose \"Activate with activation code\".\n",
      "3. Enter your company's tax ID (in Colombia, the NIT without its verification digit),\n"
      "   that of ",
      e.client_name, " (", e.client_tax_id, ") and the code.\n");
}

std::string Html(const InvitationEmail& e) {
  const std::string client = HtmlEscape(e.client_name);
  const std::string supplier = HtmlEscape(e.supplier_name);
  const std::string tax_id = HtmlEscape(e.client_tax_id);
  const std::string code = HtmlEscape(e.code);
  const std::string expires = Day(e.expire_time);
  return absl::StrCat(
      "<!DOCTYPE html>\n<html><body>\n", "<div lang=\"es\">\n<p>Hola, ", supplier,
      ":</p>\n<p><strong>", client,
      "</strong> le invita a unirse a su red de proveedores en supplynet.</p>\n",
      "<p>Su código de activación: <code style=\"font-size:1.4em\">", code,
      "</code><br>Válido hasta: ", expires, "</p>\n<ol>\n",
      "<li>Registre su empresa en supplynet (empresa y primer usuario, con su país), si aún no "
      "lo ha hecho.</li>\n",
      "<li>Inicie sesión y elija <em>Activar con código de activación</em>.</li>\n",
      "<li>Ingrese el número de identificación tributaria de su empresa (en Colombia, el NIT sin "
      "dígito de verificación), el de ",
      client, " (", tax_id, ") y el código.</li>\n</ol>\n</div>\n", "<hr>\n",
      "<div lang=\"en\">\n<p>Hello ", supplier, ",</p>\n<p><strong>", client,
      "</strong> invites you to join its supplier network on supplynet.</p>\n",
      "<p>Your activation code: <code style=\"font-size:1.4em\">", code,
      "</code><br>Valid until: ", expires, "</p>\n<ol>\n",
      "<li>Register your company on supplynet (company and first user, with its country), if you "
      "have not done so yet.</li>\n",
      "<li>Log in and choose <em>Activate with activation code</em>.</li>\n",
      "<li>Enter your company's tax ID (in Colombia, the NIT without its verification digit), "
      "that of ",
      client, " (", tax_id, ") and the code.</li>\n</ol>\n</div>\n", "</body></html>\n");
}

std::string Part(std::string_view content_type, std::string_view body) {
  return absl::StrCat("Content-Type: ", AsAbsl(content_type), "; charset=UTF-8", kCrlf,
                      "Content-Transfer-Encoding: base64", kCrlf, kCrlf, Base64Body(body));
}

}  // namespace

std::string RenderInvitationEmail(const InvitationEmail& e) {
  // '@' is not allowed in a boundary.
  const std::string boundary =
      absl::StrCat("=_supplynet_", absl::StrReplaceAll(e.message_id, {{"@", "."}}));
  const std::string subject =
      absl::StrCat("Invitación de ", e.client_name, " a su red de proveedores / Invitation from ",
                   e.client_name, " to its supplier network");
  std::string out;
  absl::StrAppend(
      &out, "From: supplynet <", e.from, ">", kCrlf, "To: ", absl::StrJoin(e.to, ",\r\n "), kCrlf,
      "Subject: ", EncodedHeader(subject), kCrlf,
      "Date: ", absl::FormatTime("%a, %d %b %Y %H:%M:%S +0000", e.date, absl::UTCTimeZone()), kCrlf,
      "Message-ID: <", e.message_id, ">", kCrlf, "MIME-Version: 1.0", kCrlf,
      "Content-Language: es, en", kCrlf, "Content-Type: multipart/alternative;", kCrlf,
      " boundary=\"", boundary, "\"", kCrlf, kCrlf);
  absl::StrAppend(&out, "--", boundary, kCrlf, Part("text/plain", PlainText(e)), "--", boundary,
                  kCrlf, Part("text/html", Html(e)), "--", boundary, "--", kCrlf);
  return out;
}

}  // namespace supplynet
