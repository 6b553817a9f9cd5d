#!/usr/bin/env bash
# Builds the REST/JSON gateway offline from Debian's Go packages (grpc-gateway v1.6.4, GOPATH
# mode, see ../shared/gateway-notes.md, recipe A):
#   gateway/build.sh [OUT]        OUT defaults to $BUILD_DIR/gateway (BUILD_DIR: build/)
# Generates Go code for proto/supplynet/v1 into OUT/gopath, the merged OpenAPI document
# OUT/openapi.json, and builds OUT/supplynet-gateway and its test binary
# OUT/supplynet-gateway.test. Needs: golang-go golang-grpc-gateway golang-goprotobuf-dev
# golang-github-grpc-ecosystem-grpc-gateway-dev golang-google-grpc-dev golang-google-genproto-dev
# (never protoc-gen-go 1.28 or golang-github-golang-protobuf-1-5-dev: they conflict with these).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR=${BUILD_DIR:-$ROOT/build}
OUT=${1:-$BUILD_DIR/gateway}
DEBIAN_GOPATH=/usr/share/gocode
GOOGLEAPIS=$DEBIAN_GOPATH/src/github.com/grpc-ecosystem/grpc-gateway/third_party/googleapis

for tool in go protoc protoc-gen-go protoc-gen-grpc-gateway protoc-gen-swagger; do
  command -v "$tool" >/dev/null || {
    echo "gateway/build.sh: $tool not found (scripts/install-deps installs it)" >&2
    exit 1
  }
done
[[ -f $GOOGLEAPIS/google/api/annotations.proto ]] || {
  echo "gateway/build.sh: $GOOGLEAPIS/google/api/annotations.proto missing" >&2
  exit 1
}

mkdir -p "$OUT"
OUT=$(cd "$OUT" && pwd)
GOPATH_GEN=$OUT/gopath
PKG_GEN=$GOPATH_GEN/src/supplynet/gen # go_package "supplynet/gen/supplynet/v1"
PKG_MAIN=$GOPATH_GEN/src/supplynet/gateway
STAGE=$OUT/stage
rm -rf "$PKG_GEN" "$PKG_MAIN" "$STAGE"
mkdir -p "$PKG_MAIN" "$STAGE"

PROTOS=("$ROOT"/proto/supplynet/v1/*.proto)
# protoc 3.21's well-known types name the new-generation Go packages; the 1.3-generation
# runtime needs the old ones (else the gateway panics at the first Timestamp). One M option
# per Google proto the contract imports.
MAP=Mgoogle/protobuf/timestamp.proto=github.com/golang/protobuf/ptypes/timestamp
MAP+=,Mgoogle/protobuf/field_mask.proto=google.golang.org/genproto/protobuf/field_mask
MAP+=,Mgoogle/protobuf/duration.proto=github.com/golang/protobuf/ptypes/duration
MAP+=,Mgoogle/protobuf/empty.proto=github.com/golang/protobuf/ptypes/empty
MAP+=,Mgoogle/protobuf/any.proto=github.com/golang/protobuf/ptypes/any
MAP+=,Mgoogle/protobuf/wrappers.proto=github.com/golang/protobuf/ptypes/wrappers
MAP+=,Mgoogle/protobuf/struct.proto=github.com/golang/protobuf/ptypes/struct
MAP+=,Mgoogle/rpc/status.proto=google.golang.org/genproto/googleapis/rpc/status
MAP+=,Mgoogle/rpc/error_details.proto=google.golang.org/genproto/googleapis/rpc/errdetails
MAP+=,Mgoogle/api/annotations.proto=google.golang.org/genproto/googleapis/api/annotations
MAP+=,Mgoogle/api/http.proto=google.golang.org/genproto/googleapis/api/annotations

# Fail loudly when the contract starts importing a Google proto that is not mapped above.
unmapped=$(grep -ho '^import "google/[^"]*"' "${PROTOS[@]}" | sed 's/^import "\(.*\)"/\1/' | sort -u |
  while read -r imp; do [[ ,$MAP, == *",M$imp="* ]] || echo "$imp"; done)
if [[ -n $unmapped ]]; then
  echo "gateway/build.sh: add an M mapping for: $unmapped" >&2
  exit 1
fi

PROTOC=(protoc -I "$ROOT/proto" -I "$GOOGLEAPIS")
"${PROTOC[@]}" --go_out=plugins=grpc,"$MAP":"$GOPATH_GEN/src" "${PROTOS[@]}"
# allow_patch_feature=false: v1.6.4 would derive PATCH masks from the body as Go field names
# ("Role"), not proto paths; the mask comes from the query (update_mask=role,email) instead.
"${PROTOC[@]}" --grpc-gateway_out=logtostderr=true,allow_patch_feature=false,"$MAP":"$GOPATH_GEN/src" \
  "${PROTOS[@]}"
# v1.6.4 answers a client stream with the error of Send (io.EOF, HTTP 500) when the server has
# already ended the call (UNAUTHENTICATED, INVALID_ARGUMENT on the first message, ...); later
# versions stop sending on io.EOF and return the server's status. Do the same.
GW_FILES=("$PKG_GEN"/supplynet/v1/*.pb.gw.go)
sed -i 's/^\(\t*\)if err = stream\.Send(&protoReq); err != nil {$/\1if err = stream.Send(\&protoReq); err == io.EOF {\n\1\tbreak\n\1} else if err != nil {/' \
  "${GW_FILES[@]}"
if grep -q 'stream\.Send(&protoReq); err != nil' "${GW_FILES[@]}"; then
  echo "gateway/build.sh: the client-stream EOF patch did not apply" >&2
  exit 1
fi
"${PROTOC[@]}" --swagger_out=logtostderr=true,allow_merge=true,merge_file_name=supplynet:"$STAGE" \
  "${PROTOS[@]}"

# The merged document takes its title from the first file; name the API instead.
python3 - "$STAGE/supplynet.swagger.json" "$OUT/openapi.json" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
doc["info"] = {"title": "supplynet API", "version": "v1",
               "description": "REST/JSON mapping of the supplynet.v1 gRPC services "
                              "(grpc-gateway). Field names are the proto names."}
doc["consumes"] = doc["produces"] = ["application/json"]
with open(sys.argv[2], "w") as f:
    json.dump(doc, f, indent=2, sort_keys=True)
    f.write("\n")
PY

cp "$ROOT"/gateway/*.go "$PKG_MAIN/"
cp "$OUT/openapi.json" "$PKG_MAIN/openapi.json"
rm -rf "$STAGE"

export GO111MODULE=off GOPROXY=off GOFLAGS= GOPATH="$GOPATH_GEN:$DEBIAN_GOPATH"
# Go's build cache: the user's (shared by build folders), else one inside OUT.
if [[ -z ${GOCACHE:-} && -z ${XDG_CACHE_HOME:-} && -z ${HOME:-} ]]; then
  export GOCACHE=$OUT/gocache
fi
go build -trimpath -o "$OUT/supplynet-gateway.new" supplynet/gateway
go vet supplynet/gateway
go test -c -trimpath -o "$OUT/supplynet-gateway.test.new" supplynet/gateway
# Replace atomically: a running gateway or test keeps its old binary.
mv -f "$OUT/supplynet-gateway.new" "$OUT/supplynet-gateway"
mv -f "$OUT/supplynet-gateway.test.new" "$OUT/supplynet-gateway.test"
echo "gateway/build.sh: built $OUT/supplynet-gateway" >&2
