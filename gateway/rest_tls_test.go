package main

// The gateway reaching a supplynet-server that requires mutual TLS, with a throwaway PKI
// made by tests/support/make_test_certs.sh (found through SUPPLYNET_SOURCE_DIR).

import (
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func testCertificates(t *testing.T) string {
	t.Helper()
	source := os.Getenv("SUPPLYNET_SOURCE_DIR")
	if source == "" {
		t.Fatal("SUPPLYNET_SOURCE_DIR is not set (run through scripts/test)")
	}
	dir := t.TempDir()
	script := filepath.Join(source, "tests", "support", "make_test_certs.sh")
	if out, err := exec.Command(script, dir).CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", script, err, out)
	}
	return dir
}

func TestRESTThroughGatewayToAMutualTlsServer(t *testing.T) {
	if *serverBinary == "" || *gatewayBinary == "" {
		t.Fatal("give -server and -gateway (or SUPPLYNET_SERVER_BINARY / SUPPLYNET_GATEWAY_BINARY)")
	}
	certs := testCertificates(t)
	cert := func(name string) string { return filepath.Join(certs, name) }
	server := startProcess(t, "tls-server", *serverBinary, "--listen=127.0.0.1:0",
		"--metrics_listen=", "--database_url="+freshDatabase(t), "--password_hash_cost=minimum",
		"--tls_cert_file="+cert("server.pem"), "--tls_key_file="+cert("server.key"),
		"--tls_client_ca_file="+cert("ca.pem"))
	backend := fmt.Sprintf("--backend=127.0.0.1:%d", server.port)
	gatewayWith := func(name string, args ...string) *client {
		g := startProcess(t, name, *gatewayBinary,
			append([]string{"--listen=127.0.0.1:0", backend, "--web-root="}, args...)...)
		return &client{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", g.port),
			http: &http.Client{Timeout: 60 * time.Second}}
	}

	t.Run("with the gateway's client certificate calls go through", func(t *testing.T) {
		c := gatewayWith("tls-gateway", "--backend-tls", "--backend-ca="+cert("ca.pem"),
			"--backend-cert="+cert("client.pem"), "--backend-key="+cert("client.key"))
		c.t = t
		if r := c.want(c.call("GET", "/healthz", "", nil), 200, "healthz"); str(r.json, "status") != "SERVING" {
			t.Fatalf("healthz body: %s", r.body)
		}
		c.want(c.call("POST", "/v1/companies:register", "",
			registerBody("COUNTRY_CO", "890321567-0", "Tls S.A.S.", "tls-admin")), 200, "register")
		if c.login("tls-admin") == "" {
			t.Fatal("login through the TLS backend gave no token")
		}
	})

	t.Run("without a client certificate the server refuses the gateway", func(t *testing.T) {
		c := gatewayWith("tls-gateway-no-cert", "--backend-tls", "--backend-ca="+cert("ca.pem"))
		c.t = t
		c.want(c.call("GET", "/healthz", "", nil), 503, "healthz without a client certificate")
	})

	t.Run("plaintext to a TLS server is refused", func(t *testing.T) {
		c := gatewayWith("plain-gateway")
		c.t = t
		c.want(c.call("GET", "/healthz", "", nil), 503, "healthz over plaintext")
	})
}

func TestGatewayRefusesToStartWithIncompleteBackendTls(t *testing.T) {
	if *gatewayBinary == "" {
		t.Fatal("give -gateway (or SUPPLYNET_GATEWAY_BINARY)")
	}
	certs := testCertificates(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"--backend-ca=" + filepath.Join(certs, "ca.pem")}, "need --backend-tls"},
		{[]string{"--backend-tls", "--backend-cert=" + filepath.Join(certs, "client.pem")}, "go together"},
		{[]string{"--backend-tls", "--backend-ca=" + filepath.Join(certs, "missing.pem")}, "--backend-ca"},
	} {
		out, err := exec.Command(*gatewayBinary,
			append([]string{"--listen=127.0.0.1:0", "--web-root="}, tc.args...)...).CombinedOutput()
		if err == nil {
			t.Errorf("%v: the gateway started", tc.args)
			continue
		}
		if !strings.Contains(string(out), tc.want) {
			t.Errorf("%v: output %q does not say %q", tc.args, out, tc.want)
		}
	}
}
