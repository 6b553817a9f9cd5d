#include "supplynet/request_parsing.h"

#include <google/protobuf/any.pb.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/stubs/common.h>
#include <google/protobuf/unknown_field_set.h>

#include <vector>

#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"

namespace supplynet::proto {
namespace {

namespace pb = google::protobuf;

thread_local std::optional<RequestParseFailure> last_failure;

std::string Bytes(const grpc::ByteBuffer& buffer) {
  std::vector<grpc::Slice> slices;
  std::string bytes;
  if (!buffer.Dump(&slices).ok()) return bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  return bytes;
}

std::string Join(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

// The path of the first string field of `bytes`, a serialized `type`, that is not valid UTF-8
// (recursing into message fields); nullopt when there is none. The bytes are read as unknown
// fields, which protobuf does not check.
std::optional<std::string> FirstInvalidUtf8(const pb::Descriptor& type, const std::string& bytes,
                                            const std::string& prefix) {
  pb::UnknownFieldSet fields;
  if (!fields.ParseFromString(bytes)) return std::nullopt;
  for (int i = 0; i < fields.field_count(); ++i) {
    const pb::UnknownField& value = fields.field(i);
    const pb::FieldDescriptor* field = type.FindFieldByNumber(value.number());
    if (field == nullptr || value.type() != pb::UnknownField::TYPE_LENGTH_DELIMITED) continue;
    const std::string path = Join(prefix, field->name());
    if (field->type() == pb::FieldDescriptor::TYPE_STRING &&
        // The check protobuf's parser applies to proto3 strings.
        !pb::internal::IsStructurallyValidUTF8(value.length_delimited())) {
      return path;
    }
    if (field->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      if (auto inner = FirstInvalidUtf8(*field->message_type(), value.length_delimited(), path)) {
        return inner;
      }
    }
  }
  return std::nullopt;
}

RequestParseFailure Diagnose(const pb::Descriptor& type, const std::string& bytes) {
  if (std::optional<std::string> field = FirstInvalidUtf8(type, bytes, "")) {
    return {*field, "is not valid UTF-8"};
  }
  return {"", "the request is not a valid " + type.name() + " message"};
}

grpc::Status InvalidArgument(const RequestParseFailure& failure) {
  const std::string message =
      failure.field.empty() ? failure.description : failure.field + ": " + failure.description;
  google::rpc::BadRequest bad_request;
  google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
  violation->set_field(failure.field);
  violation->set_description(failure.description);
  google::rpc::Status details;
  details.set_code(grpc::StatusCode::INVALID_ARGUMENT);
  details.set_message(message);
  details.add_details()->PackFrom(bad_request);
  return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message, details.SerializeAsString());
}

// True when `type` is the request of an RPC of its file (only checked once parsing failed).
bool IsRequest(const pb::Descriptor& type) {
  const pb::FileDescriptor& file = *type.file();
  for (int s = 0; s < file.service_count(); ++s) {
    for (int m = 0; m < file.service(s)->method_count(); ++m) {
      if (file.service(s)->method(m)->input_type() == &type) return true;
    }
  }
  return false;
}

}  // namespace

grpc::Status ParseMessage(grpc::ByteBuffer* buffer, grpc::protobuf::MessageLite* message) {
  const grpc::ByteBuffer kept(*buffer);  // Shares the slices: no copy unless parsing fails.
  grpc::Status parsed =
      grpc::GenericDeserialize<grpc::ProtoBufferReader, grpc::protobuf::MessageLite>(buffer,
                                                                                     message);
  if (parsed.ok()) return parsed;
  const auto* full = dynamic_cast<const pb::Message*>(message);
  if (full == nullptr || !IsRequest(*full->GetDescriptor())) return parsed;
  last_failure = Diagnose(*full->GetDescriptor(), Bytes(kept));
  return InvalidArgument(*last_failure);
}

std::optional<RequestParseFailure> TakeRequestParseFailure() {
  std::optional<RequestParseFailure> failure = std::move(last_failure);
  last_failure.reset();
  return failure;
}

}  // namespace supplynet::proto
