// The pieces every typed method of Client shares: one unary call with the status converted,
// and the walk over every page of a list. Internal to the library (not installed).
#pragma once

#include <grpcpp/client_context.h>

#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "supplynet/client/client.h"

namespace supplynet::client {

template <typename Stub, typename Request, typename Response>
absl::StatusOr<Response> Client::Call(Stub& stub,
                                      grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                                   const Request&, Response*),
                                      const Request& request) const {
  grpc::ClientContext context;
  Prepare(context);
  Response response;
  const grpc::Status status = (stub.*method)(&context, request, &response);
  if (!status.ok()) return FromGrpcStatus(status);
  return response;
}

namespace internal {

// Calls `fetch` page after page, handing every item of `items` to `visit`.
template <typename Request, typename Fetch, typename Items, typename Visit>
absl::Status ForEachPage(Request request, Fetch fetch, Items items, const Visit& visit) {
  while (true) {
    auto page = fetch(request);
    if (!page.ok()) return page.status();
    for (const auto& item : items(*page)) visit(item);
    if (page->next_page_token().empty()) return absl::OkStatus();
    // A server handing back the same cursor would make this loop forever.
    if (page->next_page_token() == request.page_token()) {
      return absl::InternalError("the server returned the same page token twice");
    }
    request.set_page_token(page->next_page_token());
  }
}

template <typename Item, typename ForEach>
absl::StatusOr<std::vector<Item>> CollectAll(ForEach for_each) {
  std::vector<Item> all;
  absl::Status status = for_each([&all](const Item& item) { all.push_back(item); });
  if (!status.ok()) return status;
  return all;
}

}  // namespace internal
}  // namespace supplynet::client
