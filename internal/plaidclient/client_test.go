package plaidclient

import (
	"context"
	"encoding/pem"
	"errors"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestNewRejectsBadConfig(t *testing.T) {
	valid := Config{ClientID: testClientID, Secret: testSecret}
	tests := []struct {
		setting string
		change  func(*Config)
		want    string
	}{
		{"client_id", func(c *Config) { c.ClientID = "" }, "client ID is empty"},
		{"secret", func(c *Config) { c.Secret = "" }, "secret is empty"},
		{"environment", func(c *Config) { c.Environment = "prod" }, `unknown Plaid environment "prod"`},
		{"max_retries", func(c *Config) { c.MaxRetries = -1 }, "max retries must be 0 or more"},
		{"request_timeout", func(c *Config) { c.RequestTimeout = -1 }, "request timeout must be positive"},
		{"max_connections", func(c *Config) { c.MaxConnections = -1 }, "max connections must be positive"},
		{"base_url", func(c *Config) { c.BaseURL = "http://example.com" }, "plain http"},
		{"ca_file", func(c *Config) { c.CAFile = "/nonexistent/ca.pem" }, "reading CA file"},
	}
	for _, tt := range tests {
		t.Run(tt.setting, func(t *testing.T) {
			cfg := valid
			tt.change(&cfg)
			_, err := New(cfg)
			var configErr *ConfigError
			if !errors.As(err, &configErr) || configErr.Setting != tt.setting || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New error = %#v, want a ConfigError for %s containing %q", err, tt.setting, tt.want)
			}
		})
	}
}

func TestEnvironmentChoosesServerAndSandboxFlag(t *testing.T) {
	tests := []struct {
		environment, baseURL string
		wantURL              string
		wantSandbox          bool
	}{
		{"", "", "https://sandbox.plaid.com", true},
		{"sandbox", "", "https://sandbox.plaid.com", true},
		{"production", "", "https://production.plaid.com", false},
		{"", "http://127.0.0.1:8080/", "http://127.0.0.1:8080", true},
		{"production", "https://proxy.example.com/plaid", "https://proxy.example.com/plaid", false},
	}
	for _, tt := range tests {
		c := mustNew(t, Config{ClientID: testClientID, Secret: testSecret, Environment: tt.environment, BaseURL: tt.baseURL})
		if got := c.API.GetConfig().Servers[0].URL; got != tt.wantURL {
			t.Errorf("environment %q, base URL %q: server %q, want %q", tt.environment, tt.baseURL, got, tt.wantURL)
		}
		if c.Sandbox != tt.wantSandbox {
			t.Errorf("environment %q: Sandbox = %v, want %v", tt.environment, c.Sandbox, tt.wantSandbox)
		}
	}
}

func TestBaseURLAllowsPlainHTTPOnlyForLoopback(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string // empty: accepted
	}{
		{"http://127.0.0.1:8080", ""},
		{"http://127.1.2.3", ""},
		{"http://localhost:8080", ""},
		{"http://LOCALHOST", ""},
		{"http://[::1]:8080", ""},
		{"https://sandbox.plaid.com", ""},
		{"https://10.0.0.5:8443/prefix/", ""},
		{"http://10.0.0.5:8080", "plain http to a host that is not loopback"},
		{"http://sandbox.plaid.com", "plain http to a host that is not loopback"},
		{"http://localhost.example.com", "plain http to a host that is not loopback"},
		{"http://[::2]", "plain http to a host that is not loopback"},
		{"ftp://127.0.0.1", "absolute http or https URL"},
		{"127.0.0.1:8080", "is not a valid URL"},
		{"sandbox.plaid.com", "absolute http or https URL"},
		{"https://user:pass@sandbox.plaid.com", "must not contain user info"},
		{"https://sandbox.plaid.com?x=1", "must not contain user info, a query"},
		{"http://[::1", "is not a valid URL"},
	}
	for _, tt := range tests {
		_, err := New(Config{ClientID: testClientID, Secret: testSecret, BaseURL: tt.url})
		switch {
		case tt.wantErr == "" && err != nil:
			t.Errorf("base URL %q rejected: %v", tt.url, err)
		case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
			t.Errorf("base URL %q: error %v, want one containing %q", tt.url, err, tt.wantErr)
		}
	}
}

func TestCredentialsTravelAsHeadersOnly(t *testing.T) {
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, createdUser)
	})
	cfg := testConfig(plaid.URL)
	cfg.UserAgent = "terraform-provider-plaid/test"
	if _, err := createUser(context.Background(), mustNew(t, cfg)); err != nil {
		t.Fatal(err)
	}
	got := plaid.attempts()[0]
	if got.Header.Get("PLAID-CLIENT-ID") != testClientID || got.Header.Get("PLAID-SECRET") != testSecret {
		t.Errorf("credential headers = %q / %q", got.Header.Get("PLAID-CLIENT-ID"), got.Header.Get("PLAID-SECRET"))
	}
	if got.Header.Get("User-Agent") != cfg.UserAgent {
		t.Errorf("User-Agent = %q, want %q", got.Header.Get("User-Agent"), cfg.UserAgent)
	}
	if got.Header.Get("Plaid-Version") != "2020-09-14" {
		t.Errorf("Plaid-Version = %q", got.Header.Get("Plaid-Version"))
	}
	if strings.Contains(got.Body, testSecret) || strings.Contains(got.Body, testClientID) {
		t.Errorf("credentials in the request body: %s", got.Body)
	}
	if got.Path != "/user/create" {
		t.Errorf("path = %q", got.Path)
	}
}

func TestCAFileTrustsTheEmulatorsCertificate(t *testing.T) {
	server := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, createdUser)
	}))
	server.Config.ErrorLog = log.New(io.Discard, "", 0) // the untrusted handshake below is expected
	server.StartTLS()
	defer server.Close()
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	certPEM := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: server.Certificate().Raw})
	if err := os.WriteFile(caFile, certPEM, 0o600); err != nil {
		t.Fatal(err)
	}

	cfg := testConfig(server.URL)
	cfg.CAFile = caFile
	if _, err := createUser(context.Background(), mustNew(t, cfg)); err != nil {
		t.Fatalf("with the CA file: %v", err)
	}

	// Without it the certificate is untrusted, and that is not retried.
	cfg.CAFile = ""
	_, err := createUser(context.Background(), mustNew(t, cfg))
	var transport *TransportError
	if !errors.As(err, &transport) || transport.Attempts != 1 || transport.Exhausted {
		t.Errorf("without the CA file: %v (%+v), want one failed attempt", err, transport)
	}
}

func TestCAFileErrorsAreClear(t *testing.T) {
	dir := t.TempDir()
	notPEM := filepath.Join(dir, "not.pem")
	if err := os.WriteFile(notPEM, []byte("not a certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	for file, want := range map[string]string{
		filepath.Join(dir, "missing.pem"): "reading CA file: open " + filepath.Join(dir, "missing.pem"),
		notPEM:                            `CA file "` + notPEM + `" contains no PEM-encoded certificate`,
	} {
		_, err := New(Config{ClientID: testClientID, Secret: testSecret, CAFile: file})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CA file %s: error %v, want one containing %q", file, err, want)
		}
	}
}
