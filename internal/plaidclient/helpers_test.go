package plaidclient

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

const (
	testClientID = "client-id-0123456789"
	testSecret   = "secret-SHOULD-NEVER-BE-SEEN"
)

// recordedRequest is what the fake Plaid saw of one attempt.
type recordedRequest struct {
	Path   string
	Header http.Header
	Body   string
}

// fakePlaid serves attempt n (counted from 1) with answer(n, w, r) and
// records every attempt.
type fakePlaid struct {
	*httptest.Server
	mu       sync.Mutex
	requests []recordedRequest
}

func newFakePlaid(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *fakePlaid {
	t.Helper()
	f := &fakePlaid{}
	f.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.requests = append(f.requests, recordedRequest{Path: r.URL.Path, Header: r.Header.Clone(), Body: string(body)})
		n := len(f.requests)
		f.mu.Unlock()
		answer(n, w, r)
	}))
	t.Cleanup(f.Close)
	return f
}

func (f *fakePlaid) attempts() []recordedRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]recordedRequest(nil), f.requests...)
}

// testConfig points at url with fast retries.
func testConfig(url string) Settings {
	return Settings{
		ClientID:       testClientID,
		Secret:         testSecret,
		Environment:    EnvironmentSandbox,
		URL:            url,
		MaxRetries:     3,
		RequestTimeout: 5 * time.Second,
		MaxConnections: DefaultMaxConnections,
		RetryBaseDelay: time.Millisecond,
		RetryMaxDelay:  5 * time.Millisecond,
	}
}

func mustNew(_ *testing.T, s Settings) *Client { return New(s) }

func writeJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

func plaidErrorBody(errorType, code, requestID string) string {
	return `{"error_type":"` + errorType + `","error_code":"` + code + `","error_message":"message for ` + code +
		`","display_message":null,"request_id":"` + requestID + `"}`
}

const createdUser = `{"user_id":"usr_123","request_id":"req-ok"}`

// ptr returns a pointer to v, for optional raw settings.
func ptr[T any](v T) *T { return &v }

// dropConnection closes the connection without answering, like the
// emulator's drop fault.
func dropConnection(t *testing.T, w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	_ = conn.Close()
}

func createUser(ctx context.Context, c *Client) (CreatedUser, error) {
	return c.CreateUser(ctx, NewUser{ClientUserID: "qa-alice"})
}

func assertContains(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%q is missing from:\n%s", want, text)
		}
	}
}
