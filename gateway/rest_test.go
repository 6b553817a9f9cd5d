package main

// REST calls through the real gateway binary to the real supplynet-server, against a fresh
// database in the throwaway cluster of SUPPLYNET_TEST_DATABASE_URL (scripts/test sets it).
// Built by build.sh into supplynet-gateway.test; ctest runs it as gateway_rest_test:
//   supplynet-gateway.test -server=PATH/supplynet-server -gateway=PATH/supplynet-gateway

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"io/ioutil"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

var (
	serverBinary  = flag.String("server", os.Getenv("SUPPLYNET_SERVER_BINARY"), "supplynet-server binary")
	gatewayBinary = flag.String("gateway", os.Getenv("SUPPLYNET_GATEWAY_BINARY"), "supplynet-gateway binary")
)

const testBodyLimit = 64 << 10

// process is a child that announced {"event":"serving","port":N} on stderr.
type process struct {
	cmd    *exec.Cmd
	port   int
	exited chan struct{}
}

var servingLine = regexp.MustCompile(`"event":"serving".*?"port":(\d+)|"port":(\d+).*?"event":"serving"`)

func startProcess(t *testing.T, name, binary string, args ...string) *process {
	t.Helper()
	cmd := exec.Command(binary, args...)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stdout = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	p := &process{cmd: cmd, exited: make(chan struct{})}
	ports := make(chan int, 1)
	go func() {
		// Copy the child's log to ours (shown by ctest on failure) and find its port.
		sc := bufio.NewScanner(stderr)
		sc.Buffer(make([]byte, 64<<10), 1<<20)
		for sc.Scan() {
			line := sc.Text()
			fmt.Fprintf(os.Stderr, "[%s] %s\n", name, line)
			if m := servingLine.FindStringSubmatch(line); m != nil {
				var port int
				fmt.Sscan(m[1]+m[2], &port)
				select {
				case ports <- port:
				default:
				}
			}
		}
		cmd.Wait()
		close(p.exited)
	}()
	select {
	case p.port = <-ports:
	case <-p.exited:
		t.Fatalf("%s exited before serving", name)
	case <-time.After(60 * time.Second):
		p.stop()
		t.Fatalf("%s did not report serving within 60s", name)
	}
	t.Cleanup(p.stop)
	return p
}

func (p *process) stop() {
	select {
	case <-p.exited:
		return
	default:
	}
	p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-p.exited:
	case <-time.After(20 * time.Second):
		p.cmd.Process.Kill()
		<-p.exited
	}
}

func psql(t *testing.T, dbURL, sql string) {
	t.Helper()
	bin, err := exec.LookPath("psql")
	if err != nil {
		bin = "/usr/lib/postgresql/15/bin/psql"
	}
	out, err := exec.Command(bin, dbURL, "-v", "ON_ERROR_STOP=1", "-qc", sql).CombinedOutput()
	if err != nil {
		t.Fatalf("psql %q: %v\n%s", sql, err, out)
	}
}

// freshDatabase creates an empty database in the test cluster and drops it afterwards.
func freshDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv("SUPPLYNET_TEST_DATABASE_URL")
	if base == "" {
		t.Fatal("SUPPLYNET_TEST_DATABASE_URL is not set (run through scripts/test)")
	}
	name := fmt.Sprintf("gateway_rest_%d_%d", os.Getpid(), time.Now().UnixNano())
	psql(t, base, "CREATE DATABASE "+name)
	t.Cleanup(func() { psql(t, base, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)") })
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}

// reply is a decoded HTTP response.
type reply struct {
	status int
	header http.Header
	body   []byte
	json   map[string]interface{}
}

type client struct {
	t      *testing.T
	base   string
	http   *http.Client
	header http.Header // Sent with every request besides the ones do sets.
}

func (c *client) do(method, path, token string, body io.Reader, contentLength int64) reply {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	if contentLength != 0 {
		req.ContentLength = contentLength // -1: unknown length, sent chunked
	}
	for name, values := range c.header {
		req.Header[name] = values
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	r := reply{status: resp.StatusCode, header: resp.Header}
	if r.body, err = ioutil.ReadAll(resp.Body); err != nil {
		c.t.Fatalf("%s %s: reading body: %v", method, path, err)
	}
	if strings.HasPrefix(resp.Header.Get("Content-Type"), "application/json") {
		if err := json.Unmarshal(r.body, &r.json); err != nil {
			c.t.Fatalf("%s %s: body is not a JSON object: %v\n%s", method, path, err, r.body)
		}
	}
	return r
}

func (c *client) call(method, path, token string, body interface{}) reply {
	c.t.Helper()
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatal(err)
		}
		rd = bytes.NewReader(b)
	}
	return c.do(method, path, token, rd, 0)
}

// want fails unless the reply has the HTTP status and (for errors) the gRPC code in its body.
func (c *client) want(r reply, status int, what string) reply {
	c.t.Helper()
	if r.status != status {
		c.t.Fatalf("%s: HTTP %d, want %d; body: %s", what, r.status, status, r.body)
	}
	return r
}

func wantCode(t *testing.T, r reply, code float64, what string) {
	t.Helper()
	if got, _ := r.json["code"].(float64); got != code {
		t.Fatalf("%s: body code %v, want %v; body: %s", what, r.json["code"], code, r.body)
	}
	if msg, _ := r.json["message"].(string); msg == "" {
		t.Fatalf("%s: error body without message: %s", what, r.body)
	}
}

// get walks a decoded JSON value: get(v, "user", "username").
func get(v interface{}, path ...interface{}) interface{} {
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, _ := v.(map[string]interface{})
			v = m[k]
		case int:
			a, _ := v.([]interface{})
			if k >= len(a) {
				return nil
			}
			v = a[k]
		}
	}
	return v
}

func str(v interface{}, path ...interface{}) string {
	s, _ := get(v, path...).(string)
	return s
}

func registerBody(country, taxID, name, admin string) map[string]interface{} {
	return map[string]interface{}{
		"company": map[string]interface{}{
			"tax_id":     map[string]interface{}{"country": country, "value": taxID},
			"legal_name": name,
		},
		"admin_username": admin,
		"admin_email":    admin + "@example.com",
		"admin_password": "correct horse battery",
	}
}

func (c *client) login(username string) string {
	c.t.Helper()
	r := c.want(c.call("POST", "/v1/sessions:login", "",
		map[string]string{"username": username, "password": "correct horse battery"}), 200, "login "+username)
	token := str(r.json, "access_token")
	if token == "" || str(r.json, "expire_time") == "" {
		c.t.Fatalf("login %s: no token or expiry: %s", username, r.body)
	}
	return token
}

func TestRESTThroughGateway(t *testing.T) {
	if *serverBinary == "" || *gatewayBinary == "" {
		t.Fatal("give -server and -gateway (or SUPPLYNET_SERVER_BINARY / SUPPLYNET_GATEWAY_BINARY)")
	}
	dbURL := freshDatabase(t)
	server := startProcess(t, "server", *serverBinary, "--listen=127.0.0.1:0", "--metrics_listen=",
		"--database_url="+dbURL, "--password_hash_cost=minimum")

	webRoot := t.TempDir()
	index := "<!doctype html><title>supplynet</title>\n"
	if err := ioutil.WriteFile(filepath.Join(webRoot, "index.html"), []byte(index), 0o644); err != nil {
		t.Fatal(err)
	}
	gateway := startProcess(t, "gateway", *gatewayBinary, "--listen=127.0.0.1:0",
		fmt.Sprintf("--backend=127.0.0.1:%d", server.port), "--web-root="+webRoot,
		fmt.Sprintf("--max-request-bytes=%d", testBodyLimit))
	c := &client{t: t, base: fmt.Sprintf("http://127.0.0.1:%d", gateway.port),
		http: &http.Client{Timeout: 60 * time.Second}}

	t.Run("healthz serving", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("GET", "/healthz", "", nil), 200, "healthz")
		if str(r.json, "status") != "SERVING" {
			t.Fatalf("healthz body: %s", r.body)
		}
	})

	t.Run("openapi document", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("GET", "/openapi.json", "", nil), 200, "openapi.json")
		if str(r.json, "swagger") != "2.0" {
			t.Fatalf("not an OpenAPI 2.0 document: %.200s", r.body)
		}
		for _, p := range []string{"/v1/companies:register", "/v1/sessions:login", "/v1/me",
			"/v1/users", "/v1/users/{user_id}", "/v1/suppliers", "/v1/invitations", "/v1/documents"} {
			if get(r.json, "paths", p) == nil {
				t.Errorf("openapi.json lacks path %s", p)
			}
		}
		if get(r.json, "definitions", "v1RegisterCompanyRequest", "properties", "admin_username") == nil {
			t.Errorf("openapi.json does not describe RegisterCompanyRequest with proto field names")
		}
	})

	t.Run("static files from the web root", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("GET", "/", "", nil), 200, "GET /")
		if string(r.body) != index {
			t.Fatalf("GET / served %q", r.body)
		}
		c.want(c.call("GET", "/missing.js", "", nil), 404, "GET /missing.js")
		if err := os.Mkdir(filepath.Join(webRoot, "assets"), 0o755); err != nil {
			t.Fatal(err)
		}
		c.want(c.call("GET", "/assets/", "", nil), 404, "folder listing")
		if err := ioutil.WriteFile(filepath.Join(webRoot, ".secret"), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		c.want(c.call("GET", "/.secret", "", nil), 404, "dot file")
	})

	var adminA map[string]interface{}
	t.Run("register company", func(t *testing.T) {
		c.t = t
		r := c.want(c.call("POST", "/v1/companies:register", "",
			registerBody("COUNTRY_CO", "890321567-0", "Acme S.A.S.", "ana")), 200, "register")
		// Proto field names, enum names, RFC 3339 timestamps.
		if str(r.json, "company", "tax_id", "value") != "890321567" ||
			str(r.json, "company", "tax_id", "type") != "TAX_ID_TYPE_CO_NIT" ||
			str(r.json, "company", "legal_name") != "Acme S.A.S." ||
			str(r.json, "admin", "role") != "ROLE_ADMIN" {
			t.Fatalf("register reply: %s", r.body)
		}
		if _, err := time.Parse(time.RFC3339Nano, str(r.json, "company", "create_time")); err != nil {
			t.Fatalf("create_time is not RFC 3339: %s", r.body)
		}
		adminA, _ = r.json["admin"].(map[string]interface{})
	})

	t.Run("validation error carries field violations", func(t *testing.T) {
		c.t = t
		body := registerBody("COUNTRY_CO", "890321567-9", "", "ab") // wrong check digit, no name
		body["admin_password"] = "short"
		r := c.want(c.call("POST", "/v1/companies:register", "", body), 400, "bad register")
		wantCode(t, r, 3, "bad register")
		if got := str(r.json, "details", 0, "@type"); got != "type.googleapis.com/google.rpc.BadRequest" {
			t.Fatalf("details[0] @type %q; body: %s", got, r.body)
		}
		fields := map[string]string{}
		violations, _ := get(r.json, "details", 0, "field_violations").([]interface{})
		for _, v := range violations {
			fields[str(v, "field")] = str(v, "description")
		}
		for _, f := range []string{"company.tax_id", "company.legal_name", "admin_username", "admin_password"} {
			if fields[f] == "" {
				t.Errorf("no field violation with a description for %s; body: %s", f, r.body)
			}
		}
		// Nothing was written: the rejected admin cannot log in.
		r = c.call("POST", "/v1/sessions:login", "", map[string]string{"username": "ab", "password": "short"})
		c.want(r, 401, "login of the rejected admin")
	})

	var tokenA string
	t.Run("login and the Authorization header", func(t *testing.T) {
		c.t = t
		tokenA = c.login("ana")
		r := c.want(c.call("GET", "/v1/me", tokenA, nil), 200, "GET /v1/me")
		if str(r.json, "user", "username") != "ana" || str(r.json, "company", "legal_name") != "Acme S.A.S." {
			t.Fatalf("GET /v1/me: %s", r.body)
		}
	})

	t.Run("unauthenticated is 401", func(t *testing.T) {
		c.t = t
		wantCode(t, c.want(c.call("GET", "/v1/me", "", nil), 401, "no token"), 16, "no token")
		wantCode(t, c.want(c.call("GET", "/v1/users", "garbage", nil), 401, "garbage token"), 16, "garbage token")
	})

	var member map[string]interface{}
	t.Run("create and list users", func(t *testing.T) {
		c.t = t
		// body "user": the User is the body; the password travels as a query parameter.
		r := c.want(c.call("POST", "/v1/users?password="+url.QueryEscape("correct horse battery"), tokenA,
			map[string]interface{}{"username": "bob", "email": "bob@example.com", "role": "ROLE_MEMBER"}),
			200, "create user")
		member, _ = r.json["user"].(map[string]interface{})
		if str(member, "username") != "bob" || str(member, "role") != "ROLE_MEMBER" || str(member, "user_id") == "" {
			t.Fatalf("create user: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/users?page_size=1", tokenA, nil), 200, "list users page 1")
		users, _ := r.json["users"].([]interface{})
		next := str(r.json, "next_page_token")
		if len(users) != 1 || str(users[0], "username") != "ana" || next == "" {
			t.Fatalf("list users page 1: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/users?page_size=1&page_token="+url.QueryEscape(next), tokenA, nil),
			200, "list users page 2")
		users, _ = r.json["users"].([]interface{})
		if len(users) != 1 || str(users[0], "username") != "bob" {
			t.Fatalf("list users page 2: %s", r.body)
		}
		r = c.want(c.call("GET", "/v1/users/"+str(member, "user_id"), tokenA, nil), 200, "get user")
		if str(r.json, "user", "email") != "bob@example.com" {
			t.Fatalf("get user: %s", r.body)
		}
	})

	t.Run("update user: mask in the query, stale etag is 409", func(t *testing.T) {
		c.t = t
		path := "/v1/users/" + str(member, "user_id")
		r := c.want(c.call("PATCH", path+"?update_mask=email", tokenA,
			map[string]interface{}{"email": "robert@example.com", "role": "ROLE_ADMIN", "etag": str(member, "etag")}),
			200, "update email")
		if str(r.json, "user", "email") != "robert@example.com" || str(r.json, "user", "role") != "ROLE_MEMBER" {
			t.Fatalf("update email (role is not in the mask): %s", r.body)
		}
		r = c.want(c.call("PATCH", path+"?update_mask=role", tokenA,
			map[string]interface{}{"role": "ROLE_ADMIN", "etag": str(member, "etag")}), 409, "stale etag")
		wantCode(t, r, 10, "stale etag")
	})

	t.Run("member creating a user is 403", func(t *testing.T) {
		c.t = t
		tokenB := c.login("bob")
		r := c.want(c.call("POST", "/v1/users?password="+url.QueryEscape("correct horse battery"), tokenB,
			map[string]interface{}{"username": "carl", "email": "carl@example.com"}), 403, "member creates user")
		wantCode(t, r, 7, "member creates user")
	})

	t.Run("another company's user is 404", func(t *testing.T) {
		c.t = t
		c.want(c.call("POST", "/v1/companies:register", "",
			registerBody("COUNTRY_PE", "20100047218", "Andes S.A.C.", "pedro")), 200, "register second company")
		tokenP := c.login("pedro")
		r := c.want(c.call("GET", "/v1/users/"+str(adminA, "user_id"), tokenP, nil), 404, "foreign user")
		wantCode(t, r, 5, "foreign user")
	})

	t.Run("unknown path and wrong method", func(t *testing.T) {
		c.t = t
		wantCode(t, c.want(c.call("GET", "/v1/nothing/here", tokenA, nil), 404, "unknown path"), 5, "unknown path")
		c.want(c.call("PUT", "/v1/me", tokenA, nil), 405, "PUT /v1/me")
	})

	t.Run("request too large is 413", func(t *testing.T) {
		c.t = t
		big := `{"username":"ana","password":"` + strings.Repeat("x", testBodyLimit) + `"}`
		r := c.want(c.do("POST", "/v1/sessions:login", "", strings.NewReader(big), int64(len(big))),
			413, "announced large body")
		wantCode(t, r, 8, "announced large body")
		// Without Content-Length (chunked): cut off while reading.
		r = c.want(c.do("POST", "/v1/sessions:login", "", io.MultiReader(strings.NewReader(big)), -1),
			413, "chunked large body")
		wantCode(t, r, 8, "chunked large body")
		// Just under the limit still reaches the server (which answers 401 for the wrong password).
		ok := `{"username":"ana","password":"` + strings.Repeat("x", testBodyLimit-100) + `"}`
		c.want(c.do("POST", "/v1/sessions:login", "", strings.NewReader(ok), int64(len(ok))), 401, "body under the limit")
	})

	t.Run("SupplierNetworkService", func(t *testing.T) {
		c.t = t
		testSupplierNetworkREST(t, c, tokenA, c.login("bob"), c.login("pedro"))
	})

	t.Run("ImportSuppliers", func(t *testing.T) {
		c.t = t
		testImportREST(t, c, tokenA, c.login("bob"))
	})

	t.Run("InvitationService", func(t *testing.T) {
		c.t = t
		testInvitationREST(t, c, tokenA, c.login("bob"), c.login("pedro"))
	})

	t.Run("DocumentStatusService", func(t *testing.T) {
		c.t = t
		c.want(c.call("POST", "/v1/companies:register", "",
			registerBody("COUNTRY_CO", "900123456-8", "Papelería Peña Ltda", "sofia")), 200, "register the supplier's company")
		testDocumentREST(t, c, tokenA, c.login("sofia"), c.login("pedro"))
	})

	t.Run("logout ends the session", func(t *testing.T) {
		c.t = t
		c.want(c.call("POST", "/v1/sessions:logout", tokenA, map[string]string{}), 200, "logout")
		c.want(c.call("GET", "/v1/me", tokenA, nil), 401, "me after logout")
	})

	t.Run("backend down: healthz 503, calls 503", func(t *testing.T) {
		c.t = t
		server.stop()
		r := c.want(c.call("GET", "/healthz", "", nil), 503, "healthz with the server stopped")
		if str(r.json, "status") == "SERVING" {
			t.Fatalf("healthz body: %s", r.body)
		}
		wantCode(t, c.want(c.call("POST", "/v1/sessions:login", "",
			map[string]string{"username": "ana", "password": "correct horse battery"}), 503, "login with the server stopped"),
			14, "login with the server stopped")
	})
}
