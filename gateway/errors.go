package main

import (
	"context"
	"io"
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/grpclog"
	"google.golang.org/grpc/status"

	// Registers google.rpc.BadRequest & co. so that jsonpb can write them out of Any details.
	_ "google.golang.org/genproto/googleapis/rpc/errdetails"
)

// writeError answers every failed call, and the gateway's own routing errors, with the
// google.rpc.Status as JSON: {"code": <gRPC code>, "message": ..., "details": [{"@type":
// "type.googleapis.com/google.rpc.BadRequest", "field_violations": [...]}, ...]}, under the
// HTTP status grpc-gateway maps the code to (INVALID_ARGUMENT 400, UNAUTHENTICATED 401,
// PERMISSION_DENIED 403, NOT_FOUND 404, ABORTED/ALREADY_EXISTS 409, FAILED_PRECONDITION 412,
// RESOURCE_EXHAUSTED 429, UNIMPLEMENTED 501, UNAVAILABLE 503, ...). A body over the size limit
// gets 413, an unknown /v1 path 404 and a wrong method 405.
func writeError(ctx context.Context, mux *runtime.ServeMux, marshaler runtime.Marshaler, w http.ResponseWriter, r *http.Request, err error) {
	httpStatus := 0
	if r != nil && bodyTooLarge(r) {
		err = status.Errorf(codes.ResourceExhausted, "request body larger than %d bytes", bodyLimit(r))
		httpStatus = http.StatusRequestEntityTooLarge
	}
	s, ok := status.FromError(err)
	if !ok {
		s = status.New(codes.Unknown, err.Error())
	}
	if _, fromBackend := runtime.ServerMetadataFromContext(ctx); !fromBackend && s.Code() == codes.Unimplemented {
		// v1.6.4's mux reports its own routing failures as UNIMPLEMENTED (501); only the
		// backend's UNIMPLEMENTED (a service not served yet) should look like that.
		if s.Message() == http.StatusText(http.StatusMethodNotAllowed) {
			s, httpStatus = status.New(codes.Unimplemented, "method not allowed"), http.StatusMethodNotAllowed
		} else {
			s, httpStatus = status.New(codes.NotFound, "no such REST path"), http.StatusNotFound
		}
	}
	if httpStatus == 0 {
		httpStatus = runtime.HTTPStatusFromCode(s.Code())
	}

	w.Header().Del("Trailer")
	w.Header().Set("Content-Type", "application/json")
	buf, merr := marshaler.Marshal(s.Proto())
	if merr != nil {
		grpclog.Infof("failed to marshal error %v: %v", s.Proto(), merr)
		w.WriteHeader(http.StatusInternalServerError)
		io.WriteString(w, `{"code": 13, "message": "failed to marshal error message"}`)
		return
	}
	w.WriteHeader(httpStatus)
	w.Write(buf)
}

// writeStatus answers a request the gateway rejects itself, in the same JSON form.
func writeStatus(w http.ResponseWriter, httpStatus int, code codes.Code, message string) {
	buf, err := jsonMarshaler().Marshal(status.New(code, message).Proto())
	if err != nil {
		buf = []byte(`{"code": 13, "message": "failed to marshal error message"}`)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(httpStatus)
	w.Write(buf)
}
