#include "domain/text.h"

#include <gtest/gtest.h>

namespace supplynet {
namespace {

TEST(TextTest, Utf8Validity) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("Bogotá, Perú, 日本, 😀"));
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // Truncated.
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // Overlong.
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // Surrogate.
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // Above U+10FFFF.
  EXPECT_FALSE(IsValidUtf8("caf\xE9"));           // Latin-1 é.
}

TEST(TextTest, LengthCountsCodePoints) {
  EXPECT_EQ(Utf8Length("Gómez"), 5u);
  EXPECT_EQ(Utf8Length("😀"), 1u);
}

TEST(TextTest, CheckTextRejectsControlsAndLongText) {
  EXPECT_TRUE(CheckText("", "f", 3).ok());
  EXPECT_TRUE(CheckText("a\tb", "f", 3).ok());
  EXPECT_FALSE(CheckText("abcd", "f", 3).ok());
  EXPECT_FALSE(CheckText("a\nb", "f", 3).ok());
  EXPECT_FALSE(CheckText(std::string("a\0b", 3), "f", 3).ok());
  EXPECT_FALSE(CheckText("\x7F", "f", 3).ok());
}

}  // namespace
}  // namespace supplynet
