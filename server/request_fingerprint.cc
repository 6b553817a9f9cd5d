#include "server/request_fingerprint.h"

#include "domain/secrets.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace supplynet::server {

std::string RequestFingerprint(const google::protobuf::Message& request) {
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    // Map entries and unknown fields in a fixed order: one request, one fingerprint.
    coded.SetSerializationDeterministic(true);
    request.SerializeToCodedStream(&coded);
  }
  return HashToken(bytes);
}

}  // namespace supplynet::server
