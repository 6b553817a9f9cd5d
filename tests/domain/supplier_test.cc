#include "domain/supplier.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "domain/field_violation.h"

namespace supplynet {
namespace {

using ::testing::ElementsAre;

bool Violates(const absl::Status& status, const std::string& field) {
  for (const FieldViolation& v : FieldViolationsOf(status)) {
    if (v.field == field) return true;
  }
  return false;
}

SupplierFields ValidFields() {
  SupplierFields f;
  f.name = "Gómez y Cía S.A.S.";
  f.email = "compras@gomez.example";
  return f;
}

TEST(SupplierTest, NormaliseTrimsTextAndSortsDistinctGroups) {
  SupplierFields f = ValidFields();
  f.name = "  Acme  ";
  f.city = "\tBogotá ";
  f.groups = {" b ", "a", "b", "a "};
  const SupplierFields n = NormaliseSupplierFields(f);
  EXPECT_EQ(n.name, "Acme");
  EXPECT_EQ(n.city, "Bogotá");
  EXPECT_THAT(n.groups, ElementsAre("a", "b"));
}

TEST(SupplierTest, ValidFieldsPass) {
  EXPECT_TRUE(CheckSupplierFields(ValidFields(), false, "supplier.").ok());
}

TEST(SupplierTest, EveryLimitIsAViolationOfItsField) {
  SupplierFields f;
  f.name = "";
  f.description = std::string(1001, 'd');
  f.address = std::string(201, 'a');
  f.city = std::string(101, 'c');
  f.province = std::string(101, 'p');
  f.phone = std::string(51, '1');
  f.fax = std::string(51, '2');
  f.email = "not an email";
  const absl::Status status = CheckSupplierFields(f, false, "supplier.");
  for (const char* field :
       {"supplier.name", "supplier.description", "supplier.address", "supplier.city",
        "supplier.province", "supplier.phone", "supplier.fax", "supplier.email"}) {
    EXPECT_TRUE(Violates(status, field)) << field;
  }
  EXPECT_EQ(FieldViolationsOf(status).size(), 8u);
}

TEST(SupplierTest, LimitsCountCharactersNotBytes) {
  SupplierFields f = ValidFields();
  f.name = "";
  for (int i = 0; i < 200; ++i) f.name += "ñ";  // 400 bytes, 200 characters.
  EXPECT_TRUE(CheckSupplierFields(f, false, "").ok());
  f.name += "ñ";
  EXPECT_TRUE(Violates(CheckSupplierFields(f, false, ""), "name"));
}

TEST(SupplierTest, EmailIsRequiredUnlessOptional) {
  SupplierFields f = ValidFields();
  f.email = "";
  EXPECT_TRUE(Violates(CheckSupplierFields(f, false, "s."), "s.email"));
  EXPECT_TRUE(CheckSupplierFields(f, true, "s.").ok());
  f.email = "broken@";
  EXPECT_TRUE(Violates(CheckSupplierFields(f, true, "s."), "s.email"));
}

TEST(SupplierTest, GroupRules) {
  SupplierFields f = ValidFields();
  for (int i = 0; i < 20; ++i) f.groups.push_back("g" + std::to_string(i));
  EXPECT_TRUE(CheckSupplierFields(f, false, "").ok());
  f.groups.push_back("g20");
  EXPECT_TRUE(Violates(CheckSupplierFields(f, false, ""), "groups"));

  EXPECT_TRUE(CheckGroupName(std::string(64, 'x'), "group").ok());
  EXPECT_FALSE(CheckGroupName(std::string(65, 'x'), "group").ok());
  EXPECT_FALSE(CheckGroupName("a|b", "group").ok());
  EXPECT_FALSE(CheckGroupName("", "group").ok());
  EXPECT_FALSE(CheckGroupName("bad\x01", "group").ok());
}

TEST(SupplierTest, UpdateMaskNamesEditableFieldsOnly) {
  auto mask = ParseSupplierUpdateMask({"name", "groups"}, "update_mask");
  ASSERT_TRUE(mask.ok());
  EXPECT_EQ(*mask, (std::set<SupplierField>{SupplierField::kName, SupplierField::kGroups}));
  auto all = ParseSupplierUpdateMask({"*"}, "update_mask");
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 9u);

  for (const std::vector<std::string>& bad :
       {std::vector<std::string>{}, std::vector<std::string>{"tax_id"},
        std::vector<std::string>{"name", "etag"},
        std::vector<std::string>{"registration_status"}}) {
    EXPECT_TRUE(Violates(ParseSupplierUpdateMask(bad, "update_mask").status(), "update_mask"));
  }
}

TEST(SupplierTest, ApplyUpdateTakesOnlyMaskedFields) {
  SupplierFields current = ValidFields();
  current.groups = {"old"};
  SupplierFields update;
  update.name = "New name";
  update.city = "Lima";
  update.groups = {"new"};
  const SupplierFields out =
      ApplySupplierUpdate(current, update, {SupplierField::kCity, SupplierField::kGroups});
  EXPECT_EQ(out.name, current.name);
  EXPECT_EQ(out.email, current.email);
  EXPECT_EQ(out.city, "Lima");
  EXPECT_THAT(out.groups, ElementsAre("new"));
}

TEST(SupplierTest, RegistrationStatusIsDerived) {
  Supplier s;
  EXPECT_EQ(s.registration_status(), RegistrationStatus::kNotInvited);
  s.pending_invitation_id = "inv";
  EXPECT_EQ(s.registration_status(), RegistrationStatus::kInvited);
  s.linked_company_id = "company";
  EXPECT_EQ(s.registration_status(), RegistrationStatus::kRegistered);
}

TEST(SupplierTest, OriginNamesRoundTrip) {
  for (SupplierOrigin origin :
       {SupplierOrigin::kManual, SupplierOrigin::kImport, SupplierOrigin::kDocument}) {
    EXPECT_EQ(SupplierOriginFromName(SupplierOriginName(origin)), origin);
  }
  EXPECT_FALSE(SupplierOriginFromName("manual").has_value());
}

TEST(SupplierFilterTest, ColombianTaxIdIsNormalisedAndItsCheckDigitChecked) {
  SupplierFilterInput in;
  in.tax_id_country = Country::kColombia;
  in.tax_id_value = "890.321.567-0";
  auto filter = MakeSupplierFilter(in);
  ASSERT_TRUE(filter.ok()) << filter.status();
  EXPECT_EQ(filter->tax_id_value, "890321567");
  EXPECT_EQ(filter->tax_id_country, Country::kColombia);

  in.tax_id_value = "890321567-9";
  EXPECT_TRUE(Violates(MakeSupplierFilter(in).status(), "tax_id"));
}

TEST(SupplierFilterTest, WithoutAUsableRuleTheDigitsAreCompared) {
  SupplierFilterInput in;
  in.tax_id_value = " 3-101-012009 ";
  auto no_country = MakeSupplierFilter(in);
  ASSERT_TRUE(no_country.ok());
  EXPECT_EQ(no_country->tax_id_value, "3101012009");
  EXPECT_FALSE(no_country->tax_id_country.has_value());

  in.tax_id_country = Country::kCostaRica;  // No type: CR types share lengths.
  auto costa_rica = MakeSupplierFilter(in);
  ASSERT_TRUE(costa_rica.ok());
  EXPECT_EQ(costa_rica->tax_id_value, "3101012009");

  in.tax_id_value = "ABC123";
  EXPECT_TRUE(Violates(MakeSupplierFilter(in).status(), "tax_id"));
}

TEST(SupplierFilterTest, TextFiltersAreTrimmedAndChecked) {
  SupplierFilterInput in;
  in.name_contains = "  gómez ";
  in.group = " vip ";
  auto filter = MakeSupplierFilter(in);
  ASSERT_TRUE(filter.ok());
  EXPECT_EQ(filter->name_contains, "gómez");
  EXPECT_EQ(filter->group, "vip");
  EXPECT_TRUE(filter->tax_id_value.empty());

  in.name_contains = std::string(201, 'x');
  in.group = "a|b";
  const absl::Status status = MakeSupplierFilter(in).status();
  EXPECT_TRUE(Violates(status, "name_contains"));
  EXPECT_TRUE(Violates(status, "group"));
}

TEST(SupplierFilterTest, FingerprintsDifferWithTheFilters) {
  SupplierFilter a;
  SupplierFilter b;
  EXPECT_EQ(a.Fingerprint(), b.Fingerprint());
  a.name_contains = "ab";
  b.group = "ab";
  EXPECT_NE(a.Fingerprint(), b.Fingerprint());
  SupplierFilter c;
  c.registration_status = RegistrationStatus::kInvited;
  EXPECT_NE(c.Fingerprint(), SupplierFilter().Fingerprint());
}

}  // namespace
}  // namespace supplynet
