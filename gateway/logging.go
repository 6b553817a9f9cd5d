package main

import (
	"encoding/json"
	"net/http"
	"os"
	"sync"
	"time"
)

var logMu sync.Mutex

// logEvent writes one JSON line to stderr: {"event": name, ...fields}.
func logEvent(name string, fields map[string]interface{}) {
	line := map[string]interface{}{"event": name}
	for k, v := range fields {
		line[k] = v
	}
	b, err := json.Marshal(line)
	if err != nil {
		return
	}
	logMu.Lock()
	defer logMu.Unlock()
	os.Stderr.Write(append(b, '\n'))
}

type statusRecorder struct {
	http.ResponseWriter
	status int
}

func (r *statusRecorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *statusRecorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	return r.ResponseWriter.Write(b)
}

// Flush keeps server-streaming responses flowing through the recorder.
func (r *statusRecorder) Flush() {
	if f, ok := r.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// accessLog writes one line per request: method, path (never the query: it may hold
// secrets), status and latency.
func accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &statusRecorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		status := rec.status
		if status == 0 {
			status = http.StatusOK
		}
		logEvent("http", map[string]interface{}{
			"method": r.Method, "path": r.URL.Path, "status": status,
			"latency_ms": float64(time.Since(start).Microseconds()) / 1000,
		})
	})
}
