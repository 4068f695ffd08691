// Package plaidclient is the Plaid gateway: the only package that talks to Plaid, and the only one
// that imports plaid-go. It resolves the connection settings, keeps one pooled, retrying, logging
// HTTP client, and offers typed operations (create a user, list a user's Items, ...) that speak in
// this package's own plain Go types and return typed errors. It knows nothing of Terraform: the
// provider maps its models to these types and these errors to diagnostics.
package plaidclient

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
)

// Defaults applied to the settings left unset.
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

// Bounds of the numeric settings, checked by ResolveSettings; the provider's schema states them too.
const (
	MaxMaxRetries     = 20
	MaxMaxConnections = 256
)

// Environment names accepted in RawSettings.Environment.
const (
	EnvironmentSandbox    = "sandbox"
	EnvironmentProduction = "production"
)

// Environments lists the Plaid environments the gateway can target.
var Environments = []string{EnvironmentSandbox, EnvironmentProduction}

// environmentURLs are Plaid's API hosts (plaid-go's plaid.Sandbox and plaid.Production).
var environmentURLs = map[string]string{
	EnvironmentSandbox:    "https://sandbox.plaid.com",
	EnvironmentProduction: "https://production.plaid.com",
}

// RawSettings are the connection settings as the caller has them: the provider's attributes
// merged with the environment variables, not yet checked. An empty string or a nil pointer is
// unset.
type RawSettings struct {
	ClientID, Secret string
	Environment      string // "sandbox" (the default) or "production"
	BaseURL          string // overrides Environment's URL; http only for loopback hosts
	MaxRetries       *int   // retries after the first attempt
	RequestTimeout   string // per attempt, a Go duration such as "30s"
	MaxConnections   *int   // open connections at most
	CAFile           string // extra PEM roots added to the system pool
}

// Settings are resolved settings: checked, with every default applied. Build them with
// ResolveSettings; the fields below the line are for the caller to add.
type Settings struct {
	ClientID, Secret string
	Environment      string // EnvironmentSandbox or EnvironmentProduction
	URL              string // the API's base URL, without a trailing slash
	MaxRetries       int
	RequestTimeout   time.Duration
	MaxConnections   int
	RootCAs          *x509.CertPool // nil: the system roots

	UserAgent string       // empty keeps plaid-go's own
	Logger    *slog.Logger // one line per attempt; nil: silent
	// Lifetime, when set, bounds every request: once it is done, requests in flight are
	// canceled and no new one starts (the provider ends it when Terraform is gone).
	Lifetime context.Context
	// Backoff bounds; tests shorten them.
	RetryBaseDelay, RetryMaxDelay time.Duration
}

// SettingError is a problem with one setting. Setting is its name as the provider's attribute
// spells it (client_id, secret, environment, base_url, max_retries, request_timeout,
// max_connections, ca_file); Missing says it was required and unset.
type SettingError struct {
	Setting string
	Missing bool
	Err     error
}

func (e *SettingError) Error() string { return e.Setting + ": " + e.Err.Error() }
func (e *SettingError) Unwrap() error { return e.Err }

// SettingErrors returns every *SettingError in err, which ResolveSettings joins.
func SettingErrors(err error) []*SettingError {
	var out []*SettingError
	var joined interface{ Unwrap() []error }
	if errors.As(err, &joined) {
		for _, e := range joined.Unwrap() {
			out = append(out, SettingErrors(e)...)
		}
		return out
	}
	var one *SettingError
	if errors.As(err, &one) {
		out = append(out, one)
	}
	return out
}

// ResolveSettings checks every raw setting and applies the defaults. It reports all problems at
// once, as *SettingError values joined with errors.Join.
func ResolveSettings(raw RawSettings) (Settings, error) {
	s := Settings{
		ClientID:       raw.ClientID,
		Secret:         raw.Secret,
		Environment:    raw.Environment,
		MaxRetries:     DefaultMaxRetries,
		RequestTimeout: DefaultRequestTimeout,
		MaxConnections: DefaultMaxConnections,
		RetryBaseDelay: DefaultRetryBaseDelay,
		RetryMaxDelay:  DefaultRetryMaxDelay,
	}
	var problems []error
	invalid := func(setting string, err error) {
		problems = append(problems, &SettingError{Setting: setting, Err: err})
	}
	if s.ClientID == "" {
		problems = append(problems, &SettingError{Setting: "client_id", Missing: true, Err: errors.New("the Plaid client ID is not set")})
	}
	if s.Secret == "" {
		problems = append(problems, &SettingError{Setting: "secret", Missing: true, Err: errors.New("the Plaid secret is not set")})
	}
	if s.Environment == "" {
		s.Environment = EnvironmentSandbox
	}
	if !slices.Contains(Environments, s.Environment) {
		invalid("environment", fmt.Errorf("unknown Plaid environment %q: it must be one of %s",
			s.Environment, strings.Join(Environments, ", ")))
	}
	s.URL = environmentURLs[s.Environment]
	if raw.BaseURL != "" {
		u, err := checkBaseURL(raw.BaseURL)
		if err != nil {
			invalid("base_url", err)
		}
		s.URL = u
	}
	if raw.MaxRetries != nil {
		if s.MaxRetries = *raw.MaxRetries; s.MaxRetries < 0 || s.MaxRetries > MaxMaxRetries {
			invalid("max_retries", fmt.Errorf("max retries must be between 0 and %d, got %d", MaxMaxRetries, s.MaxRetries))
		}
	}
	if raw.MaxConnections != nil {
		if s.MaxConnections = *raw.MaxConnections; s.MaxConnections < 1 || s.MaxConnections > MaxMaxConnections {
			invalid("max_connections", fmt.Errorf("max connections must be between 1 and %d, got %d", MaxMaxConnections, s.MaxConnections))
		}
	}
	if raw.RequestTimeout != "" {
		d, err := ParseRequestTimeout(raw.RequestTimeout)
		if err != nil {
			invalid("request_timeout", err)
		}
		s.RequestTimeout = d
	}
	if raw.CAFile != "" {
		pool, err := certPool(raw.CAFile)
		if err != nil {
			invalid("ca_file", err)
		}
		s.RootCAs = pool
	}
	return s, errors.Join(problems...)
}

// MinRequestTimeout is the shortest per-attempt time limit: below it no Plaid call can succeed,
// and every attempt would time out.
const MinRequestTimeout = time.Second

// ParseRequestTimeout reads a per-attempt time limit: a Go duration of at least
// MinRequestTimeout, such as "30s".
func ParseRequestTimeout(raw string) (time.Duration, error) {
	d, err := time.ParseDuration(raw)
	if err != nil || d < MinRequestTimeout {
		return 0, fmt.Errorf("the request timeout must be a duration of at least %s, such as 30s or 2m", MinRequestTimeout)
	}
	return d, nil
}

// checkBaseURL checks a base URL override. Plain http is allowed only for loopback hosts (an
// emulator or a local proxy), so credentials never cross a network in clear text.
func checkBaseURL(raw string) (string, error) {
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
	// Operations append paths such as "/user/create" to the base URL.
	return strings.TrimRight(raw, "/"), nil
}

// isLoopback reports whether host names this machine: localhost, 127.0.0.0/8 or ::1.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// certPool returns the system roots plus the PEM certificates in caFile.
func certPool(caFile string) (*x509.CertPool, error) {
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
	return pool, nil
}
