// The per-address login limit behind the gateway: the gateway forwards each web client's
// address (x-forwarded-for), and a server that trusts the gateway counts failures per client,
// not for everyone behind the gateway at once.
package main

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

func TestLoginLimitCountsEachForwardedClient(t *testing.T) {
	if *serverBinary == "" || *gatewayBinary == "" {
		t.Fatal("give -server and -gateway (or SUPPLYNET_SERVER_BINARY / SUPPLYNET_GATEWAY_BINARY)")
	}
	const perAddress = 3
	server := startProcess(t, "server", *serverBinary, "--listen=127.0.0.1:0", "--metrics_listen=",
		"--database_url="+freshDatabase(t), "--password_hash_cost=minimum",
		"--trusted_proxies=127.0.0.1", fmt.Sprintf("--login_address_max_failures=%d", perAddress))
	gateway := startProcess(t, "gateway", *gatewayBinary, "--listen=127.0.0.1:0",
		fmt.Sprintf("--backend=127.0.0.1:%d", server.port))
	base := fmt.Sprintf("http://127.0.0.1:%d", gateway.port)
	// A web client as the gateway sees it: the test runs on loopback, which the server trusts,
	// so the address in the header stands for the client's own.
	from := func(address string) *client {
		return &client{t: t, base: base, http: &http.Client{Timeout: 60 * time.Second},
			header: http.Header{"X-Forwarded-For": {address}}}
	}
	attacker, bystander := from("198.51.100.7"), from("198.51.100.8")
	attacker.want(attacker.call("POST", "/v1/companies:register", "",
		registerBody("COUNTRY_CO", "890321567-0", "Acme S.A.S.", "ana")), 200, "register")
	for i := 0; i < perAddress; i++ {
		attacker.want(attacker.call("POST", "/v1/sessions:login", "",
			map[string]string{"username": fmt.Sprintf("guess%d", i), "password": "wrong"}),
			401, "a wrong password")
	}
	attacker.want(attacker.call("POST", "/v1/sessions:login", "",
		map[string]string{"username": "ana", "password": "correct horse battery"}),
		429, "the right password from the locked-out address")
	bystander.login("ana")
}
