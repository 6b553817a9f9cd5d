// Conversions of ImportSuppliers: the request stream as the use case's chunk source, the options
// message, and the report (also the replay codec of retried imports).
#pragma once

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "app/supplier_import_service.h"
#include "supplynet/v1/supplier_network.grpc.pb.h"

namespace supplynet::server {

inline constexpr size_t kMaxImportChunkBytes = 1 << 20;

// Reads an ImportSuppliers stream: ReadOptions for the first message, then the chunks through
// ImportChunkSource. A client that cancels mid-file ends the import with CANCELLED (so that a
// cut-off file is never taken for a complete one).
class ImportRequestStream : public ImportChunkSource {
 public:
  ImportRequestStream(grpc::ServerContext* context,
                      grpc::ServerReader<v1::ImportSuppliersRequest>* reader)
      : context_(context), reader_(reader) {}

  // The first message's options; INVALID_ARGUMENT when it carries none or they are malformed.
  absl::StatusOr<ImportOptions> ReadOptions();
  absl::StatusOr<bool> Next(std::string* chunk) override;
  // Reads and drops what is left of the stream (a replayed import does not read the file).
  void Discard();

 private:
  absl::StatusOr<bool> Read();

  grpc::ServerContext* context_;
  grpc::ServerReader<v1::ImportSuppliersRequest>* reader_;
  v1::ImportSuppliersRequest message_;
};

void ToProto(const ImportReport& report, v1::ImportSuppliersResponse* out);
ImportReport ImportReportFromProto(const v1::ImportSuppliersResponse& in);

// Stores an import report as its v1::ImportSuppliersResponse bytes.
std::unique_ptr<const ResultCodec<ImportReport>> ImportReportReplayCodec();

}  // namespace supplynet::server
