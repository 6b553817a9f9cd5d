// SupplierNetworkService over a real channel against a real PostgreSQL.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"
#include "tests/support/accounts.h"
#include "tests/support/shared_server_test.h"
#include "tests/support/test_server.h"

namespace supplynet::testing {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr char kRequestId[] = "7d3c1f0e-2b4a-4c5d-9e8f-0a1b2c3d4e5f";

class SupplierNetworkHandlerTest : public SharedServerTest {
 protected:
  void SetUp() override {
    ASSERT_TRUE(server_ != nullptr && server_->ok());
    accounts_ = server_->Accounts();
    suppliers_ = v1::SupplierNetworkService::NewStub(server_->channel());
    client_ = NewTenant();
  }

  static std::string NextNit() { return std::to_string(800000000 + next_++); }
  Tenant NewTenant() {
    const int n = next_++;
    return RegisterTenant(*accounts_, std::to_string(900000000 + n),
                          "supadmin" + std::to_string(n));
  }
  std::string MemberToken(const Tenant& tenant) {
    const std::string username = "supmember" + std::to_string(next_++);
    CreateUser(*accounts_, tenant.admin_token, username, v1::ROLE_MEMBER);
    return LoginToken(*accounts_, username);
  }

  static v1::Supplier NewSupplier(const std::string& nit, const std::string& name,
                                  const std::vector<std::string>& groups = {}) {
    v1::Supplier s;
    s.mutable_tax_id()->set_country(v1::COUNTRY_CO);
    s.mutable_tax_id()->set_value(nit);
    s.set_name(name);
    s.set_email("ventas@proveedor.example");
    for (const std::string& g : groups) s.add_groups(g);
    return s;
  }

  grpc::Status Add(const std::string& token, const v1::Supplier& supplier,
                   v1::Supplier* out = nullptr, const std::string& request_id = "") {
    v1::AddSupplierRequest request;
    *request.mutable_supplier() = supplier;
    request.set_request_id(request_id);
    v1::AddSupplierResponse response;
    grpc::Status status = suppliers_->AddSupplier(Ctx(token).get(), request, &response);
    if (out != nullptr) *out = response.supplier();
    return status;
  }
  // Adds a supplier to the client's network; fails the test on error.
  v1::Supplier MustAdd(const std::string& name, const std::vector<std::string>& groups = {}) {
    v1::Supplier added;
    const grpc::Status status =
        Add(client_.admin_token, NewSupplier(NextNit(), name, groups), &added);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return added;
  }
  grpc::Status Get(const std::string& token, const std::string& id, v1::Supplier* out = nullptr) {
    v1::GetSupplierRequest request;
    request.set_supplier_id(id);
    v1::GetSupplierResponse response;
    grpc::Status status = suppliers_->GetSupplier(Ctx(token).get(), request, &response);
    if (out != nullptr) *out = response.supplier();
    return status;
  }
  grpc::Status List(const std::string& token, const v1::ListSuppliersRequest& request,
                    v1::ListSuppliersResponse* out) {
    return suppliers_->ListSuppliers(Ctx(token).get(), request, out);
  }
  // Names of every supplier the filter finds, following the pages.
  std::vector<std::string> ListNames(v1::ListSuppliersRequest request,
                                     const std::string& token = "") {
    std::vector<std::string> names;
    do {
      v1::ListSuppliersResponse response;
      const grpc::Status status =
          List(token.empty() ? client_.admin_token : token, request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const v1::Supplier& s : response.suppliers()) names.push_back(s.name());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return names;
  }
  grpc::Status Update(const std::string& token, const v1::Supplier& supplier,
                      const std::vector<std::string>& paths, v1::Supplier* out = nullptr,
                      const std::string& request_id = "") {
    v1::UpdateSupplierRequest request;
    *request.mutable_supplier() = supplier;
    for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
    request.set_request_id(request_id);
    v1::UpdateSupplierResponse response;
    grpc::Status status = suppliers_->UpdateSupplier(Ctx(token).get(), request, &response);
    if (out != nullptr) *out = response.supplier();
    return status;
  }
  grpc::Status Remove(const std::string& token, const std::string& id, bool* removed = nullptr,
                      const std::string& etag = "", bool allow_missing = false) {
    v1::RemoveSupplierRequest request;
    request.set_supplier_id(id);
    request.set_etag(etag);
    request.set_allow_missing(allow_missing);
    v1::RemoveSupplierResponse response;
    grpc::Status status = suppliers_->RemoveSupplier(Ctx(token).get(), request, &response);
    if (removed != nullptr) *removed = response.removed();
    return status;
  }
  std::vector<std::pair<std::string, int>> Groups(const std::string& token, int page_size = 0) {
    std::vector<std::pair<std::string, int>> out;
    v1::ListGroupsRequest request;
    request.set_page_size(page_size);
    do {
      v1::ListGroupsResponse response;
      const grpc::Status status = suppliers_->ListGroups(Ctx(token).get(), request, &response);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const auto& g : response.groups()) out.emplace_back(g.name(), g.supplier_count());
      request.set_page_token(response.next_page_token());
    } while (!request.page_token().empty());
    return out;
  }
  std::string CountEntries(const std::string& where) {
    return db_->QueryValue("SELECT count(*) FROM suppliers WHERE " + where);
  }
  std::string CountNetwork(const Tenant& tenant) {
    return CountEntries("client_company_id = '" + tenant.company_id + "'");
  }

  static int next_;
  std::unique_ptr<v1::AccountService::Stub> accounts_;
  std::unique_ptr<v1::SupplierNetworkService::Stub> suppliers_;
  Tenant client_;
};

int SupplierNetworkHandlerTest::next_ = 1;

TEST_F(SupplierNetworkHandlerTest, AddThenGetReturnsTheNormalisedEntry) {
  v1::Supplier in = NewSupplier("890.321.567-0", "  Gómez y Cía  ", {" vip ", "norte", "vip"});
  in.set_city(" Cali ");
  in.set_registration_status(v1::REGISTRATION_STATUS_REGISTERED);  // Output only: ignored.
  v1::Supplier added;
  ASSERT_TRUE(Add(client_.admin_token, in, &added).ok());
  EXPECT_FALSE(added.supplier_id().empty());
  EXPECT_EQ(added.tax_id().value(), "890321567");
  EXPECT_EQ(added.tax_id().verification_digit(), "0");
  EXPECT_EQ(added.tax_id().type(), v1::TAX_ID_TYPE_CO_NIT);
  EXPECT_EQ(added.name(), "Gómez y Cía");
  EXPECT_EQ(added.city(), "Cali");
  EXPECT_THAT(added.groups(), ElementsAre("norte", "vip"));
  EXPECT_EQ(added.registration_status(), v1::REGISTRATION_STATUS_NOT_INVITED);
  EXPECT_EQ(added.origin(), v1::SUPPLIER_ORIGIN_MANUAL);
  EXPECT_TRUE(added.registered_company_id().empty());
  EXPECT_FALSE(added.etag().empty());
  EXPECT_TRUE(added.has_create_time());

  v1::Supplier got;
  ASSERT_TRUE(Get(client_.admin_token, added.supplier_id(), &got).ok());
  EXPECT_EQ(got.SerializeAsString(), added.SerializeAsString());
}

// Every stored field comes back in its own place, from the read by id (the batched one) and
// from a page of the list: each is read from a different column of the row.
TEST_F(SupplierNetworkHandlerTest, GetAndListReturnEveryFieldInItsPlace) {
  v1::Supplier in = NewSupplier("890321567-0", "Nombre", {"grupo-a", "grupo-b"});
  in.set_description("Descripción");
  in.set_address("Calle 1 # 2-3");
  in.set_city("Cali");
  in.set_province("Valle");
  in.set_phone("602 111");
  in.set_fax("602 222");
  in.set_email("correo@proveedor.example");
  v1::Supplier added;
  ASSERT_TRUE(Add(client_.admin_token, in, &added).ok());
  v1::Supplier got;
  ASSERT_TRUE(Get(client_.admin_token, added.supplier_id(), &got).ok());
  v1::ListSuppliersResponse page;
  ASSERT_TRUE(List(client_.admin_token, v1::ListSuppliersRequest(), &page).ok());
  ASSERT_EQ(page.suppliers_size(), 1);
  for (const v1::Supplier& read : {added, got, page.suppliers(0)}) {
    EXPECT_EQ(read.tax_id().country(), v1::COUNTRY_CO);
    EXPECT_EQ(read.tax_id().type(), v1::TAX_ID_TYPE_CO_NIT);
    EXPECT_EQ(read.tax_id().value(), "890321567");
    EXPECT_EQ(read.tax_id().verification_digit(), "0");
    EXPECT_EQ(read.name(), "Nombre");
    EXPECT_EQ(read.description(), "Descripción");
    EXPECT_EQ(read.address(), "Calle 1 # 2-3");
    EXPECT_EQ(read.city(), "Cali");
    EXPECT_EQ(read.province(), "Valle");
    EXPECT_EQ(read.phone(), "602 111");
    EXPECT_EQ(read.fax(), "602 222");
    EXPECT_EQ(read.email(), "correo@proveedor.example");
    EXPECT_THAT(read.groups(), ElementsAre("grupo-a", "grupo-b"));
    EXPECT_EQ(read.origin(), v1::SUPPLIER_ORIGIN_MANUAL);
    EXPECT_EQ(read.supplier_id(), added.supplier_id());
    EXPECT_EQ(read.etag(), added.etag());
    EXPECT_EQ(read.create_time().seconds(), added.create_time().seconds());
    EXPECT_EQ(read.update_time().nanos(), added.update_time().nanos());
  }
}

TEST_F(SupplierNetworkHandlerTest, BadSupplierListsEveryViolationAndWritesNothing) {
  v1::Supplier in = NewSupplier("890321567-9", " ");
  in.set_email("not-an-email");
  in.set_description(std::string(1001, 'x'));
  in.set_phone(std::string(51, '1'));
  in.add_groups("a|b");
  v1::AddSupplierRequest request;
  *request.mutable_supplier() = in;
  request.set_request_id("not-a-uuid");
  v1::AddSupplierResponse response;
  const grpc::Status status =
      suppliers_->AddSupplier(Ctx(client_.admin_token).get(), request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  for (const char* field :
       {"supplier.tax_id", "supplier.name", "supplier.email", "supplier.description",
        "supplier.phone", "supplier.groups", "request_id"}) {
    EXPECT_TRUE(HasViolation(status, field)) << field;
  }
  EXPECT_EQ(CountNetwork(client_), "0");
}

TEST_F(SupplierNetworkHandlerTest, MissingCountryAndTaxIdAreViolations) {
  v1::Supplier in = NewSupplier("", "Sin país");
  in.mutable_tax_id()->set_country(v1::COUNTRY_UNSPECIFIED);
  const grpc::Status status = Add(client_.admin_token, in);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(status, "supplier.tax_id.country"));

  const grpc::Status empty = Add(client_.admin_token, NewSupplier("", "Sin NIT"));
  EXPECT_TRUE(HasViolation(empty, "supplier.tax_id"));
}

TEST_F(SupplierNetworkHandlerTest, SameTaxIdTwiceInANetworkIsAlreadyExistsNamingTheEntry) {
  const std::string nit = NextNit();
  v1::Supplier first;
  ASSERT_TRUE(Add(client_.admin_token, NewSupplier(nit, "Primero"), &first).ok());
  // The same NIT typed with dots and its check digit is the same supplier.
  const std::string dv = first.tax_id().verification_digit();
  const grpc::Status status = Add(
      client_.admin_token, NewSupplier(nit.substr(0, 3) + "." + nit.substr(3) + "-" + dv, "Otro"));
  ASSERT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  google::rpc::Status details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  ASSERT_EQ(details.details_size(), 1);
  google::rpc::ResourceInfo info;
  ASSERT_TRUE(details.details(0).UnpackTo(&info));
  EXPECT_EQ(info.resource_name(), first.supplier_id());
  EXPECT_EQ(CountNetwork(client_), "1");
}

TEST_F(SupplierNetworkHandlerTest, OneCompanyInTwoNetworksIsTwoEntriesAndNoCompany) {
  const Tenant other = NewTenant();
  const std::string nit = NextNit();
  const std::string companies = db_->QueryValue("SELECT count(*) FROM companies");
  v1::Supplier a, b;
  ASSERT_TRUE(Add(client_.admin_token, NewSupplier(nit, "Compartido"), &a).ok());
  ASSERT_TRUE(Add(other.admin_token, NewSupplier(nit, "Compartido"), &b).ok());
  EXPECT_NE(a.supplier_id(), b.supplier_id());
  EXPECT_EQ(CountEntries("tax_id = '" + nit + "'"), "2");
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM companies"), companies);
}

TEST_F(SupplierNetworkHandlerTest, AddingARegisteredCompanyDoesNotLinkIt) {
  const Tenant registered = NewTenant();
  const std::string nit = db_->QueryValue("SELECT tax_id FROM companies WHERE company_id = '" +
                                          registered.company_id + "'");
  v1::Supplier added;
  ASSERT_TRUE(Add(client_.admin_token, NewSupplier(nit, "Ya registrada"), &added).ok());
  EXPECT_EQ(added.registration_status(), v1::REGISTRATION_STATUS_NOT_INVITED);
  EXPECT_TRUE(added.registered_company_id().empty());
}

TEST_F(SupplierNetworkHandlerTest, RegistrationStatusFollowsLinkAndPendingInvitation) {
  const Tenant linked_company = NewTenant();
  const v1::Supplier registered = MustAdd("Registrado");
  const v1::Supplier invited = MustAdd("Invitado");
  const v1::Supplier plain = MustAdd("Sin invitar");
  db_->Exec("UPDATE suppliers SET linked_company_id = '" + linked_company.company_id +
            "' WHERE supplier_id = '" + registered.supplier_id() + "'");
  db_->Exec(
      "UPDATE suppliers SET pending_invitation_id = gen_random_uuid() "
      "WHERE supplier_id = '" +
      invited.supplier_id() + "'");
  v1::Supplier got;
  ASSERT_TRUE(Get(client_.admin_token, registered.supplier_id(), &got).ok());
  EXPECT_EQ(got.registration_status(), v1::REGISTRATION_STATUS_REGISTERED);
  EXPECT_EQ(got.registered_company_id(), linked_company.company_id);
  ASSERT_TRUE(Get(client_.admin_token, invited.supplier_id(), &got).ok());
  EXPECT_EQ(got.registration_status(), v1::REGISTRATION_STATUS_INVITED);
  EXPECT_FALSE(got.pending_invitation_id().empty());

  v1::ListSuppliersRequest request;
  request.set_registration_status(v1::REGISTRATION_STATUS_REGISTERED);
  EXPECT_THAT(ListNames(request), ElementsAre("Registrado"));
  request.set_registration_status(v1::REGISTRATION_STATUS_INVITED);
  EXPECT_THAT(ListNames(request), ElementsAre("Invitado"));
  request.set_registration_status(v1::REGISTRATION_STATUS_NOT_INVITED);
  EXPECT_THAT(ListNames(request), ElementsAre("Sin invitar"));
}

TEST_F(SupplierNetworkHandlerTest, MembersReadButCannotChange) {
  const v1::Supplier supplier = MustAdd("Solo lectura", {"g"});
  const std::string member = MemberToken(client_);
  EXPECT_EQ(Add(member, NewSupplier(NextNit(), "x")).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  v1::Supplier change = supplier;
  change.set_name("Cambiado");
  EXPECT_EQ(Update(member, change, {"name"}).error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Remove(member, supplier.supplier_id()).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CountNetwork(client_), "1");

  EXPECT_TRUE(Get(member, supplier.supplier_id()).ok());
  EXPECT_THAT(ListNames({}, member), ElementsAre("Solo lectura"));
  EXPECT_EQ(Groups(member).size(), 1u);
  v1::GetImportTemplateResponse import_template;
  EXPECT_TRUE(suppliers_->GetImportTemplate(Ctx(member).get(), {}, &import_template).ok());
}

TEST_F(SupplierNetworkHandlerTest, EveryCallNeedsAValidToken) {
  const v1::Supplier supplier = MustAdd("Con token");
  for (const std::string& token : {std::string(), std::string("sns_forged")}) {
    EXPECT_EQ(Get(token, supplier.supplier_id()).error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_EQ(Add(token, NewSupplier(NextNit(), "x")).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    v1::ListSuppliersResponse list;
    EXPECT_EQ(List(token, {}, &list).error_code(), grpc::StatusCode::UNAUTHENTICATED);
    v1::GetImportTemplateResponse import_template;
    EXPECT_EQ(suppliers_->GetImportTemplate(Ctx(token).get(), {}, &import_template).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
    v1::ListGroupsResponse groups;
    EXPECT_EQ(suppliers_->ListGroups(Ctx(token).get(), {}, &groups).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
}

TEST_F(SupplierNetworkHandlerTest, AnotherClientCannotSeeOrTouchTheEntries) {
  const v1::Supplier supplier = MustAdd("Privado", {"secreto"});
  const Tenant intruder = NewTenant();
  EXPECT_EQ(Get(intruder.admin_token, supplier.supplier_id()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::Supplier change = supplier;
  change.set_name("Robado");
  EXPECT_EQ(Update(intruder.admin_token, change, {"name"}).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Remove(intruder.admin_token, supplier.supplier_id()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  bool removed = true;
  EXPECT_TRUE(Remove(intruder.admin_token, supplier.supplier_id(), &removed, "", true).ok());
  EXPECT_FALSE(removed);
  EXPECT_THAT(ListNames({}, intruder.admin_token), IsEmpty());
  EXPECT_THAT(Groups(intruder.admin_token), IsEmpty());

  v1::Supplier still;
  ASSERT_TRUE(Get(client_.admin_token, supplier.supplier_id(), &still).ok());
  EXPECT_EQ(still.name(), "Privado");
}

TEST_F(SupplierNetworkHandlerTest, MalformedIdsAreInvalidAndUnknownIdsNotFound) {
  EXPECT_TRUE(HasViolation(Get(client_.admin_token, "nope"), "supplier_id"));
  EXPECT_EQ(Get(client_.admin_token, "00000000-0000-0000-0000-000000000000").error_code(),
            grpc::StatusCode::NOT_FOUND);
}

TEST_F(SupplierNetworkHandlerTest, NameSearchIgnoresCaseAndAccents) {
  MustAdd("Gómez Hermanos");
  MustAdd("PEÑA S.A.");
  MustAdd("Pena Baja Ltda");
  MustAdd("Distribuidora 100% Natural");
  MustAdd("Otra Empresa");
  v1::ListSuppliersRequest request;
  request.set_name_contains("gomez");
  EXPECT_THAT(ListNames(request), ElementsAre("Gómez Hermanos"));
  request.set_name_contains("GÓMEZ her");
  EXPECT_THAT(ListNames(request), ElementsAre("Gómez Hermanos"));
  request.set_name_contains("peña");
  EXPECT_THAT(ListNames(request), ElementsAre("Pena Baja Ltda", "PEÑA S.A."));
  // LIKE wildcards in the search text are literal.
  request.set_name_contains("100%");
  EXPECT_THAT(ListNames(request), ElementsAre("Distribuidora 100% Natural"));
  request.set_name_contains("%");
  EXPECT_THAT(ListNames(request), ElementsAre("Distribuidora 100% Natural"));
  request.set_name_contains("_");
  EXPECT_THAT(ListNames(request), IsEmpty());
}

TEST_F(SupplierNetworkHandlerTest, TaxIdAndGroupFilters) {
  v1::Supplier target;
  const std::string nit = NextNit();
  ASSERT_TRUE(Add(client_.admin_token, NewSupplier(nit, "Buscado", {"vip"}), &target).ok());
  MustAdd("Otro VIP", {"vip", "sur"});
  MustAdd("Sin grupo");

  v1::ListSuppliersRequest request;
  request.mutable_tax_id()->set_country(v1::COUNTRY_CO);
  request.mutable_tax_id()->set_value(nit + "-" + target.tax_id().verification_digit());
  EXPECT_THAT(ListNames(request), ElementsAre("Buscado"));
  request.mutable_tax_id()->set_country(v1::COUNTRY_UNSPECIFIED);
  request.mutable_tax_id()->set_value(nit);
  EXPECT_THAT(ListNames(request), ElementsAre("Buscado"));

  v1::ListSuppliersRequest bad;
  bad.mutable_tax_id()->set_country(v1::COUNTRY_CO);
  const std::string wrong_dv = target.tax_id().verification_digit() == "0" ? "1" : "0";
  bad.mutable_tax_id()->set_value(nit + "-" + wrong_dv);
  v1::ListSuppliersResponse response;
  EXPECT_TRUE(HasViolation(List(client_.admin_token, bad, &response), "tax_id"));

  v1::ListSuppliersRequest by_group;
  by_group.set_group(" vip ");
  EXPECT_THAT(ListNames(by_group), ElementsAre("Buscado", "Otro VIP"));
  by_group.set_name_contains("otro");
  EXPECT_THAT(ListNames(by_group), ElementsAre("Otro VIP"));
  by_group.set_group("VIP");  // Groups match exactly.
  EXPECT_THAT(ListNames(by_group), IsEmpty());
}

TEST_F(SupplierNetworkHandlerTest, PagesFollowTheFoldedNameOrderWithoutGapsOrRepeats) {
  const std::vector<std::string> names = {"beta", "Álvaro", "alfa", "Zeta", "ñandú", "Eco", "eco"};
  std::set<std::string> ids;
  for (const std::string& name : names) ids.insert(MustAdd(name).supplier_id());

  v1::ListSuppliersRequest request;
  request.set_page_size(3);
  std::vector<std::string> seen_ids;
  std::vector<std::string> seen_names;
  int pages = 0;
  do {
    v1::ListSuppliersResponse response;
    ASSERT_TRUE(List(client_.admin_token, request, &response).ok());
    EXPECT_LE(response.suppliers_size(), 3);
    for (const v1::Supplier& s : response.suppliers()) {
      seen_ids.push_back(s.supplier_id());
      seen_names.push_back(s.name());
    }
    request.set_page_token(response.next_page_token());
    ++pages;
  } while (!request.page_token().empty());
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(std::set<std::string>(seen_ids.begin(), seen_ids.end()), ids);
  EXPECT_EQ(seen_ids.size(), ids.size());
  ASSERT_EQ(seen_names.size(), names.size());
  EXPECT_EQ(seen_names[0], "alfa");
  EXPECT_EQ(seen_names[1], "Álvaro");
  EXPECT_EQ(seen_names[2], "beta");
  EXPECT_EQ(seen_names[5], "ñandú");
  EXPECT_EQ(seen_names[6], "Zeta");
  // The two "eco" tie on the folded name and are ordered by id.
  EXPECT_EQ(std::set<std::string>({seen_names[3], seen_names[4]}),
            std::set<std::string>({"Eco", "eco"}));
}

TEST_F(SupplierNetworkHandlerTest, BadPageTokensAndSizesAreRejected) {
  for (int i = 0; i < 3; ++i) MustAdd("Pag " + std::to_string(i), {"g"});
  v1::ListSuppliersRequest request;
  request.set_page_size(1);
  v1::ListSuppliersResponse first;
  ASSERT_TRUE(List(client_.admin_token, request, &first).ok());
  ASSERT_FALSE(first.next_page_token().empty());

  v1::ListSuppliersResponse response;
  request.set_page_token("garbage");
  EXPECT_TRUE(HasViolation(List(client_.admin_token, request, &response), "page_token"));
  // A token is bound to the filters it was made with.
  request.set_page_token(first.next_page_token());
  request.set_group("g");
  EXPECT_TRUE(HasViolation(List(client_.admin_token, request, &response), "page_token"));
  // A token of another list is no token of this one.
  v1::ListGroupsRequest groups_request;
  groups_request.set_page_token(first.next_page_token());
  v1::ListGroupsResponse groups;
  EXPECT_TRUE(
      HasViolation(suppliers_->ListGroups(Ctx(client_.admin_token).get(), groups_request, &groups),
                   "page_token"));

  v1::ListSuppliersRequest negative;
  negative.set_page_size(-1);
  EXPECT_TRUE(HasViolation(List(client_.admin_token, negative, &response), "page_size"));
}

TEST_F(SupplierNetworkHandlerTest, UpdateChangesMaskedFieldsOnly) {
  const v1::Supplier supplier = MustAdd("Antes", {"a"});
  v1::Supplier change;
  change.set_supplier_id(supplier.supplier_id());
  change.set_etag(supplier.etag());
  change.set_name(" Después ");
  change.set_city("Medellín");  // Not in the mask: ignored.
  change.add_groups("b");
  change.add_groups("c");
  v1::Supplier updated;
  ASSERT_TRUE(Update(client_.admin_token, change, {"name", "groups"}, &updated).ok());
  EXPECT_EQ(updated.name(), "Después");
  EXPECT_TRUE(updated.city().empty());
  EXPECT_THAT(updated.groups(), ElementsAre("b", "c"));
  EXPECT_EQ(updated.email(), supplier.email());
  EXPECT_NE(updated.etag(), supplier.etag());

  // "*" takes every editable field: an empty email is then a violation.
  change.set_etag(updated.etag());
  const grpc::Status all = Update(client_.admin_token, change, {"*"});
  EXPECT_TRUE(HasViolation(all, "supplier.email"));
}

TEST_F(SupplierNetworkHandlerTest, UpdateRejectsBadMasksAndValues) {
  const v1::Supplier supplier = MustAdd("Máscara");
  v1::Supplier change = supplier;
  EXPECT_TRUE(HasViolation(Update(client_.admin_token, change, {}), "update_mask"));
  EXPECT_TRUE(HasViolation(Update(client_.admin_token, change, {"tax_id"}), "update_mask"));
  EXPECT_TRUE(HasViolation(Update(client_.admin_token, change, {"etag"}), "update_mask"));
  change.set_name(std::string(201, 'n'));
  EXPECT_TRUE(HasViolation(Update(client_.admin_token, change, {"name"}), "supplier.name"));
  change.set_etag("garbage");
  EXPECT_TRUE(HasViolation(Update(client_.admin_token, change, {"fax"}), "supplier.etag"));
  v1::Supplier unchanged;
  ASSERT_TRUE(Get(client_.admin_token, supplier.supplier_id(), &unchanged).ok());
  EXPECT_EQ(unchanged.etag(), supplier.etag());
}

TEST_F(SupplierNetworkHandlerTest, StaleEtagIsAbortedAndChangesNothing) {
  const v1::Supplier supplier = MustAdd("Versión 1");
  v1::Supplier first = supplier;
  first.set_name("Versión 2");
  ASSERT_TRUE(Update(client_.admin_token, first, {"name"}).ok());
  v1::Supplier stale = supplier;
  stale.set_name("Versión perdida");
  EXPECT_EQ(Update(client_.admin_token, stale, {"name"}).error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(
      Remove(client_.admin_token, supplier.supplier_id(), nullptr, supplier.etag()).error_code(),
      grpc::StatusCode::ABORTED);
  v1::Supplier now;
  ASSERT_TRUE(Get(client_.admin_token, supplier.supplier_id(), &now).ok());
  EXPECT_EQ(now.name(), "Versión 2");
  // Without an etag the update goes through.
  stale.clear_etag();
  EXPECT_TRUE(Update(client_.admin_token, stale, {"name"}).ok());
}

TEST_F(SupplierNetworkHandlerTest, UpdateThatChangesNothingKeepsTheEtag) {
  const v1::Supplier supplier = MustAdd("Igual", {"x"});
  v1::Supplier same = supplier;
  same.set_name(" Igual ");
  v1::Supplier updated;
  ASSERT_TRUE(Update(client_.admin_token, same, {"name", "groups"}, &updated).ok());
  EXPECT_EQ(updated.etag(), supplier.etag());
}

TEST_F(SupplierNetworkHandlerTest, EntriesOfOriginDocumentMayLackAnEmail) {
  const v1::Supplier supplier = MustAdd("Desde documento");
  db_->Exec("UPDATE suppliers SET origin = 'DOCUMENT', email = '' WHERE supplier_id = '" +
            supplier.supplier_id() + "'");
  v1::Supplier change = supplier;
  change.set_phone("555 1234");
  v1::Supplier updated;
  ASSERT_TRUE(Update(client_.admin_token, change, {"phone"}, &updated).ok());
  EXPECT_EQ(updated.origin(), v1::SUPPLIER_ORIGIN_DOCUMENT);
  EXPECT_TRUE(updated.email().empty());
  change.set_etag(updated.etag());
  change.set_email("bad@");
  EXPECT_TRUE(HasViolation(Update(client_.admin_token, change, {"email"}), "supplier.email"));
}

TEST_F(SupplierNetworkHandlerTest, RetriedAddReturnsTheFirstResultAndAddsOnce) {
  const std::string nit = NextNit();
  v1::Supplier first;
  ASSERT_TRUE(Add(client_.admin_token, NewSupplier(nit, "Reintento"), &first, kRequestId).ok());
  // The same request again returns the first result.
  v1::Supplier retry;
  ASSERT_TRUE(Add(client_.admin_token, NewSupplier(nit, "Reintento"), &retry, kRequestId).ok());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  // Another request under the same id is refused: it is not a retry.
  const grpc::Status reused =
      Add(client_.admin_token, NewSupplier(NextNit(), "Otro"), nullptr, kRequestId);
  EXPECT_EQ(reused.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(HasViolation(reused, "request_id"));
  EXPECT_EQ(CountNetwork(client_), "1");
  // Request ids are per company: another client's call with the same id runs.
  const Tenant other = NewTenant();
  v1::Supplier others;
  ASSERT_TRUE(Add(other.admin_token, NewSupplier(nit, "Reintento"), &others, kRequestId).ok());
  EXPECT_NE(others.supplier_id(), first.supplier_id());
}

TEST_F(SupplierNetworkHandlerTest, FailedCallLeavesItsRequestIdUnused) {
  const std::string nit = NextNit();
  MustAdd("Existente");
  v1::Supplier existing;
  ASSERT_TRUE(Add(client_.admin_token, NewSupplier(nit, "Primero"), &existing).ok());
  EXPECT_EQ(
      Add(client_.admin_token, NewSupplier(nit, "Duplicado"), nullptr, kRequestId).error_code(),
      grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(db_->QueryValue("SELECT count(*) FROM idempotency_keys WHERE company_id = '" +
                            client_.company_id + "'"),
            "0");
  v1::Supplier added;
  EXPECT_TRUE(Add(client_.admin_token, NewSupplier(NextNit(), "Nuevo"), &added, kRequestId).ok());
  EXPECT_EQ(added.name(), "Nuevo");
}

TEST_F(SupplierNetworkHandlerTest, RetriedUpdateAppliesOnce) {
  const v1::Supplier supplier = MustAdd("Uno");
  v1::Supplier change = supplier;
  change.set_name("Dos");
  v1::Supplier first, retry;
  ASSERT_TRUE(Update(client_.admin_token, change, {"name"}, &first, kRequestId).ok());
  // The etag is stale by now, but the retry is answered from the first result.
  ASSERT_TRUE(Update(client_.admin_token, change, {"name"}, &retry, kRequestId).ok());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  EXPECT_EQ(db_->QueryValue("SELECT version FROM suppliers WHERE supplier_id = '" +
                            supplier.supplier_id() + "'"),
            "2");
}

TEST_F(SupplierNetworkHandlerTest, RemoveDeletesTheEntryAndItsGroups) {
  const v1::Supplier supplier = MustAdd("Se va", {"temporal"});
  MustAdd("Se queda", {"fijo"});
  bool removed = false;
  ASSERT_TRUE(Remove(client_.admin_token, supplier.supplier_id(), &removed, supplier.etag()).ok());
  EXPECT_TRUE(removed);
  EXPECT_EQ(Get(client_.admin_token, supplier.supplier_id()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Remove(client_.admin_token, supplier.supplier_id()).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Remove(client_.admin_token, supplier.supplier_id(), &removed, "", true).ok());
  EXPECT_FALSE(removed);
  EXPECT_EQ(Groups(client_.admin_token), (std::vector<std::pair<std::string, int>>{{"fijo", 1}}));
  // The tax ID may be added again.
  v1::Supplier again = NewSupplier(supplier.tax_id().value(), "Vuelve");
  EXPECT_TRUE(Add(client_.admin_token, again).ok());
}

TEST_F(SupplierNetworkHandlerTest, ListGroupsCountsSuppliersInByteOrderAcrossPages) {
  MustAdd("Uno", {"norte", "VIP"});
  MustAdd("Dos", {"norte"});
  MustAdd("Tres", {"sur", "norte", "Ávila"});
  const std::vector<std::pair<std::string, int>> expected = {
      {"VIP", 1}, {"norte", 3}, {"sur", 1}, {"Ávila", 1}};
  EXPECT_EQ(Groups(client_.admin_token), expected);
  EXPECT_EQ(Groups(client_.admin_token, 1), expected);
  v1::ListGroupsRequest bad;
  bad.set_page_token("garbage");
  v1::ListGroupsResponse response;
  EXPECT_TRUE(HasViolation(suppliers_->ListGroups(Ctx(client_.admin_token).get(), bad, &response),
                           "page_token"));
}

TEST_F(SupplierNetworkHandlerTest, ImportTemplateListsTheColumns) {
  v1::GetImportTemplateResponse response;
  ASSERT_TRUE(suppliers_->GetImportTemplate(Ctx(client_.admin_token).get(), {}, &response).ok());
  EXPECT_EQ(response.header_line(),
            "Tax ID*,Name*,Description,Address,City,Province,Phone,Fax,Email*,Groups,Notify*");
  EXPECT_EQ(response.groups_separator(), "|");
  ASSERT_EQ(response.columns_size(), 11);
  EXPECT_EQ(response.columns(0).name(), "Tax ID");
  EXPECT_TRUE(response.columns(0).required());
  EXPECT_FALSE(response.columns(2).required());
  for (const auto& column : response.columns()) EXPECT_FALSE(column.description().empty());
}

}  // namespace
}  // namespace supplynet::testing
