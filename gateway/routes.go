package main

import (
	"net/http"
	"os"
	"strings"

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

// staticHandler serves the web front end: files, and a folder's index.html, but no folder
// listings and no dot files. Files are revalidated on every load so a rebuilt front end shows
// at once.
func staticHandler(root string) http.Handler {
	files := http.FileServer(staticFS{http.Dir(root)})
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		for _, part := range strings.Split(r.URL.Path, "/") {
			if strings.HasPrefix(part, ".") {
				writeStatus(w, http.StatusNotFound, codes.NotFound, "not found")
				return
			}
		}
		w.Header().Set("Cache-Control", "no-cache")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		files.ServeHTTP(w, r)
	})
}

// staticFS opens folders only when they hold an index.html, so nothing gets listed.
type staticFS struct{ fs http.FileSystem }

func (s staticFS) Open(name string) (http.File, error) {
	f, err := s.fs.Open(name)
	if err != nil {
		return nil, err
	}
	if st, err := f.Stat(); err == nil && st.IsDir() {
		index, err := s.fs.Open(strings.TrimSuffix(name, "/") + "/index.html")
		if err != nil {
			f.Close()
			return nil, os.ErrNotExist
		}
		index.Close()
	}
	return f, nil
}
