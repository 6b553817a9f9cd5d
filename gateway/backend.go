package main

import (
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
)

// dialBackend opens the (lazy, self-healing) channel to the gRPC server. The gateway starts
// even when the server is not up yet: calls get UNAVAILABLE (503) and /healthz says 503 until
// it is. Reconnection backs off to at most 5 s, so a restarted server is picked up quickly.
func dialBackend(addr string) (*grpc.ClientConn, error) {
	return grpc.Dial(addr,
		grpc.WithInsecure(), // plain HTTP/2 to a server on the same host or private network
		grpc.WithConnectParams(grpc.ConnectParams{
			Backoff: backoff.Config{
				BaseDelay:  200 * time.Millisecond,
				Multiplier: 1.6,
				Jitter:     0.2,
				MaxDelay:   5 * time.Second,
			},
			MinConnectTimeout: 5 * time.Second,
		}),
		grpc.WithDefaultCallOptions(grpc.MaxCallRecvMsgSize(64<<20)),
	)
}
