#include "bench/bench_common.h"

#include <iostream>

namespace supplynet::bench {

std::unique_ptr<grpc::ClientContext> Ctx(const std::string& token) {
  auto context = std::make_unique<grpc::ClientContext>();
  if (!token.empty()) context->AddMetadata("authorization", "Bearer " + token);
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::minutes(30));
  return context;
}

std::shared_ptr<grpc::Channel> NewChannel(const std::string& address, int index) {
  grpc::ChannelArguments args;
  args.SetInt("supplynet.bench.channel", index);
  args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

std::shared_ptr<grpc::Channel> NewLoadChannel(const std::string& address, int index) {
  grpc::ChannelArguments args;
  args.SetInt("supplynet.bench.channel", index);
  args.SetInt(GRPC_ARG_MINIMAL_STACK, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

int Fail(const std::string& what, const grpc::Status& status) {
  std::cerr << what << ": " << status.error_code() << " " << status.error_message() << "\n";
  return 1;
}

}  // namespace supplynet::bench
