package emulator

import (
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// startServer starts a server closed at the end of the test.
func startServer(t *testing.T, opts Options, so ServerOptions) *Server {
	t.Helper()
	s, err := Start(opts, so)
	if err != nil {
		t.Fatalf("Start: %v", err)
	}
	t.Cleanup(func() {
		if err := s.Close(); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	return s
}

func TestStartServesHTTP(t *testing.T) {
	s := startServer(t, Options{}, ServerOptions{})
	if !regexp.MustCompile(`^http://127\.0\.0\.1:[1-9][0-9]*$`).MatchString(s.URL) || s.CAPEM != nil {
		t.Fatalf("URL %q, CAPEM %q", s.URL, s.CAPEM)
	}
	// One connection per request without keep-alive, one for all with it.
	noKeepAlive := clientFor(t, s.URL, s.Emulator, &http.Transport{DisableKeepAlives: true})
	for i := range 3 {
		noKeepAlive.post("/user/create", map[string]any{"client_user_id": "qa-" + string(rune('a'+i))}).expect(t, 201, "")
	}
	if got := s.Stats().Connections; got != 3 {
		t.Errorf("%d connections counted for 3 requests without keep-alive, want 3", got)
	}
	keepAlive := clientFor(t, s.URL, s.Emulator, &http.Transport{})
	for range 3 {
		keepAlive.post("/user/create", map[string]any{"client_user_id": "qa-a"}).expect(t, 200, "")
	}
	if got := s.Stats().Connections; got != 4 {
		t.Errorf("%d connections counted, want 4 (3 + 1 kept alive)", got)
	}
}

// The URL is the address really listened on, wildcards included: an address a client can dial
// and that names what is exposed. An IPv4 wildcard stays IPv4.
func TestStartURLIsTheAddressListenedOn(t *testing.T) {
	tests := []struct{ listen, url string }{
		{"127.0.0.1:0", `^http://127\.0\.0\.1:[1-9][0-9]*$`},
		{"localhost:0", `^http://127\.0\.0\.1:[1-9][0-9]*$`},
		{"0.0.0.0:0", `^http://0\.0\.0\.0:[1-9][0-9]*$`},
		{"[::]:0", `^http://\[::\]:[1-9][0-9]*$`},
	}
	for _, tt := range tests {
		t.Run(tt.listen, func(t *testing.T) {
			s, err := Start(Options{}, ServerOptions{Listen: tt.listen})
			if err != nil {
				t.Skipf("cannot listen on %s here: %v", tt.listen, err)
			}
			t.Cleanup(func() { _ = s.Close() })
			if !regexp.MustCompile(tt.url).MatchString(s.URL) || s.URL != "http://"+s.Addr.String() {
				t.Fatalf("URL %q, Addr %v, want %s", s.URL, s.Addr, tt.url)
			}
			clientFor(t, s.URL, s.Emulator, &http.Transport{}).post("/user/create", `{"client_user_id":"qa-url"}`).expect(t, 201, "")
		})
	}
}

// With TLS on every interface, the certificate names the wildcard of the URL and this machine's
// network addresses, so that clients here and on the network can verify it.
func TestTLSOnEveryInterfaceIsTrustedAtEachAddress(t *testing.T) {
	ip := networkAddress(t)
	s := startServer(t, Options{}, ServerOptions{Listen: "0.0.0.0:0", TLS: true})
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(s.CAPEM)
	trusting := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}
	port := strconv.Itoa(s.Addr.Port)
	for _, host := range []string{"0.0.0.0", "127.0.0.1", "localhost", ip.String()} {
		c := clientFor(t, "https://"+net.JoinHostPort(host, port), s.Emulator, trusting)
		c.post("/user/create", `{"client_user_id":"qa-tls"}`)
	}
	if got := len(s.Users()); got != 1 {
		t.Errorf("%d users, want 1 created then found again from every address", got)
	}
}

func TestStartServesTLS(t *testing.T) {
	s := startServer(t, Options{DropRate: 0}, ServerOptions{TLS: true})
	if !strings.HasPrefix(s.URL, "https://127.0.0.1:") {
		t.Fatalf("URL %q", s.URL)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(s.CAPEM) {
		t.Fatalf("CAPEM holds no certificate: %q", s.CAPEM)
	}
	block, _ := pem.Decode(s.CAPEM)
	cert, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	for _, host := range []string{"127.0.0.1", "localhost", "::1"} {
		if err := cert.VerifyHostname(host); err != nil {
			t.Errorf("certificate does not name %s: %v", host, err)
		}
	}
	if _, ok := cert.PublicKey.(*ecdsa.PublicKey); !ok {
		t.Errorf("certificate key %T, want ECDSA", cert.PublicKey)
	}
	trusting := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, ForceAttemptHTTP2: true}
	c := clientFor(t, s.URL, s.Emulator, trusting)
	c.post("/user/create", `{"client_user_id":"qa-tls"}`).expect(t, 201, "")

	// The certificate names localhost too.
	u, err := url.Parse(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	byName := clientFor(t, "https://localhost:"+u.Port(), s.Emulator, trusting)
	byName.post("/user/create", `{"client_user_id":"qa-tls"}`).expect(t, 200, "")

	resp, err := (&http.Client{Transport: trusting}).Get(s.URL + "/__emulator/stats")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.Proto != "HTTP/1.1" {
		t.Errorf("protocol %s, want HTTP/1.1 (dropping a request hijacks the connection)", resp.Proto)
	}

	expectRefusal[x509.UnknownAuthorityError](t, http.DefaultClient, s.URL, "a client not trusting CAPEM")
}

// expectRefusal fails the test unless client refuses the emulator at url with an E (a TLS
// verification error).
func expectRefusal[E error](t *testing.T, client *http.Client, url, who string) {
	t.Helper()
	resp, err := client.Get(url + "/__emulator/stats")
	if err == nil {
		resp.Body.Close()
	}
	var want E
	if !errors.As(err, &want) {
		t.Errorf("%s got %v, want a %T", who, err, want)
	}
}

func TestDropOverTLS(t *testing.T) {
	s := startServer(t, Options{DropRate: 1}, ServerOptions{TLS: true})
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(s.CAPEM)
	client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}}}
	req, err := http.NewRequest(http.MethodPost, s.URL+"/user/create", strings.NewReader(`{"client_user_id":"qa-drop"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = http.Header{"PLAID-CLIENT-ID": {"a"}, "PLAID-SECRET": {"b"}, "Content-Type": {"application/json"}}
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("dropped request answered %d", resp.StatusCode)
	}
	if users := s.Users(); len(users) != 1 {
		t.Errorf("the dropped request did not do its work: %v", users)
	}
}

// TLSHosts join the certificate's names, so that a client dialing the emulator by another name
// (a container's service name, an address behind NAT) verifies it; a name not asked for still
// fails. Every name is dialed at the emulator's loopback address, as a container network would.
func TestTLSHostsAreTrusted(t *testing.T) {
	s := startServer(t, Options{}, ServerOptions{TLS: true, TLSHosts: []string{"plaid-emulator", "svc_plaid.ci.internal", "192.0.2.7"}})
	roots := x509.NewCertPool()
	roots.AppendCertsFromPEM(s.CAPEM)
	toEmulator := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, s.Addr.String())
	}
	trusting := &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, DialContext: toEmulator}
	port := strconv.Itoa(s.Addr.Port)
	for _, host := range []string{"plaid-emulator", "svc_plaid.ci.internal", "192.0.2.7", "localhost", "127.0.0.1"} {
		c := clientFor(t, "https://"+net.JoinHostPort(host, port), s.Emulator, trusting)
		c.post("/user/create", `{"client_user_id":"qa-tls-host"}`)
	}
	if got := len(s.Users()); got != 1 {
		t.Errorf("%d users, want 1 created then found again by every name", got)
	}

	expectRefusal[x509.HostnameError](t, &http.Client{Transport: trusting}, "https://"+net.JoinHostPort("not-asked-for", port), "a name not in TLSHosts")
}

// A name the certificate cannot carry, or a name without TLS, stops Start before it listens.
func TestStartRefusesBadTLSHosts(t *testing.T) {
	for _, good := range []string{"plaid", "plaid-emulator.ci.internal", "svc_1", "P1", "10.0.0.1", "::1", strings.Repeat("a", 63)} {
		if err := CheckTLSHost(good); err != nil {
			t.Errorf("CheckTLSHost(%q): %v", good, err)
		}
	}
	bad := []string{"", "two words", "-plaid", "plaid-", "a..b", "plaid.", ".plaid", "*.example.com", "plaid:8443",
		"1.2.3.256", "10.0.0", "https://plaid", strings.Repeat("a", 64), strings.Repeat("a.", 126) + "ab", "pläid"}
	for _, name := range bad {
		err := CheckTLSHost(name)
		if err == nil || !strings.Contains(err.Error(), "neither an IP address nor a DNS name") {
			t.Errorf("CheckTLSHost(%q) = %v, want a refusal", name, err)
		}
		if s, err := Start(Options{}, ServerOptions{TLS: true, TLSHosts: []string{"plaid", name}}); err == nil {
			_ = s.Close()
			t.Errorf("Start took TLS host %q", name)
		}
	}
	if s, err := Start(Options{}, ServerOptions{TLSHosts: []string{"plaid"}}); err == nil || !strings.Contains(err.Error(), "need TLS") {
		if s != nil {
			_ = s.Close()
		}
		t.Errorf("TLS hosts without TLS: %v, want a refusal", err)
	}
}

func TestStartErrors(t *testing.T) {
	if _, err := Start(Options{}, ServerOptions{Listen: "256.0.0.1:0"}); err == nil {
		t.Error("Start listened on an impossible address")
	}
	if _, err := Start(Options{DataFile: t.TempDir() + "/missing/dir/state.json"}, ServerOptions{}); err == nil {
		t.Error("Start accepted a state file it cannot write")
	}
}

func TestCloseStopsServing(t *testing.T) {
	s, err := Start(Options{}, ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if resp, err := http.Get(s.URL + "/__emulator/stats"); err == nil {
		resp.Body.Close()
		t.Error("closed server still answers")
	}
}

// A client's pool may dial a connection it never uses; Close must not wait on it the way
// http.Server.Shutdown does (five seconds, then a deadline error).
func TestCloseEndsUnusedConnections(t *testing.T) {
	s, err := Start(Options{}, ServerOptions{})
	if err != nil {
		t.Fatal(err)
	}
	conn, err := net.Dial("tcp", strings.TrimPrefix(s.URL, "http://"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The server sees the connection a moment after the dial returns.
	for deadline := time.Now().Add(5 * time.Second); s.Stats().Connections == 0; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatal("the server never accepted the connection")
		}
	}
	if err := s.Close(); err != nil {
		t.Fatalf("Close with an unused connection open: %v", err)
	}
	if _, err := conn.Read(make([]byte, 1)); err == nil {
		t.Error("the unused connection is still open after Close")
	}
}

func TestInspection(t *testing.T) {
	c := newTestClient(t, Options{Legacy: true})
	legacy := c.post("/user/create", `{"client_user_id":"qa-legacy"}`).expect(t, 200, "")
	upgraded := c.post("/user/create", `{"client_user_id":"qa-new","with_upgraded_user":true}`).expect(t, 201, "")
	itemID, _ := c.linkItem("user_id", upgraded.str("user_id"))
	c.post("/user/get", `{"user_id":"nope"}`).expect(t, 400, codeInvalidUserID)

	users := c.get("/__emulator/users").expect(t, 200, "").body
	want := map[string]any{"users": []any{
		map[string]any{"user_id": legacy.str("user_id"), "client_user_id": "qa-legacy", "legacy": true, "item_ids": []any{}, "products_terminated": nil},
		map[string]any{"user_id": upgraded.str("user_id"), "client_user_id": "qa-new", "legacy": false, "item_ids": []any{itemID}, "products_terminated": nil},
	}}
	if !reflect.DeepEqual(users, want) {
		t.Errorf("users\n got %v\nwant %v", users, want)
	}

	stats := c.get("/__emulator/stats").expect(t, 200, "").body
	wantRequests := map[string]any{
		"/user/create":                 map[string]any{"200": 1.0, "201": 1.0},
		"/sandbox/public_token/create": map[string]any{"200": 1.0},
		"/item/public_token/exchange":  map[string]any{"200": 1.0},
		"/user/get":                    map[string]any{"400": 1.0},
	}
	if !reflect.DeepEqual(stats["requests"], wantRequests) {
		t.Errorf("stats requests\n got %v\nwant %v", stats["requests"], wantRequests)
	}
	if _, ok := stats["connections"].(float64); !ok {
		t.Errorf("stats without connections: %v", stats)
	}

	tests := []struct {
		method, path string
		status       int
	}{
		{http.MethodPost, "/__emulator/users", http.StatusMethodNotAllowed},
		{http.MethodGet, "/__emulator/reset", http.StatusMethodNotAllowed},
		{http.MethodGet, "/__emulator/nothing", http.StatusNotFound},
	}
	for _, tt := range tests {
		req, err := http.NewRequest(tt.method, c.url+tt.path, nil)
		if err != nil {
			t.Fatal(err)
		}
		if r := c.do(req); r.status != tt.status {
			t.Errorf("%s %s: %d, want %d", tt.method, tt.path, r.status, tt.status)
		}
	}

	req, err := http.NewRequest(http.MethodPost, c.url+"/__emulator/reset", nil)
	if err != nil {
		t.Fatal(err)
	}
	c.do(req).expect(t, 200, "")
	if got := c.emu.Users(); len(got) != 0 {
		t.Errorf("users after reset: %v", got)
	}
	if got := c.emu.Stats(); len(got.Requests) != 0 || got.Connections != 0 {
		t.Errorf("stats after reset: %+v", got)
	}
	c.post("/user/create", `{"client_user_id":"qa-legacy"}`).expect(t, 200, "") // the name is free again
}

// A Start that fails after opening the data file (here the address cannot be listened on)
// releases the file and its lock, so that the same process can start again on it.
func TestFailedStartReleasesTheDataFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.db")
	if _, err := Start(Options{DataFile: file}, ServerOptions{Listen: "127.0.0.1:not-a-port"}); err == nil {
		t.Fatal("Start on an address that cannot be listened on succeeded")
	}
	s, err := Start(Options{DataFile: file}, ServerOptions{})
	if err != nil {
		t.Fatalf("starting again on the same data file: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}
