// Registers a company, logs its administrator in, adds a supplier and prints both ids, using
// only the installed supplynet client package. Usage: consumer TARGET NIT USERNAME
#include <iostream>

#include "supplynet/client/client.h"

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: consumer TARGET NIT USERNAME\n";
    return 2;
  }
  supplynet::client::ClientOptions options;
  options.target = argv[1];
  supplynet::client::Client client(options);

  supplynet::v1::RegisterCompanyRequest request;
  request.mutable_company()->mutable_tax_id()->set_country(supplynet::v1::COUNTRY_CO);
  request.mutable_company()->mutable_tax_id()->set_value(argv[2]);
  request.mutable_company()->set_legal_name("Consumer S.A.S.");
  request.set_admin_username(argv[3]);
  request.set_admin_email(std::string(argv[3]) + "@example.com");
  request.set_admin_password("correct horse battery");
  if (auto registered = client.RegisterCompany(request); !registered.ok()) {
    std::cerr << supplynet::client::Describe(registered.status()) << "\n";
    return 1;
  }
  if (auto login = client.Login(argv[3], "correct horse battery"); !login.ok()) {
    std::cerr << supplynet::client::Describe(login.status()) << "\n";
    return 1;
  }
  auto me = client.GetCurrentPrincipal();  // carries the token Login stored
  if (!me.ok()) {
    std::cerr << supplynet::client::Describe(me.status()) << "\n";
    return 1;
  }
  std::cout << "company_id=" << me->company().company_id() << "\n";

  supplynet::v1::Supplier supplier;
  supplier.mutable_tax_id()->set_country(supplynet::v1::COUNTRY_PE);
  supplier.mutable_tax_id()->set_value("20100070970");
  supplier.set_name("Proveedor del Perú S.A.C.");
  supplier.set_email("ventas@example.pe");
  auto added = client.AddSupplier(supplier);
  if (!added.ok()) {
    std::cerr << supplynet::client::Describe(added.status()) << "\n";
    return 1;
  }
  std::cout << "supplier_id=" << added->supplier_id() << "\n";
  return 0;
}
