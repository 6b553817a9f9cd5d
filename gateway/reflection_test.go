package main

// A client that knows nothing but the server's address discovers the whole v1 contract
// through gRPC server reflection (built into supplynet-gateway.test with the REST test).

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/golang/protobuf/proto"
	descpb "github.com/golang/protobuf/protoc-gen-go/descriptor"
	"google.golang.org/grpc"
	rpb "google.golang.org/grpc/reflection/grpc_reflection_v1alpha"
)

// reflect sends one reflection request and returns its answer.
func reflect(t *testing.T, stream rpb.ServerReflection_ServerReflectionInfoClient,
	req *rpb.ServerReflectionRequest) *rpb.ServerReflectionResponse {
	t.Helper()
	if err := stream.Send(req); err != nil {
		t.Fatalf("reflection send: %v", err)
	}
	resp, err := stream.Recv()
	if err != nil {
		t.Fatalf("reflection recv: %v", err)
	}
	if e := resp.GetErrorResponse(); e != nil {
		t.Fatalf("reflection error %d: %s", e.ErrorCode, e.ErrorMessage)
	}
	return resp
}

func TestReflectionListsTheWholeContract(t *testing.T) {
	if *serverBinary == "" {
		t.Fatal("give -server (or SUPPLYNET_SERVER_BINARY)")
	}
	server := startProcess(t, "server", *serverBinary, "--listen=127.0.0.1:0", "--metrics_listen=",
		"--database_url="+freshDatabase(t), "--password_hash_cost=minimum")

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	conn, err := grpc.DialContext(ctx, fmt.Sprintf("127.0.0.1:%d", server.port),
		grpc.WithInsecure(), grpc.WithBlock())
	if err != nil {
		t.Fatalf("dial: %v", err)
	}
	defer conn.Close()
	stream, err := rpb.NewServerReflectionClient(conn).ServerReflectionInfo(ctx)
	if err != nil {
		t.Fatalf("reflection stream: %v", err)
	}

	list := reflect(t, stream, &rpb.ServerReflectionRequest{
		MessageRequest: &rpb.ServerReflectionRequest_ListServices{ListServices: "*"}})
	var names []string
	for _, s := range list.GetListServicesResponse().GetService() {
		names = append(names, s.Name)
	}
	sort.Strings(names)
	have := map[string]bool{}
	for _, n := range names {
		have[n] = true
	}
	for _, want := range []string{"supplynet.v1.AccountService", "supplynet.v1.SupplierNetworkService",
		"supplynet.v1.InvitationService", "supplynet.v1.DocumentStatusService", "grpc.health.v1.Health"} {
		if !have[want] {
			t.Errorf("reflection lists %v, not %s", names, want)
		}
	}

	// The descriptors come with the list: a client can build every call from them alone.
	for _, service := range []string{"supplynet.v1.AccountService", "supplynet.v1.InvitationService"} {
		resp := reflect(t, stream, &rpb.ServerReflectionRequest{
			MessageRequest: &rpb.ServerReflectionRequest_FileContainingSymbol{FileContainingSymbol: service}})
		methods := 0
		for _, raw := range resp.GetFileDescriptorResponse().GetFileDescriptorProto() {
			var file descpb.FileDescriptorProto
			if err := proto.Unmarshal(raw, &file); err != nil {
				t.Fatalf("descriptor of %s: %v", service, err)
			}
			for _, s := range file.GetService() {
				if file.GetPackage()+"."+s.GetName() == service {
					methods = len(s.GetMethod())
				}
			}
		}
		if methods == 0 {
			t.Errorf("reflection gave no methods for %s", service)
		}
	}
}
