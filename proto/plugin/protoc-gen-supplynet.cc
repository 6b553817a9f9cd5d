// A protoc plugin run beside --cpp_out: it makes the generated .pb.h include
// proto/supplynet/request_parsing.h and, for every request message of the file's services,
// inserts a gRPC SerializationTraits specialization that parses through
// supplynet::proto::ParseMessage (client streams read their messages by their own type; unary
// calls go through the MessageLite one of request_parsing.h). So a request that cannot be
// parsed gets INVALID_ARGUMENT naming its field; generated from the services, a new RPC is
// covered without anyone listing it.
#include <google/protobuf/compiler/code_generator.h>
#include <google/protobuf/compiler/plugin.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/io/printer.h>
#include <google/protobuf/io/zero_copy_stream.h>

#include <memory>
#include <set>
#include <string>

namespace {

namespace pb = google::protobuf;

std::string CppName(const pb::Descriptor& type) {
  std::string name = "::" + type.full_name();
  for (size_t at = name.find('.', 2); at != std::string::npos; at = name.find('.', at)) {
    name.replace(at, 1, "::");
  }
  return name;
}

class RequestTraitsGenerator : public pb::compiler::CodeGenerator {
 public:
  bool Generate(const pb::FileDescriptor* file, const std::string& /*parameter*/,
                pb::compiler::GeneratorContext* context, std::string* /*error*/) const override {
    std::set<std::string> requests;  // Sorted: the output does not depend on pointer order.
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        const pb::Descriptor* input = file->service(s)->method(m)->input_type();
        if (input->file() == file) requests.insert(CppName(*input));
      }
    }
    if (requests.empty()) return true;
    std::string header = file->name();
    header.replace(header.rfind(".proto"), 6, ".pb.h");
    {
      std::unique_ptr<pb::io::ZeroCopyOutputStream> out(context->OpenForInsert(header, "includes"));
      pb::io::Printer(out.get(), '$').Print("#include \"supplynet/request_parsing.h\"\n");
    }
    std::unique_ptr<pb::io::ZeroCopyOutputStream> out(
        context->OpenForInsert(header, "global_scope"));
    pb::io::Printer printer(out.get(), '$');
    printer.Print("namespace grpc {\n");
    for (const std::string& request : requests) {
      printer.Print(
          "template <>\n"
          "class SerializationTraits<$type$, void>\n"
          "    : public ::supplynet::proto::MessageTraits<$type$> {};\n",
          "type", request);
    }
    printer.Print("}  // namespace grpc\n");
    return true;
  }
};

}  // namespace

int main(int argc, char* argv[]) {
  RequestTraitsGenerator generator;
  return pb::compiler::PluginMain(argc, argv, &generator);
}
