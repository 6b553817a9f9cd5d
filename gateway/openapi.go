package main

import (
	_ "embed"
	"net/http"
)

// openapi.json is generated from proto/supplynet/v1 by build.sh (protoc-gen-swagger, merged
// into one OpenAPI 2.0 document) and copied next to this file before the build.
//
//go:embed openapi.json
var openapiDocument []byte

func openapiHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.Write(openapiDocument)
	})
}
