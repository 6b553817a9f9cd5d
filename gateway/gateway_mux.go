package main

import (
	"context"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"

	supplynetv1 "supplynet/gen/supplynet/v1"
)

// jsonMarshaler is the one JSON form of the REST API: proto field names (tax_id, not taxId),
// every field present (zero values included), enums as their names, Timestamps as RFC 3339.
// Input accepts proto names and lowerCamelCase alike.
func jsonMarshaler() *runtime.JSONPb {
	return &runtime.JSONPb{OrigName: true, EmitDefaults: true}
}

// newGatewayMux routes every google.api.http-annotated RPC of every supplynet service to the
// backend channel. Services the server does not implement yet answer 501 (UNIMPLEMENTED).
func newGatewayMux(ctx context.Context, conn *grpc.ClientConn) (*runtime.ServeMux, error) {
	mux := runtime.NewServeMux(
		runtime.WithMarshalerOption(runtime.MIMEWildcard, jsonMarshaler()),
		runtime.WithIncomingHeaderMatcher(incomingHeaderMatcher),
		runtime.WithProtoErrorHandler(writeError),
	)
	for _, register := range []func(context.Context, *runtime.ServeMux, *grpc.ClientConn) error{
		supplynetv1.RegisterAccountServiceHandler,
		supplynetv1.RegisterSupplierNetworkServiceHandler,
		supplynetv1.RegisterInvitationServiceHandler,
		supplynetv1.RegisterDocumentStatusServiceHandler,
	} {
		if err := register(ctx, mux, conn); err != nil {
			return nil, err
		}
	}
	return mux, nil
}

// incomingHeaderMatcher keeps grpc-gateway's defaults (standard headers as
// "grpcgateway-<name>", Grpc-Metadata-<name> as <name>) except for Authorization, which
// v1.6.4 already forwards as plain "authorization" metadata: no second copy of the token.
func incomingHeaderMatcher(key string) (string, bool) {
	if key == "Authorization" {
		return "", false
	}
	return runtime.DefaultHeaderMatcher(key)
}
