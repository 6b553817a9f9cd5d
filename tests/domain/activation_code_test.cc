#include "domain/activation_code.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "domain/field_violation.h"
#include "domain/secrets.h"

namespace supplynet {
namespace {

class ActivationCodeTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitSecrets()); }
};

std::string ParseError(std::string_view typed) {
  const absl::StatusOr<ActivationCode> code = ActivationCode::Parse(typed, "code");
  if (code.ok()) return "parsed as " + code->canonical();
  EXPECT_EQ(code.status().code(), absl::StatusCode::kInvalidArgument);
  const std::vector<FieldViolation> violations = FieldViolationsOf(code.status());
  if (violations.size() != 1 || violations[0].field != "code") return "bad violations";
  return violations[0].description;
}

TEST_F(ActivationCodeTest, GeneratedCodesUseOnlyTheAlphabetAndDiffer) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string code = ActivationCode::Generate().canonical();
    ASSERT_EQ(code.size(), kActivationCodeLength);
    EXPECT_EQ(code.find_first_not_of(kActivationCodeAlphabet), std::string::npos) << code;
    seen.insert(code);
  }
  EXPECT_EQ(seen.size(), 1000u);
}

TEST_F(ActivationCodeTest, EverySymbolOfTheAlphabetIsDrawn) {
  std::map<char, int> counts;
  for (int i = 0; i < 400; ++i) {
    // Not `for (c : Generate().canonical())`: the temporary would die before the loop runs.
    const ActivationCode code = ActivationCode::Generate();
    for (char c : code.canonical()) ++counts[c];
  }
  // 4800 draws over 32 symbols: about 150 each; below 75 would mean a biased generator.
  ASSERT_EQ(counts.size(), kActivationCodeAlphabet.size());
  for (const auto& [symbol, count] : counts) EXPECT_GT(count, 75) << symbol;
}

TEST_F(ActivationCodeTest, AlphabetHasNoLookAlikes) {
  EXPECT_EQ(kActivationCodeAlphabet.size(), 32u);
  for (char c : std::string_view("ILOU")) {
    EXPECT_EQ(kActivationCodeAlphabet.find(c), std::string_view::npos) << c;
  }
}

TEST_F(ActivationCodeTest, DisplayGroupsByFourAndParsesBack) {
  const ActivationCode code = ActivationCode::Generate();
  const std::string shown = code.Display();
  ASSERT_EQ(shown.size(), 14u);
  EXPECT_EQ(shown[4], '-');
  EXPECT_EQ(shown[9], '-');
  const absl::StatusOr<ActivationCode> parsed = ActivationCode::Parse(shown, "code");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_EQ(parsed->canonical(), code.canonical());
}

TEST_F(ActivationCodeTest, ParsingForgivesCaseSeparatorsAndLookAlikes) {
  for (std::string_view typed : {"7K3M-9QW2-XD10", "7k3m9qw2xd10", " 7K3M 9QW2 XD10 ",
                                 "7k3m-9qw2-xdIO", "7K3M--9QW2\tXDlo", "7K3M9QW2XDLo"}) {
    const absl::StatusOr<ActivationCode> code = ActivationCode::Parse(typed, "code");
    ASSERT_TRUE(code.ok()) << typed << ": " << code.status();
    EXPECT_EQ(code->canonical(), "7K3M9QW2XD10") << typed;
  }
}

TEST_F(ActivationCodeTest, GarbageIsNotACode) {
  EXPECT_EQ(ParseError(""), "is required");
  EXPECT_EQ(ParseError(" - - "), "is required");
  for (std::string_view typed :
       {"7K3M-9QW2-XD1", "7K3M-9QW2-XD100", "7K3M-9QW2-XDU0", "7K3M_9QW2_XD10", "7K3M.9QW2.XD10",
        "7K3M-9QW2-XD1\xC3\x93", "'; DROP TABLE x; --"}) {
    EXPECT_EQ(ParseError(typed), "is not an activation code") << typed;
  }
  EXPECT_EQ(ParseError(std::string(100, '-') + "7K3M9QW2XD10"), "is not an activation code");
}

TEST_F(ActivationCodeTest, HashIsOfTheCanonicalFormAndNotAPlainTokenHash) {
  const absl::StatusOr<ActivationCode> typed = ActivationCode::Parse("7k3m 9qw2 xdio", "code");
  const absl::StatusOr<ActivationCode> shown = ActivationCode::Parse("7K3M-9QW2-XD10", "code");
  const absl::StatusOr<ActivationCode> other = ActivationCode::Parse("7K3M-9QW2-XD11", "code");
  ASSERT_TRUE(typed.ok() && shown.ok() && other.ok());
  EXPECT_EQ(typed->Hash(), shown->Hash());
  EXPECT_NE(typed->Hash(), other->Hash());
  EXPECT_EQ(typed->Hash().size(), 64u);
  EXPECT_EQ(typed->Hash().find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(typed->Hash(), HashToken("7K3M9QW2XD10"));
}

TEST_F(ActivationCodeTest, HashComparison) {
  const std::string a = ActivationCode::Generate().Hash();
  std::string b = a;
  EXPECT_TRUE(SameActivationCodeHash(a, b));
  b.back() = b.back() == '0' ? '1' : '0';
  EXPECT_FALSE(SameActivationCodeHash(a, b));
  EXPECT_FALSE(SameActivationCodeHash(a, a.substr(1)));
  EXPECT_TRUE(SameActivationCodeHash("", ""));
}

}  // namespace
}  // namespace supplynet
