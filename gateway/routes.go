package main

import (
	"net/http"

	"github.com/grpc-ecosystem/grpc-gateway/runtime"
	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
)

// newRootHandler puts the pieces on one HTTP server:
//
//	/v1/...        the REST API (grpc-gateway), bodies limited to --max-request-bytes
//	/healthz       the backend's gRPC health
//	/openapi.json  the OpenAPI document of the API
//	/              static files from --web-root (404 without it)
func newRootHandler(gw *runtime.ServeMux, conn *grpc.ClientConn, c config) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/v1/", limitRequestBody(c.maxRequestBytes, gw))
	mux.Handle("/healthz", healthHandler(conn))
	mux.Handle("/openapi.json", openapiHandler())
	if c.webRoot != "" {
		mux.Handle("/", staticHandler(c.webRoot))
	} else {
		mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
			writeStatus(w, http.StatusNotFound, codes.NotFound, "not found (no --web-root)")
		})
	}
	return mux
}

// staticHandler serves the web front end. Files are revalidated on every load so a rebuilt
// front end shows at once.
func staticHandler(root string) http.Handler {
	files := http.FileServer(http.Dir(root))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}
