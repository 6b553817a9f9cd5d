#include "domain/account_rules.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "domain/field_violation.h"

namespace supplynet {
namespace {

TEST(AccountRulesTest, Usernames) {
  EXPECT_TRUE(CheckUsername("ana.perez@acme", "u").ok());
  EXPECT_TRUE(CheckUsername("  Ana_01  ", "u").ok());
  EXPECT_EQ(NormaliseUsername("  Ana_01 "), "ana_01");
  // std::string elements: a c_str() of a temporary here would dangle (ASan found it).
  for (const std::string& bad :
       std::vector<std::string>{"", "ab", "a b", "ana!", "ñandú", std::string(65, 'a')}) {
    const absl::Status status = CheckUsername(bad, "user.username");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    ASSERT_EQ(FieldViolationsOf(status).size(), 1u);
    EXPECT_EQ(FieldViolationsOf(status)[0].field, "user.username");
  }
}

TEST(AccountRulesTest, Emails) {
  for (const char* good : {"a@b.co", "ventas.bogota+1@proveedor.com.co", "x@sub.domain.pe"}) {
    EXPECT_TRUE(CheckEmail(good, "e").ok()) << good;
  }
  for (const char* bad : {"", "plain", "@b.co", "a@b", "a@.co", "a@b.", "a b@c.co", "a@b@c.co",
                          "a@b..co", "a@b.co,c@d.co", "a;b@c.co", "x@y.co\n"}) {
    EXPECT_EQ(CheckEmail(bad, "e").code(), absl::StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_FALSE(CheckEmail(std::string(250, 'a') + "@b.co", "e").ok());
  EXPECT_FALSE(CheckEmail("caf\xC3@b.co", "e").ok());
}

TEST(AccountRulesTest, Passwords) {
  EXPECT_TRUE(CheckPassword("0123456789", "p").ok());
  EXPECT_TRUE(CheckPassword("contraseña segura", "p").ok());
  EXPECT_FALSE(CheckPassword("012345678", "p").ok());
  EXPECT_FALSE(CheckPassword(std::string(129, 'x'), "p").ok());
  EXPECT_FALSE(CheckPassword("0123456789\xFF", "p").ok());
}

TEST(AccountRulesTest, Names) {
  EXPECT_TRUE(CheckName("Distribuidora Gómez S.A.S.", "n").ok());
  EXPECT_FALSE(CheckName("   ", "n").ok());
  EXPECT_FALSE(CheckName("tab\tok but newline\n no", "n").ok());
  EXPECT_TRUE(CheckName(std::string(200, 'x'), "n").ok());
  EXPECT_FALSE(CheckName(std::string(201, 'x'), "n").ok());
  // Limits count characters, not bytes.
  std::string accents;
  for (int i = 0; i < 200; ++i) accents += "é";
  EXPECT_TRUE(CheckName(accents, "n").ok());
}

}  // namespace
}  // namespace supplynet
