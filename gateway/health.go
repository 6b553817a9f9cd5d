package main

import (
	"context"
	"encoding/json"
	"net/http"
	"time"

	"google.golang.org/grpc"
	healthpb "google.golang.org/grpc/health/grpc_health_v1"
	"google.golang.org/grpc/status"
)

// healthHandler reports the backend's standard gRPC health (service ""): 200 with
// {"status":"SERVING"} when it is serving, 503 otherwise (NOT_SERVING while its database is
// down, UNKNOWN with the error when the server cannot be reached).
func healthHandler(conn *grpc.ClientConn) http.Handler {
	client := healthpb.NewHealthClient(conn)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		ctx, cancel := context.WithTimeout(r.Context(), 3*time.Second)
		defer cancel()
		body := map[string]string{}
		code := http.StatusServiceUnavailable
		resp, err := client.Check(ctx, &healthpb.HealthCheckRequest{Service: ""})
		switch {
		case err != nil:
			body["status"] = healthpb.HealthCheckResponse_UNKNOWN.String()
			body["error"] = status.Convert(err).Message()
		default:
			body["status"] = resp.GetStatus().String()
			if resp.GetStatus() == healthpb.HealthCheckResponse_SERVING {
				code = http.StatusOK
			}
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Cache-Control", "no-store")
		w.WriteHeader(code)
		json.NewEncoder(w).Encode(body)
	})
}
