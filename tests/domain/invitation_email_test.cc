#include "domain/invitation_email.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "absl/strings/escaping.h"
#include "absl/strings/str_split.h"

namespace supplynet {
namespace {

using ::testing::HasSubstr;

InvitationEmail Sample() {
  InvitationEmail e;
  e.from = "no-reply@supplynet.example";
  e.to = {"ventas@proveedor.example", "pagos@proveedor.example"};
  e.message_id = "0b0e5b1e-8f5a-4c1e-9d43-5f3c8a2b1d00@supplynet";
  e.client_name = "Almacenes Éxito <S.A.>";
  e.client_tax_id = "NIT 890900608";
  e.supplier_name = "Proveedor Ñandú";
  e.code = "7K3M-9QW2-XD10";
  e.expire_time = absl::FromUnixSeconds(1'800'000'000);
  e.date = absl::FromUnixSeconds(1'797'408'000);
  return e;
}

// The decoded body of the part of `type` (base64 lines up to the next boundary).
std::string Part(const std::string& message, const std::string& type) {
  const size_t start = message.find("Content-Type: " + type);
  if (start == std::string::npos) return "";
  const size_t body = message.find("\r\n\r\n", start) + 4;
  const size_t end = message.find("\r\n--", body);
  std::string encoded;
  for (absl::string_view line : absl::StrSplit(message.substr(body, end - body), "\r\n")) {
    encoded.append(line.data(), line.size());
  }
  std::string decoded;
  absl::Base64Unescape(encoded, &decoded);
  return decoded;
}

TEST(InvitationEmailTest, HasHeadersAndBothParts) {
  const std::string m = RenderInvitationEmail(Sample());
  EXPECT_THAT(m, HasSubstr("From: supplynet <no-reply@supplynet.example>\r\n"));
  EXPECT_THAT(m, HasSubstr("To: ventas@proveedor.example,\r\n pagos@proveedor.example\r\n"));
  EXPECT_THAT(m, HasSubstr("Message-ID: <0b0e5b1e-8f5a-4c1e-9d43-5f3c8a2b1d00@supplynet>\r\n"));
  EXPECT_THAT(m, HasSubstr("Subject: =?UTF-8?B?"));
  EXPECT_THAT(m, HasSubstr("Content-Type: multipart/alternative;\r\n boundary="));
  EXPECT_THAT(m, HasSubstr("Content-Type: text/plain; charset=UTF-8"));
  EXPECT_THAT(m, HasSubstr("Content-Type: text/html; charset=UTF-8"));
}

TEST(InvitationEmailTest, EveryLineFitsSeventyEightCharactersAndEndsInCrlf) {
  const std::string m = RenderInvitationEmail(Sample());
  EXPECT_EQ(m.find('\n'), m.find("\r\n") + 1);
  for (absl::string_view line : absl::StrSplit(m, "\r\n")) {
    EXPECT_LE(line.size(), 78u) << line;
    EXPECT_EQ(line.find('\n'), absl::string_view::npos) << "bare LF in: " << line;
  }
}

TEST(InvitationEmailTest, TextPartCarriesClientCodeAndStepsInBothLanguages) {
  const std::string text = Part(RenderInvitationEmail(Sample()), "text/plain");
  EXPECT_THAT(text, HasSubstr("Almacenes Éxito <S.A.> le invita"));
  EXPECT_THAT(text, HasSubstr("Su código de activación: 7K3M-9QW2-XD10"));
  EXPECT_THAT(text, HasSubstr("Your activation code: 7K3M-9QW2-XD10"));
  EXPECT_THAT(text, HasSubstr("NIT 890900608"));
  EXPECT_THAT(text, HasSubstr("Activar con código de activación"));
  EXPECT_THAT(text, HasSubstr("Activate with activation code"));
  EXPECT_THAT(text, HasSubstr("2027-01-15 08:00 UTC"));
}

TEST(InvitationEmailTest, HtmlPartEscapesNames) {
  const std::string html = Part(RenderInvitationEmail(Sample()), "text/html");
  EXPECT_THAT(html, HasSubstr("Almacenes Éxito &lt;S.A.&gt;"));
  EXPECT_THAT(html, HasSubstr("7K3M-9QW2-XD10"));
  EXPECT_EQ(html.find("<S.A.>"), std::string::npos);
}

}  // namespace
}  // namespace supplynet
