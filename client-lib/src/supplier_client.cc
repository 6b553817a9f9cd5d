// Client methods of SupplierNetworkService.
#include <algorithm>
#include <fstream>

#include "client_call.h"
#include "supplynet/client/client.h"

namespace supplynet::client {

absl::StatusOr<v1::Supplier> Client::AddSupplier(const v1::Supplier& supplier,
                                                 const std::string& request_id) {
  v1::AddSupplierRequest request;
  *request.mutable_supplier() = supplier;
  request.set_request_id(request_id);
  auto response = Call(*suppliers_, &v1::SupplierNetworkService::Stub::AddSupplier, request);
  if (!response.ok()) return response.status();
  return response->supplier();
}

absl::StatusOr<v1::Supplier> Client::GetSupplier(const std::string& supplier_id) {
  v1::GetSupplierRequest request;
  request.set_supplier_id(supplier_id);
  auto response = Call(*suppliers_, &v1::SupplierNetworkService::Stub::GetSupplier, request);
  if (!response.ok()) return response.status();
  return response->supplier();
}

absl::StatusOr<v1::ListSuppliersResponse> Client::ListSuppliers(
    const v1::ListSuppliersRequest& request) {
  return Call(*suppliers_, &v1::SupplierNetworkService::Stub::ListSuppliers, request);
}

absl::Status Client::ForEachSupplier(const v1::ListSuppliersRequest& filter,
                                     const std::function<void(const v1::Supplier&)>& visit) {
  v1::ListSuppliersRequest request = filter;
  request.clear_page_token();
  return internal::ForEachPage(
      request, [this](const v1::ListSuppliersRequest& page) { return ListSuppliers(page); },
      [](const v1::ListSuppliersResponse& page) -> const auto& { return page.suppliers(); }, visit);
}

absl::StatusOr<v1::Supplier> Client::UpdateSupplier(const v1::Supplier& supplier,
                                                    const std::vector<std::string>& paths,
                                                    const std::string& request_id) {
  v1::UpdateSupplierRequest request;
  *request.mutable_supplier() = supplier;
  for (const std::string& path : paths) request.mutable_update_mask()->add_paths(path);
  request.set_request_id(request_id);
  auto response = Call(*suppliers_, &v1::SupplierNetworkService::Stub::UpdateSupplier, request);
  if (!response.ok()) return response.status();
  return response->supplier();
}

absl::StatusOr<bool> Client::RemoveSupplier(const std::string& supplier_id, const std::string& etag,
                                            bool allow_missing) {
  v1::RemoveSupplierRequest request;
  request.set_supplier_id(supplier_id);
  request.set_etag(etag);
  request.set_allow_missing(allow_missing);
  auto response = Call(*suppliers_, &v1::SupplierNetworkService::Stub::RemoveSupplier, request);
  if (!response.ok()) return response.status();
  return response->removed();
}

absl::StatusOr<std::vector<v1::SupplierGroup>> Client::ListAllGroups() {
  return internal::CollectAll<v1::SupplierGroup>([this](const auto& visit) {
    return internal::ForEachPage(
        v1::ListGroupsRequest(),
        [this](const v1::ListGroupsRequest& page) {
          return Call(*suppliers_, &v1::SupplierNetworkService::Stub::ListGroups, page);
        },
        [](const v1::ListGroupsResponse& page) -> const auto& { return page.groups(); }, visit);
  });
}

absl::StatusOr<v1::GetImportTemplateResponse> Client::GetImportTemplate() {
  return Call(*suppliers_, &v1::SupplierNetworkService::Stub::GetImportTemplate,
              v1::GetImportTemplateRequest());
}

absl::StatusOr<v1::ImportSuppliersResponse> Client::ImportSuppliers(
    std::istream& csv, const v1::ImportSuppliersOptions& options,
    const ImportProgressCallback& progress, int64_t size_hint, size_t chunk_bytes) {
  grpc::ClientContext context;
  PrepareStream(context);
  v1::ImportSuppliersResponse response;
  std::unique_ptr<grpc::ClientWriter<v1::ImportSuppliersRequest>> writer =
      suppliers_->ImportSuppliers(&context, &response);

  v1::ImportSuppliersRequest first;
  *first.mutable_options() = options;
  ImportProgress sent;
  sent.total_bytes = size_hint;
  // A failed Write means the server already ended the call: Finish() says why.
  bool open = writer->Write(first);
  std::string buffer(std::max<size_t>(chunk_bytes, 1), '\0');
  bool unterminated = false;  // The last byte sent is not a line break.
  while (open &&
         csv.read(buffer.data(), static_cast<std::streamsize>(buffer.size())).gcount() > 0) {
    const auto length = static_cast<size_t>(csv.gcount());
    v1::ImportSuppliersRequest chunk;
    chunk.set_chunk(buffer.data(), length);
    open = writer->Write(chunk);
    sent.bytes_sent += static_cast<int64_t>(length);
    sent.lines_sent += std::count(buffer.data(), buffer.data() + length, '\n');
    sent.rows_sent = std::max<int64_t>(0, sent.lines_sent - 1);
    unterminated = buffer[length - 1] != '\n';
    if (progress) progress(sent);
  }
  if (csv.bad()) {
    context.TryCancel();
    writer->Finish();
    return absl::DataLossError("reading the CSV failed before its end");
  }
  if (open) writer->WritesDone();
  if (unterminated && sent.lines_sent > 0) ++sent.rows_sent;
  sent.done = true;
  if (progress) progress(sent);
  const grpc::Status status = writer->Finish();
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

absl::StatusOr<v1::ImportSuppliersResponse> Client::ImportSuppliersFromFile(
    const std::string& path, const v1::ImportSuppliersOptions& options,
    const ImportProgressCallback& progress) {
  std::ifstream file(path, std::ios::binary | std::ios::ate);
  if (!file) return absl::NotFoundError("cannot open " + path);
  const auto size = static_cast<int64_t>(file.tellg());
  file.seekg(0);
  return ImportSuppliers(file, options, progress, size);
}

}  // namespace supplynet::client
