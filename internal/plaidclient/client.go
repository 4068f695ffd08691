// Package plaidclient is the thin layer between the provider and Plaid: it
// configures plaid-go with one pooled, retrying, logging HTTP client, and turns
// Plaid errors into Terraform diagnostics.
package plaidclient

import (
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/plaid/plaid-go/v43/plaid"
)

// Defaults the provider applies when its configuration leaves a setting unset.
const (
	DefaultMaxRetries     = 4
	DefaultRequestTimeout = 30 * time.Second
	// DefaultMaxConnections is Terraform's default -parallelism: one connection per operation
	// Terraform runs at a time.
	DefaultMaxConnections = 10

	// Full-jitter exponential backoff: the n-th retry waits a random time in
	// [0, min(RetryMaxDelay, RetryBaseDelay*2^n)). With the default 4 retries
	// the ceilings are 0.5s, 1s, 2s, 4s: about a second between attempts on
	// average once Plaid starts pushing back (its guidance for rate limits),
	// a multi-second outage is ridden out, and a fault in a test costs a
	// quarter of a second on average. A Retry-After header always wins.
	DefaultRetryBaseDelay = 500 * time.Millisecond
	DefaultRetryMaxDelay  = 10 * time.Second
)

// Environment names accepted in Config.Environment.
const (
	EnvironmentSandbox    = "sandbox"
	EnvironmentProduction = "production"
)

// Config is everything New needs to talk to Plaid.
type Config struct {
	ClientID, Secret string
	Environment      string        // "sandbox" (default when empty) or "production"
	BaseURL          string        // overrides Environment's URL; http only for loopback hosts
	MaxRetries       int           // retries after the first attempt; 0 disables retries
	RequestTimeout   time.Duration // per attempt; 0 means DefaultRequestTimeout
	MaxConnections   int           // open connections to Plaid at most; 0 means DefaultMaxConnections
	CAFile           string        // extra PEM roots added to the system pool
	UserAgent        string        // empty keeps plaid-go's own

	// Backoff bounds; 0 means the defaults above. Tests shorten them.
	RetryBaseDelay, RetryMaxDelay time.Duration
}

// Client is shared by every resource and data source of one configured provider.
type Client struct {
	API     *plaid.APIClient // e.g. c.API.PlaidApi.UserCreate(ctx).UserCreateRequest(r).Execute()
	Sandbox bool             // false when targeting production
}

// New validates cfg and builds a Client. Its errors are *ConfigError and
// name the problem plainly.
func New(cfg Config) (*Client, error) {
	return newClient(cfg, backoff)
}

// ConfigError is a problem with one Config setting. Setting is the name of
// the provider attribute that carries it (client_id, secret, environment,
// base_url, max_retries, request_timeout, max_connections, ca_file), so that a diagnostic can
// point at it.
type ConfigError struct {
	Setting string
	Err     error
}

func (e *ConfigError) Error() string { return e.Err.Error() }
func (e *ConfigError) Unwrap() error { return e.Err }

func newClient(cfg Config, wait backoffFunc) (*Client, error) {
	invalid := func(setting string, err error) (*Client, error) {
		return nil, &ConfigError{Setting: setting, Err: err}
	}
	if cfg.ClientID == "" {
		return invalid("client_id", errors.New("the Plaid client ID is empty"))
	}
	if cfg.Secret == "" {
		return invalid("secret", errors.New("the Plaid secret is empty"))
	}
	if cfg.MaxRetries < 0 {
		return invalid("max_retries", fmt.Errorf("max retries must be 0 or more, got %d", cfg.MaxRetries))
	}
	if cfg.RequestTimeout < 0 {
		return invalid("request_timeout", fmt.Errorf("request timeout must be positive, got %s", cfg.RequestTimeout))
	}
	if cfg.MaxConnections < 0 {
		return invalid("max_connections", fmt.Errorf("max connections must be positive, got %d", cfg.MaxConnections))
	}
	sandbox, env, err := environment(cfg.Environment)
	if err != nil {
		return invalid("environment", err)
	}
	if cfg.BaseURL != "" {
		if env, err = baseURL(cfg.BaseURL); err != nil {
			return invalid("base_url", err)
		}
	}
	tlsConfig, err := tlsConfigWithCA(cfg.CAFile)
	if err != nil {
		return invalid("ca_file", err)
	}

	pc := plaid.NewConfiguration() // defaults to Production: always choose explicitly
	pc.UseEnvironment(env)
	pc.HTTPClient = newHTTPClient(withDefaults(cfg), tlsConfig, wait)
	// Credentials travel as headers, so request bodies never need them.
	pc.AddDefaultHeader("PLAID-CLIENT-ID", cfg.ClientID)
	pc.AddDefaultHeader("PLAID-SECRET", cfg.Secret)
	if cfg.UserAgent != "" {
		pc.UserAgent = cfg.UserAgent
	}
	return &Client{API: plaid.NewAPIClient(pc), Sandbox: sandbox}, nil
}

func withDefaults(cfg Config) Config {
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxConnections == 0 {
		cfg.MaxConnections = DefaultMaxConnections
	}
	if cfg.RetryBaseDelay <= 0 {
		cfg.RetryBaseDelay = DefaultRetryBaseDelay
	}
	if cfg.RetryMaxDelay <= 0 {
		cfg.RetryMaxDelay = DefaultRetryMaxDelay
	}
	return cfg
}

func environment(name string) (sandbox bool, env plaid.Environment, err error) {
	switch name {
	case "", EnvironmentSandbox:
		return true, plaid.Sandbox, nil
	case EnvironmentProduction:
		return false, plaid.Production, nil
	}
	return false, "", fmt.Errorf("unknown Plaid environment %q: use %q or %q", name, EnvironmentSandbox, EnvironmentProduction)
}

// baseURL checks a base URL override. Plain http is allowed only for loopback
// hosts (an emulator or a local proxy), so credentials never cross a network
// in clear text.
func baseURL(raw string) (plaid.Environment, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("base URL %q is not a valid URL: %w", raw, err)
	}
	if u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return "", fmt.Errorf("base URL %q must be an absolute http or https URL, such as https://sandbox.plaid.com", raw)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("base URL %q must not contain user info, a query or a fragment", raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", fmt.Errorf("base URL %q uses plain http to a host that is not loopback: "+
			"use https, or http only with 127.0.0.0/8, ::1 or localhost, so the Plaid secret is never sent in clear text", raw)
	}
	// plaid-go appends paths such as "/user/create" to the base URL.
	return plaid.Environment(strings.TrimRight(raw, "/")), nil
}

func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// tlsConfigWithCA returns the TLS settings for Plaid, trusting the PEM
// certificates in caFile in addition to the system roots.
func tlsConfigWithCA(caFile string) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if caFile == "" {
		return cfg, nil
	}
	pem, err := os.ReadFile(caFile)
	if err != nil {
		return nil, fmt.Errorf("reading CA file: %w", err)
	}
	pool, err := x509.SystemCertPool()
	if err != nil {
		pool = x509.NewCertPool() // no system roots here: trust the file alone
	}
	if !pool.AppendCertsFromPEM(pem) {
		return nil, fmt.Errorf("CA file %q contains no PEM-encoded certificate", caFile)
	}
	cfg.RootCAs = pool
	return cfg, nil
}
