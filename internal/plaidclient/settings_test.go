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
	"slices"
	"strings"
	"testing"
	"time"
)

func TestResolveSettingsRejectsEachBadSetting(t *testing.T) {
	valid := RawSettings{ClientID: testClientID, Secret: testSecret}
	tests := []struct {
		setting string
		change  func(*RawSettings)
		want    string
	}{
		{"client_id", func(r *RawSettings) { r.ClientID = "" }, "client ID is not set"},
		{"secret", func(r *RawSettings) { r.Secret = "" }, "secret is not set"},
		{"environment", func(r *RawSettings) { r.Environment = "prod" }, `unknown Plaid environment "prod"`},
		{"max_retries", func(r *RawSettings) { r.MaxRetries = ptr(-1) }, "between 0 and 20"},
		{"max_retries", func(r *RawSettings) { r.MaxRetries = ptr(21) }, "between 0 and 20"},
		{"request_timeout", func(r *RawSettings) { r.RequestTimeout = "0s" }, "at least 1s"},
		{"request_timeout", func(r *RawSettings) { r.RequestTimeout = "1ns" }, "at least 1s"},
		{"request_timeout", func(r *RawSettings) { r.RequestTimeout = "soon" }, "at least 1s"},
		{"max_connections", func(r *RawSettings) { r.MaxConnections = ptr(0) }, "between 1 and 256"},
		{"base_url", func(r *RawSettings) { r.BaseURL = "http://example.com" }, "plain http"},
		{"ca_file", func(r *RawSettings) { r.CAFile = "/nonexistent/ca.pem" }, "reading CA file"},
	}
	for _, tt := range tests {
		t.Run(tt.setting, func(t *testing.T) {
			raw := valid
			tt.change(&raw)
			_, err := ResolveSettings(raw)
			problems := SettingErrors(err)
			if len(problems) != 1 || problems[0].Setting != tt.setting || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("ResolveSettings error = %v (%d problems), want one for %s containing %q", err, len(problems), tt.setting, tt.want)
			}
			if missing := tt.setting == "client_id" || tt.setting == "secret"; len(problems) == 1 && problems[0].Missing != missing {
				t.Errorf("Missing = %v, want %v", problems[0].Missing, missing)
			}
		})
	}
}

func TestResolveSettingsReportsEveryProblemAtOnce(t *testing.T) {
	_, err := ResolveSettings(RawSettings{Environment: "prod", MaxRetries: ptr(-1)})
	var names []string
	for _, e := range SettingErrors(err) {
		names = append(names, e.Setting)
	}
	if want := []string{"client_id", "secret", "environment", "max_retries"}; !slices.Equal(names, want) {
		t.Errorf("settings reported = %v, want %v", names, want)
	}
}

func TestResolveSettingsAppliesDefaults(t *testing.T) {
	s, err := ResolveSettings(RawSettings{ClientID: testClientID, Secret: testSecret})
	if err != nil {
		t.Fatal(err)
	}
	want := Settings{ClientID: testClientID, Secret: testSecret, Environment: EnvironmentSandbox,
		URL: "https://sandbox.plaid.com", MaxRetries: DefaultMaxRetries, RequestTimeout: DefaultRequestTimeout,
		MaxConnections: DefaultMaxConnections, RetryBaseDelay: DefaultRetryBaseDelay, RetryMaxDelay: DefaultRetryMaxDelay}
	if s != want {
		t.Errorf("settings = %+v\nwant       %+v", s, want)
	}
	s, err = ResolveSettings(RawSettings{ClientID: testClientID, Secret: testSecret, MaxRetries: ptr(0), MaxConnections: ptr(3), RequestTimeout: "2m"})
	if err != nil || s.MaxRetries != 0 || s.MaxConnections != 3 || s.RequestTimeout != 2*time.Minute {
		t.Errorf("explicit values: %+v, %v", s, err)
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
		s, err := ResolveSettings(RawSettings{ClientID: testClientID, Secret: testSecret, Environment: tt.environment, BaseURL: tt.baseURL})
		if err != nil {
			t.Fatal(err)
		}
		if s.URL != tt.wantURL {
			t.Errorf("environment %q, base URL %q: URL %q, want %q", tt.environment, tt.baseURL, s.URL, tt.wantURL)
		}
		if got := New(s).Sandbox(); got != tt.wantSandbox {
			t.Errorf("environment %q: Sandbox() = %v, want %v", tt.environment, got, tt.wantSandbox)
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
		_, err := ResolveSettings(RawSettings{ClientID: testClientID, Secret: testSecret, BaseURL: tt.url})
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

	resolved, err := ResolveSettings(RawSettings{ClientID: testClientID, Secret: testSecret, BaseURL: server.URL, CAFile: caFile})
	if err != nil {
		t.Fatal(err)
	}
	cfg := testConfig(server.URL)
	cfg.RootCAs = resolved.RootCAs
	if _, err := createUser(context.Background(), mustNew(t, cfg)); err != nil {
		t.Fatalf("with the CA file: %v", err)
	}

	// Without it the certificate is untrusted, and that is not retried.
	cfg.RootCAs = nil
	_, err = createUser(context.Background(), mustNew(t, cfg))
	var noAnswer *NoAnswerError
	if !errors.As(err, &noAnswer) || noAnswer.Attempts != 1 || noAnswer.Exhausted {
		t.Errorf("without the CA file: %v (%+v), want one failed attempt", err, noAnswer)
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
		_, err := ResolveSettings(RawSettings{ClientID: testClientID, Secret: testSecret, CAFile: file})
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("CA file %s: error %v, want one containing %q", file, err, want)
		}
	}
}
