package main

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"os"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/backoff"
	"google.golang.org/grpc/credentials"
)

// backendTLS says how the gateway reaches the gRPC server: plaintext (a server on the same
// host or private network) unless enabled, else TLS trusting caFile (empty: the system's
// roots) and, for a server that requires mutual TLS, presenting certFile/keyFile.
type backendTLS struct {
	enabled  bool
	caFile   string
	certFile string
	keyFile  string
}

// transportOption reads the files now, so that a wrong path fails the start.
func (b backendTLS) transportOption() (grpc.DialOption, error) {
	if !b.enabled {
		if b.caFile != "" || b.certFile != "" || b.keyFile != "" {
			return nil, errors.New("--backend-ca, --backend-cert and --backend-key need --backend-tls")
		}
		return grpc.WithInsecure(), nil
	}
	config := &tls.Config{MinVersion: tls.VersionTLS12}
	if b.caFile != "" {
		pem, err := os.ReadFile(b.caFile)
		if err != nil {
			return nil, fmt.Errorf("--backend-ca: %w", err)
		}
		config.RootCAs = x509.NewCertPool()
		if !config.RootCAs.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("--backend-ca: no certificate in %s", b.caFile)
		}
	}
	if (b.certFile == "") != (b.keyFile == "") {
		return nil, errors.New("--backend-cert and --backend-key go together")
	}
	if b.certFile != "" {
		pair, err := tls.LoadX509KeyPair(b.certFile, b.keyFile)
		if err != nil {
			return nil, fmt.Errorf("--backend-cert/--backend-key: %w", err)
		}
		config.Certificates = []tls.Certificate{pair}
	}
	return grpc.WithTransportCredentials(credentials.NewTLS(config)), nil
}

// dialBackend opens the (lazy, self-healing) channel to the gRPC server. The gateway starts
// even when the server is not up yet: calls get UNAVAILABLE (503) and /healthz says 503 until
// it is. Reconnection backs off to at most 5 s, so a restarted server is picked up quickly.
func dialBackend(addr string, security backendTLS) (*grpc.ClientConn, error) {
	transport, err := security.transportOption()
	if err != nil {
		return nil, err
	}
	return grpc.Dial(addr,
		transport,
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
