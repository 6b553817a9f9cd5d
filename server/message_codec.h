// The server's ResultCodec (app/result_codec.h): a use case's result stored as the bytes of the
// RPC's response message, so that a retried call is answered with what the first one sent.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "app/result_codec.h"

namespace supplynet::server {

template <typename T, typename Message>
class MessageCodec final : public ResultCodec<T> {
 public:
  using ToMessage = void (*)(const T&, Message*);
  using FromMessage = absl::StatusOr<T> (*)(const Message&);

  // `what` names the result in the error for unreadable bytes ("supplier result").
  MessageCodec(ToMessage to_message, FromMessage from_message, std::string_view what)
      : to_message_(to_message), from_message_(from_message), what_(what) {}

  std::string Encode(const T& result) const override {
    Message message;
    to_message_(result, &message);
    return message.SerializeAsString();
  }

  absl::StatusOr<T> Decode(const std::string& bytes) const override {
    Message message;
    if (!message.ParseFromString(bytes)) {
      return absl::InternalError(absl::StrCat("a stored ", what_, " is unreadable"));
    }
    return from_message_(message);
  }

 private:
  const ToMessage to_message_;
  const FromMessage from_message_;
  const std::string what_;
};

// The codec storing `T` as `Message`. With T and Message given, an overloaded ToProto
// resolves to the right overload here (std::make_unique could not deduce it).
template <typename T, typename Message>
std::unique_ptr<const ResultCodec<T>> MakeMessageCodec(
    typename MessageCodec<T, Message>::ToMessage to_message,
    typename MessageCodec<T, Message>::FromMessage from_message, std::string_view what) {
  return std::make_unique<MessageCodec<T, Message>>(to_message, from_message, what);
}

}  // namespace supplynet::server
