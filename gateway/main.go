// Command supplynet-gateway serves the supplynet gRPC API as REST/JSON (grpc-gateway v1.6.4),
// with the OpenAPI document at /openapi.json, the backend's health at /healthz and, when
// --web-root is given, the web front end's static files at /.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"
)

type config struct {
	listen          string
	backend         string
	backendTLS      backendTLS
	webRoot         string
	maxRequestBytes int64
	shutdownGrace   time.Duration
}

func parseFlags(args []string) (config, error) {
	var c config
	fs := flag.NewFlagSet("supplynet-gateway", flag.ContinueOnError)
	fs.StringVar(&c.listen, "listen", "127.0.0.1:8080", "HTTP address to serve on (port 0: any free port)")
	fs.StringVar(&c.backend, "backend", "127.0.0.1:50051", "address of the supplynet gRPC server")
	fs.BoolVar(&c.backendTLS.enabled, "backend-tls", false, "reach the gRPC server over TLS")
	fs.StringVar(&c.backendTLS.caFile, "backend-ca", "", "PEM roots trusted for the server's certificate (default: the system's)")
	fs.StringVar(&c.backendTLS.certFile, "backend-cert", "", "PEM certificate the gateway presents to a server that requires mutual TLS")
	fs.StringVar(&c.backendTLS.keyFile, "backend-key", "", "PEM private key of --backend-cert")
	fs.StringVar(&c.webRoot, "web-root", "", "folder of static files served at / (empty: none)")
	fs.Int64Var(&c.maxRequestBytes, "max-request-bytes", 8<<20, "largest request body; larger ones get 413")
	fs.DurationVar(&c.shutdownGrace, "shutdown-grace", 10*time.Second, "how long in-flight requests may run after SIGTERM")
	if err := fs.Parse(args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %v", fs.Args())
	}
	if c.maxRequestBytes <= 0 {
		return c, errors.New("--max-request-bytes must be positive")
	}
	if c.webRoot != "" {
		if st, err := os.Stat(c.webRoot); err != nil || !st.IsDir() {
			return c, fmt.Errorf("--web-root %q is not a folder", c.webRoot)
		}
	}
	return c, nil
}

func main() {
	c, err := parseFlags(os.Args[1:])
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "supplynet-gateway:", err)
		os.Exit(2)
	}
	if err := run(c); err != nil {
		logEvent("error", map[string]interface{}{"message": err.Error()})
		os.Exit(1)
	}
}

func run(c config) error {
	conn, err := dialBackend(c.backend, c.backendTLS)
	if err != nil {
		return err
	}
	defer conn.Close()

	gw, err := newGatewayMux(context.Background(), conn)
	if err != nil {
		return err
	}
	handler := newRootHandler(gw, conn, c)

	lis, err := net.Listen("tcp", c.listen)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Handler:           accessLog(handler),
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       2 * time.Minute,
		// No WriteTimeout: server-streaming responses (reports, event watches) run long.
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGINT, syscall.SIGTERM)
	served := make(chan error, 1)
	go func() { served <- srv.Serve(lis) }()
	logEvent("serving", map[string]interface{}{
		"port": lis.Addr().(*net.TCPAddr).Port, "backend": c.backend, "web_root": c.webRoot,
	})

	select {
	case err := <-served:
		return err
	case sig := <-stop:
		logEvent("stopping", map[string]interface{}{"signal": sig.String()})
		ctx, cancel := context.WithTimeout(context.Background(), c.shutdownGrace)
		defer cancel()
		if err := srv.Shutdown(ctx); err != nil {
			srv.Close()
		}
		return nil
	}
}
