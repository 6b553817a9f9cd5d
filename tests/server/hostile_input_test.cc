// The hostile-input corpus, generated from the contract: every field of every request (nested
// ones too) of the RPCs in the contract table set to a value no RPC may accept, one at a time,
// sent as company A's administrator; each case must be refused with a clear error (or, for a
// batch call, every item refused) and no table may change. Fields the contract marks
// "Output only" and fields outside an update mask are ignored by contract and skipped.
#include <gtest/gtest.h>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/unknown_field_set.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "tests/server/contract_fixture.h"

namespace supplynet::testing::contract {
namespace {

using HostileInputTest = ContractTest;

// "supplynet.v1.Message.field" of every field the contract documents as "Output only." (the
// comment just above it in proto/supplynet/v1/*.proto): input there is ignored by contract,
// so it is not hostile input.
std::set<std::string> OutputOnlyFields() {
  std::set<std::string> out;
  const char* root = std::getenv("SUPPLYNET_SOURCE_DIR");
  EXPECT_NE(root, nullptr) << "scripts/test exports SUPPLYNET_SOURCE_DIR";
  if (root == nullptr) return out;
  const std::regex message_re(R"(^\s*message\s+(\w+)\s*\{)");
  const std::regex field_re(R"(^\s*(repeated\s+|optional\s+)?[\w.]+\s+(\w+)\s*=\s*\d+)");
  for (const auto& file :
       std::filesystem::directory_iterator(std::string(root) + "/proto/supplynet/v1")) {
    std::ifstream in(file.path());
    std::vector<std::string> scopes;  // Open messages, innermost last ("" for other blocks).
    std::string comment;
    for (std::string line; std::getline(in, line);) {
      std::smatch match;
      const size_t code = line.find_first_not_of(" \t");
      if (code != std::string::npos && line.compare(code, 2, "//") == 0) {
        comment += line;
        continue;
      }
      if (std::regex_search(line, match, message_re)) {
        scopes.push_back(match[1]);
      } else if (std::regex_search(line, match, field_re) && !scopes.empty() &&
                 comment.find("Output only") != std::string::npos) {
        out.insert(absl::StrCat("supplynet.v1.", scopes.back(), ".", std::string(match[2])));
      } else if (line.find('{') != std::string::npos) {
        scopes.push_back(scopes.empty() ? "" : scopes.back());  // oneof, enum, service: same scope
      }
      if (line.find('}') != std::string::npos && !scopes.empty()) scopes.pop_back();
      comment.clear();
    }
  }
  return out;
}

// One hostile change to a valid request: a field set to a value no RPC may accept.
struct HostileCase {
  std::string label;  // "SupplierNetworkService/GetSupplier supplier_id=invalid UTF-8"
  std::string request;
};

// Hostile values for one field of `message` at `path` (recursing into message fields).
// Fields that a request may carry but the RPC ignores by contract: output-only ones, and the
// fields of an update that its update_mask does not name.
struct IgnoredFields {
  const std::set<std::string>* output_only;
  std::string masked_message;        // "user" in UpdateUserRequest; empty without a mask.
  std::set<std::string> mask_paths;  // Its update_mask.

  bool Ignored(const pb::FieldDescriptor& field, const std::string& at) const {
    if (output_only->count(field.full_name()) > 0) return true;
    if (masked_message.empty() || !absl::StartsWith(at, masked_message + ".")) return false;
    const std::string within = at.substr(masked_message.size() + 1);
    return mask_paths.count(within.substr(0, within.find('.'))) == 0;
  }
};

IgnoredFields IgnoredFieldsOf(const pb::Message& request,
                              const std::set<std::string>& output_only) {
  IgnoredFields ignored{&output_only, "", {}};
  const pb::Descriptor& type = *request.GetDescriptor();
  const pb::FieldDescriptor* mask = type.FindFieldByName("update_mask");
  if (mask == nullptr) return ignored;
  for (int f = 0; f < type.field_count(); ++f) {
    const pb::FieldDescriptor* field = type.field(f);
    if (field != mask && field->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      ignored.masked_message = field->name();
      break;
    }
  }
  const pb::Message& paths = request.GetReflection()->GetMessage(request, mask);
  const pb::FieldDescriptor* paths_field = paths.GetDescriptor()->FindFieldByName("paths");
  for (int i = 0; i < paths.GetReflection()->FieldSize(paths, paths_field); ++i) {
    ignored.mask_paths.insert(paths.GetReflection()->GetRepeatedString(paths, paths_field, i));
  }
  return ignored;
}

void AddHostileCases(const pb::Message& base, pb::Message& message, const std::string& path,
                     int depth, const std::string& label, const IgnoredFields& ignored,
                     std::vector<HostileCase>& out) {
  const pb::Descriptor& type = *message.GetDescriptor();
  const pb::Reflection& reflection = *message.GetReflection();
  auto emit = [&](const std::string& what, auto&& change) {
    std::unique_ptr<pb::Message> copy(base.New());
    copy->CopyFrom(base);
    change(*copy);
    out.push_back({absl::StrCat(label, " ", what), copy->SerializeAsString()});
  };
  for (int f = 0; f < type.field_count(); ++f) {
    const pb::FieldDescriptor& field = *type.field(f);
    const std::string at = path.empty() ? field.name() : absl::StrCat(path, ".", field.name());
    if (ignored.Ignored(field, at)) continue;
    // The field of the copy that `path` leads to.
    auto target = [&](pb::Message& root) -> pb::Message* {
      pb::Message* m = &root;
      for (const absl::string_view part : absl::StrSplit(path, '.', absl::SkipEmpty())) {
        const pb::FieldDescriptor* f2 = m->GetDescriptor()->FindFieldByName(std::string(part));
        m = m->GetReflection()->MutableMessage(m, f2);
      }
      return m;
    };
    auto set_string = [&](const std::string& value) {
      return [&, value](pb::Message& root) {
        pb::Message* m = target(root);
        if (field.is_repeated()) {
          m->GetReflection()->AddString(m, &field, value);
        } else {
          m->GetReflection()->SetString(m, &field, value);
        }
      };
    };
    switch (field.type()) {
      case pb::FieldDescriptor::TYPE_STRING:
        emit(at + "=100,000 characters", set_string(std::string(100000, 'x')));
        emit(at + "=invalid UTF-8", set_string("abc\xff\xfe"));
        emit(at + "=control characters", set_string("a\x01b\x1b[2J"));
        emit(at + "=NUL byte", set_string(std::string("a\0b", 3)));
        break;
      case pb::FieldDescriptor::TYPE_ENUM:
        if (field.is_repeated()) break;
        emit(at + "=unknown enum value", [&](pb::Message& root) {
          pb::Message* m = target(root);
          m->GetReflection()->SetEnumValue(m, &field, 9999);
        });
        break;
      case pb::FieldDescriptor::TYPE_INT32:
        if (field.is_repeated()) break;
        emit(at + "=-1", [&](pb::Message& root) {
          target(root)->GetReflection()->SetInt32(target(root), &field, -1);
        });
        emit(at + "=INT32_MIN", [&](pb::Message& root) {
          target(root)->GetReflection()->SetInt32(target(root), &field, INT32_MIN);
        });
        break;
      case pb::FieldDescriptor::TYPE_MESSAGE:
        if (field.is_repeated() || depth >= 2 ||
            absl::StartsWith(field.message_type()->full_name(), "google.")) {
          break;
        }
        // Recurse on a copy that has the sub-message, so that paths exist.
        {
          pb::Message* sub = reflection.MutableMessage(&message, &field);
          AddHostileCases(base, *sub, at, depth + 1, label, ignored, out);
        }
        break;
      default:
        break;
    }
  }
}

// How a hostile case may end: INVALID_ARGUMENT with a google.rpc.BadRequest violation (for
// invalid UTF-8, naming the field: the request is refused while it is parsed, before any
// handler runs), RESOURCE_EXHAUSTED (a limit or a lockout), OUT_OF_RANGE (a foreign watch
// cursor), or, for a batch call, OK with every item refused.
void ExpectRefused(const HostileCase& c, const Outcome& outcome) {
  const grpc::StatusCode code = outcome.status.error_code();
  const std::string method = c.label.substr(0, c.label.find(' '));
  if (code == grpc::StatusCode::INVALID_ARGUMENT) {
    google::rpc::Status details;
    google::rpc::BadRequest bad_request;
    ASSERT_TRUE(details.ParseFromString(outcome.status.error_details()) &&
                details.details_size() > 0 && details.details(0).UnpackTo(&bad_request) &&
                bad_request.field_violations_size() > 0)
        << c.label << ": INVALID_ARGUMENT without a field violation";
    constexpr absl::string_view kInvalidUtf8 = "=invalid UTF-8";
    if (absl::EndsWith(c.label, kInvalidUtf8)) {
      const std::string field = c.label.substr(
          method.size() + 1, c.label.size() - method.size() - 1 - kInvalidUtf8.size());
      EXPECT_EQ(bad_request.field_violations(0).field(), field) << c.label;
    }
  } else if (code == grpc::StatusCode::OK) {
    if (method == "DocumentStatusService/SyncDocuments") {
      v1::SyncDocumentsResponse response;
      ASSERT_TRUE(response.ParseFromString(outcome.responses)) << c.label;
      for (const auto& result : response.results()) {
        EXPECT_NE(result.error().code(), 0) << c.label << " was synced";
      }
    } else {
      ADD_FAILURE() << c.label << " was accepted";
    }
  } else {
    EXPECT_TRUE(code == grpc::StatusCode::RESOURCE_EXHAUSTED ||
                code == grpc::StatusCode::OUT_OF_RANGE)
        << c.label << ": " << code << " " << outcome.status.error_message();
  }
}

TEST_F(HostileInputTest, FieldValuesAreRefusedAndWriteNothing) {
  const std::map<std::string, std::string> before = Snapshot();
  const std::set<std::string> output_only = OutputOnlyFields();
  ASSERT_GT(output_only.size(), 20u) << "the contract's Output only fields were not found";
  std::vector<HostileCase> cases;
  for (const Entry& entry : kEntries) {
    if (entry.scope == Scope::kPublic) continue;
    const std::string name = absl::StrCat("supplynet.v1.", entry.method);
    const pb::MethodDescriptor* method = pb::DescriptorPool::generated_pool()->FindMethodByName(
        absl::StrReplaceAll(name, {{"/", "."}}));
    ASSERT_NE(method, nullptr) << name;
    pb::DynamicMessageFactory factory;
    std::unique_ptr<pb::Message> base(factory.GetPrototype(method->input_type())->New());
    ASSERT_TRUE(base->ParseFromString(RequestBytes(entry, *method)));
    std::unique_ptr<pb::Message> walk(base->New());
    walk->CopyFrom(*base);
    AddHostileCases(*base, *walk, "", 0, entry.method, IgnoredFieldsOf(*base, output_only), cases);
    // An update mask naming a field the message does not have.
    if (const pb::FieldDescriptor* mask = method->input_type()->FindFieldByName("update_mask")) {
      std::unique_ptr<pb::Message> unknown_path(base->New());
      unknown_path->CopyFrom(*base);
      pb::Message* paths = unknown_path->GetReflection()->MutableMessage(unknown_path.get(), mask);
      paths->GetReflection()->AddString(paths, paths->GetDescriptor()->FindFieldByName("paths"),
                                        "no_such_field");
      cases.push_back({absl::StrCat(entry.method, " update_mask=no_such_field"),
                       unknown_path->SerializeAsString()});
    }
    // A message over the server's limit (--max_message_bytes, 4 MiB here): the request with
    // 5 MiB of unknown field appended.
    std::string oversized = base->SerializeAsString();
    pb::UnknownFieldSet padding;
    padding.AddLengthDelimited(9999, std::string(5 << 20, 'x'));
    std::string padded;
    padding.SerializeToString(&padded);
    cases.push_back({absl::StrCat(entry.method, " 5 MiB message"), oversized + padded});
    // Bytes that are no protobuf message: field 1 announces 5 bytes and 2 follow.
    cases.push_back(
        {absl::StrCat(entry.method, " garbled bytes"), std::string{'\x0a', '\x05', 'a', 'b'}});
  }
  std::map<grpc::StatusCode, int> codes;
  for (const HostileCase& c : cases) {
    const std::string method = c.label.substr(0, c.label.find(' '));
    const Outcome outcome = CallAny(channel_, absl::StrCat("/supplynet.v1.", method), c.request,
                                    client_.tenant.admin_token);
    ++codes[outcome.status.error_code()];
    ExpectRefused(c, outcome);
  }
  const std::map<std::string, std::string> after = Snapshot();
  for (const auto& [table, digest] : before) {
    EXPECT_EQ(after.at(table), digest) << "hostile input changed table " << table;
  }
  std::cout << "hostile corpus: " << cases.size() << " cases;";
  for (const auto& [code, n] : codes) std::cout << " code " << code << ": " << n;
  std::cout << "\n";
}

// The field named by the first violation of an INVALID_ARGUMENT outcome; "?" without one.
std::string ViolatedField(const Outcome& outcome) {
  google::rpc::Status details;
  google::rpc::BadRequest bad_request;
  if (!details.ParseFromString(outcome.status.error_details()) || details.details_size() == 0 ||
      !details.details(0).UnpackTo(&bad_request) || bad_request.field_violations_size() == 0) {
    return "?";
  }
  return bad_request.field_violations(0).field();
}

// gRPC ends a client stream at a message it cannot parse exactly as at the client's last one:
// without the server telling the two apart, an import or a sync would be taken as complete.
TEST_F(HostileInputTest, AnUnparseableMessageMidStreamFailsTheWholeCallAndWritesNothing) {
  const std::map<std::string, std::string> before = Snapshot();
  v1::ImportSuppliersRequest options;
  options.mutable_options()->set_default_country(v1::COUNTRY_CO);
  v1::ImportSuppliersRequest chunk;
  chunk.set_chunk(
      "Tax ID*,Name*,Email*,Notify*\n"
      "900111222,Uno,uno@example.com,NO\n"
      "900333444,Dos,dos@example.com,NO\n");
  const Outcome import =
      CallStream(channel_, "/supplynet.v1.SupplierNetworkService/ImportSuppliers",
                 {options.SerializeAsString(), chunk.SerializeAsString(),
                  std::string{'\x12', '\x09', 'c', 'u', 't'}},
                 client_.tenant.admin_token);
  EXPECT_EQ(import.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << import.status.error_message();
  EXPECT_EQ(ViolatedField(import), "");

  v1::SyncDocumentsRequest good;
  *good.mutable_document() = Invoice(kSupplierNit, kClientNit, "7001");
  v1::SyncDocumentsRequest bad = good;
  bad.mutable_document()->set_number(std::string{'7', '0', '\xff', '0', '2'});
  const Outcome sync =
      CallStream(channel_, "/supplynet.v1.DocumentStatusService/SyncDocuments",
                 {good.SerializeAsString(), bad.SerializeAsString(), good.SerializeAsString()},
                 client_.tenant.admin_token);
  EXPECT_EQ(sync.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << sync.status.error_message();
  EXPECT_EQ(ViolatedField(sync), "document.number");

  const std::map<std::string, std::string> after = Snapshot();
  for (const auto& [table, digest] : before) {
    EXPECT_EQ(after.at(table), digest) << "a cut-off stream changed table " << table;
  }
}

}  // namespace
}  // namespace supplynet::testing::contract
