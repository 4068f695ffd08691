package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
)

// recordingProxy is an HTTP proxy that forwards nothing: it notes each request (for HTTPS, the
// CONNECT naming the host) and refuses it. Pointed at by HTTPS_PROXY and HTTP_PROXY, it shows
// where the provider would have sent its requests, on a machine without network access.
type recordingProxy struct {
	URL string

	mu       sync.Mutex
	requests []string
}

func startRecordingProxy(t *testing.T) *recordingProxy {
	p := &recordingProxy{}
	server := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p.mu.Lock()
		p.requests = append(p.requests, r.Method+" "+r.Host)
		p.mu.Unlock()
		http.Error(w, "the test proxy forwards nothing", http.StatusForbidden)
	}))
	t.Cleanup(server.Close)
	p.URL = server.URL
	return p
}

// take returns the requests noted since the last call.
func (p *recordingProxy) take() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	requests := p.requests
	p.requests = nil
	return requests
}

// TestAccE2E_sandboxUnlessProductionIsExplicit shows where the provider sends its requests when
// no base_url is set: to the Sandbox by default, to Production only when environment says so, and
// never anywhere with a plain-http base_url to a remote host, which is refused before any request.
func TestAccE2E_sandboxUnlessProductionIsExplicit(t *testing.T) {
	proxy := startRecordingProxy(t)
	w := newWorkspace(t, "HTTPS_PROXY="+proxy.URL, "HTTP_PROXY="+proxy.URL)

	cases := []struct {
		name, setting string
		want          []string // requests reaching the proxy
		output        []string // phrases of the failed apply's output
	}{
		{"no environment: Sandbox", "", []string{"CONNECT sandbox.plaid.com:443"},
			[]string{`No answer from Plaid while creating plaid_user "qa-e2e-environment"`, `https://sandbox.plaid.com/user/create`}},
		{"environment sandbox", `environment = "sandbox"`, []string{"CONNECT sandbox.plaid.com:443"},
			[]string{`https://sandbox.plaid.com/user/create`}},
		{"environment production", `environment = "production"`, []string{"CONNECT production.plaid.com:443"},
			[]string{`https://production.plaid.com/user/create`, `Warning: Plaid environment: production`,
				`targets Plaid's production environment (set by the provider block's environment attribute)`}},
		{"plain http to a remote host", `base_url = "http://plaid.example.com"`, nil,
			[]string{`Invalid Plaid provider configuration`, `base_url = "http://plaid.example.com"`, `uses plain http to a host that is not loopback`}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w.t = t // report under the subtest
			w.writeConfig(fmt.Sprintf(`provider "plaid" {
  client_id   = "e2e-client"
  secret      = "e2e-secret"
  max_retries = 0
  %s
}

resource "plaid_user" "test" {
  client_user_id = "qa-e2e-environment"
}
`, tc.setting))
			out := w.expectExit(1, "apply", "-auto-approve")
			if got := proxy.take(); !slices.Equal(got, tc.want) {
				t.Errorf("requests through the proxy: %q, want %q", got, tc.want)
			}
			// Terraform wraps diagnostics: compare with every run of white space made one space.
			flat := strings.Join(strings.Fields(out), " ")
			for _, phrase := range tc.output {
				if !strings.Contains(flat, phrase) {
					t.Errorf("the output does not say %q:\n%s", phrase, out)
				}
			}
		})
	}
}
