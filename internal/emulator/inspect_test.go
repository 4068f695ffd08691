package emulator

import (
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// adminPaths are the admin API's routes, each with its method.
var adminPaths = map[string]string{
	"/__emulator/users": http.MethodGet,
	"/__emulator/stats": http.MethodGet,
	"/__emulator/reset": http.MethodPost,
}

// serveAdmin sends one admin request from remoteAddr straight to the handler.
func serveAdmin(e *Emulator, method, path, remoteAddr, authorization string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, path, nil)
	req.RemoteAddr = remoteAddr
	if authorization != "" {
		req.Header.Set("Authorization", authorization)
	}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	return w
}

// Without an admin token, the admin API lists users and empties the emulator for this machine
// only: a client on another address is refused, whatever the path.
func TestAdminAPIAnswersLoopbackClientsOnly(t *testing.T) {
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for path, method := range adminPaths {
		for _, addr := range []string{"127.0.0.1:5000", "[::1]:5000", "127.8.9.10:5000"} {
			if w := serveAdmin(e, method, path, addr, ""); w.Code != http.StatusOK {
				t.Errorf("%s %s from %s: %d %s", method, path, addr, w.Code, w.Body)
			}
		}
		for _, addr := range []string{"192.0.2.1:5000", "[2001:db8::1]:5000", "[::ffff:192.0.2.1]:5000", "10.0.0.1:5000", "garbage"} {
			w := serveAdmin(e, method, path, addr, "")
			if w.Code != http.StatusForbidden || !strings.Contains(w.Body.String(), "--admin-token") {
				t.Errorf("%s %s from %s: %d %s, want 403 naming --admin-token", method, path, addr, w.Code, w.Body)
			}
		}
	}
}

// With an admin token, every client, loopback ones too, must send it as a Bearer token.
func TestAdminTokenIsRequiredFromEveryClient(t *testing.T) {
	const token = "admin-token-for-tests"
	e, err := New(Options{AdminToken: token})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		authorization string
		status        int
	}{
		{"Bearer " + token, http.StatusOK},
		{"bearer " + token, http.StatusOK},
		{"", http.StatusUnauthorized},
		{"Bearer", http.StatusUnauthorized},
		{"Bearer ", http.StatusUnauthorized},
		{"Bearer " + token + "x", http.StatusUnauthorized},
		{"Bearer " + token[:len(token)-1], http.StatusUnauthorized},
		{"Basic " + token, http.StatusUnauthorized},
		{token, http.StatusUnauthorized},
	}
	for path, method := range adminPaths {
		for _, addr := range []string{"127.0.0.1:5000", "192.0.2.1:5000"} {
			for _, tt := range tests {
				w := serveAdmin(e, method, path, addr, tt.authorization)
				if w.Code != tt.status {
					t.Errorf("%s %s from %s with %q: %d, want %d", method, path, addr, tt.authorization, w.Code, tt.status)
				}
				if tt.status == http.StatusUnauthorized && !strings.HasPrefix(w.Header().Get("WWW-Authenticate"), "Bearer ") {
					t.Errorf("401 without a Bearer challenge: %v", w.Header())
				}
				if strings.Contains(w.Body.String(), token) {
					t.Errorf("an answer repeats the admin token: %s", w.Body)
				}
			}
		}
	}
}

// Plaid's legacy user_token page: "Ensure that you store the user_token along with your user's
// identifier in your database, as it is not possible to retrieve a previously created
// user_token." Neither the listing nor Users() holds one.
func TestListingHoldsNoUserToken(t *testing.T) {
	c := newTestClient(t, Options{Legacy: true})
	token := c.post("/user/create", `{"client_user_id":"qa-legacy"}`).expect(t, 200, "").str("user_token")
	req, err := http.NewRequest(http.MethodGet, c.url+"/__emulator/users", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(body), token) || strings.Contains(string(body), "user_token") {
		t.Errorf("the listing shows a user_token: %s", body)
	}
	if users := c.emu.Users(); len(users) != 1 || !users[0].Legacy {
		t.Errorf("Users() = %+v, want one legacy user", users)
	}
}

// The same over TCP: an emulator listening on every interface refuses the admin API to a client
// that reaches it through a network address of this machine.
func TestAdminAPIRefusesANetworkClient(t *testing.T) {
	ip := networkAddress(t)
	s := startServer(t, Options{}, ServerOptions{Listen: "0.0.0.0:0"})
	port := s.URL[strings.LastIndex(s.URL, ":")+1:]
	resp, err := http.Get("http://" + net.JoinHostPort(ip.String(), port) + "/__emulator/users")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("a client on %s got %d, want 403", ip, resp.StatusCode)
	}
	loopback := clientFor(t, "http://"+net.JoinHostPort("127.0.0.1", port), s.Emulator, http.DefaultTransport)
	loopback.get("/__emulator/users").expect(t, 200, "")
}

// networkAddress returns an IPv4 address of this machine that is not loopback, or skips the test.
func networkAddress(t *testing.T) net.IP {
	t.Helper()
	addrs, err := net.InterfaceAddrs()
	if err != nil {
		t.Skipf("listing the interfaces: %v", err)
	}
	for _, a := range addrs {
		if n, ok := a.(*net.IPNet); ok && n.IP.To4() != nil && !n.IP.IsLoopback() && !n.IP.IsLinkLocalUnicast() {
			return n.IP
		}
	}
	t.Skip("this machine has no network address besides loopback")
	return nil
}
