#include "domain/json_text.h"

#include <gtest/gtest.h>

#include <string>

namespace supplynet {
namespace {

std::string Quoted(std::string_view text) {
  std::string out = "x";  // Appended to, not replaced.
  AppendJsonString(text, &out);
  return out;
}

TEST(JsonTextTest, PlainTextAndUtf8AreQuotedAsTheyAre) {
  EXPECT_EQ(Quoted(""), "x\"\"");
  EXPECT_EQ(Quoted("Gómez y Cía"), "x\"Gómez y Cía\"");
}

TEST(JsonTextTest, QuotesBackslashesAndControlCharactersAreEscaped) {
  EXPECT_EQ(Quoted("a\"b\\c\nd\te"), "x\"a\\\"b\\\\c\\nd\\u0009e\"");
  EXPECT_EQ(Quoted(std::string("\0\x1f", 2)), "x\"\\u0000\\u001f\"");
}

}  // namespace
}  // namespace supplynet
