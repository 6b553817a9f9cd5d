// How our messages are parsed off the wire. gRPC alone answers a request that protobuf cannot
// parse (a string field that is not valid UTF-8, garbled bytes) with a bare INTERNAL, and
// inside a client stream it ends the stream there as if the client had finished. Every
// generated header of ours includes this one (proto/plugin inserts the include), so that:
// - unary calls, which gRPC's generated code parses as MessageLite, go through ParseMessage
//   (the MessageLite specialization below);
// - each request type of a client stream gets a specialization of its own (inserted by the
//   plugin), also through ParseMessage.
// A message that is the request of one of its file's RPCs and fails to parse is answered
// INVALID_ARGUMENT with a google.rpc.BadRequest naming the field; anything else keeps gRPC's
// answer. Parsing that succeeds is exactly gRPC's.
#pragma once

#include <grpcpp/impl/codegen/proto_utils.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/status.h>

#include <optional>
#include <string>

namespace supplynet::proto {

// Why a request could not be parsed: the field path ("supplier.name"; "" for the message as a
// whole) and what is wrong with it.
struct RequestParseFailure {
  std::string field;
  std::string description;
};

// Parses `buffer` into `message` as gRPC does. When that fails and `message` is a request:
// INVALID_ARGUMENT with a BadRequest, and the failure is kept for TakeRequestParseFailure on
// this thread.
grpc::Status ParseMessage(grpc::ByteBuffer* buffer, grpc::protobuf::MessageLite* message);

// The failure kept by the last ParseMessage on this thread that refused a request, forgotten
// once taken. A sync server reads a client stream on the handler's thread, so a handler calls
// this right after a Read that returned false.
std::optional<RequestParseFailure> TakeRequestParseFailure();

// gRPC's SerializationTraits for our messages: serialized as gRPC does, parsed by ParseMessage.
// The specializations only inherit these, so their functions have names of their own: a
// translation unit that never saw this header (libgrpc++ itself) keeps gRPC's definitions
// without the linker merging the two.
template <typename Message>
class MessageTraits {
 public:
  static grpc::Status Serialize(const Message& message, grpc::ByteBuffer* buffer,
                                bool* own_buffer) {
    return grpc::GenericSerialize<grpc::ProtoBufferWriter, Message>(message, buffer, own_buffer);
  }
  static grpc::Status Deserialize(grpc::ByteBuffer* buffer, Message* message) {
    return ParseMessage(buffer, message);
  }
};

}  // namespace supplynet::proto

namespace grpc {
template <>
class SerializationTraits<grpc::protobuf::MessageLite, void>
    : public ::supplynet::proto::MessageTraits<grpc::protobuf::MessageLite> {};
}  // namespace grpc
