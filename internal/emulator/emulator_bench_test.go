package emulator_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/tfplaid/terraform-provider-plaid/internal/emulator"
)

// benchIdentity is a small, realistic identity, as the bench tool declares.
const benchIdentity = `{
	"name": {"given_name": "Ada", "family_name": "Lovelace"},
	"date_of_birth": "1990-05-17",
	"emails": [{"data": "ada@example.com", "primary": true}],
	"phone_numbers": [{"data": "+14155552671", "primary": true}],
	"addresses": [{"street_1": "1 Market St", "city": "San Francisco", "region": "CA",
		"postal_code": "94105", "country": "US", "primary": true}]
}`

func newBenchEmulator(b *testing.B) *emulator.Emulator {
	b.Helper()
	e, err := emulator.New(emulator.Options{})
	if err != nil {
		b.Fatal(err)
	}
	return e
}

// post sends one Plaid request through the handler and fails the benchmark
// unless it succeeds.
func post(b *testing.B, h http.Handler, path string, body []byte) *httptest.ResponseRecorder {
	rec, err := serve(h, path, body)
	if err != nil {
		b.Fatal(err)
	}
	return rec
}

// serve sends one Plaid request through the handler; an answer other than
// 200 or 201 is an error. Unlike post, it may run on any goroutine.
func serve(h http.Handler, path string, body []byte) (*httptest.ResponseRecorder, error) {
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("PLAID-CLIENT-ID", "bench-client")
	req.Header.Set("PLAID-SECRET", "bench-secret")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK && rec.Code != http.StatusCreated {
		return rec, fmt.Errorf("%s: HTTP %d: %s", path, rec.Code, rec.Body)
	}
	return rec, nil
}

func createUser(b *testing.B, h http.Handler, clientUserID string) string {
	id, err := serveCreate(h, fmt.Appendf(nil, `{"client_user_id": %q, "identity": %s}`, clientUserID, benchIdentity))
	if err != nil {
		b.Fatal(err)
	}
	return id
}

// serveCreate sends a /user/create body and returns the user_id created.
func serveCreate(h http.Handler, body []byte) (string, error) {
	rec, err := serve(h, "/user/create", body)
	if err != nil {
		return "", err
	}
	var created struct {
		UserID string `json:"user_id"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &created); err != nil {
		return "", fmt.Errorf("the /user/create answer %s: %w", rec.Body, err)
	}
	if created.UserID == "" {
		return "", fmt.Errorf("no user_id in the /user/create answer %s", rec.Body)
	}
	return created.UserID, nil
}

// BenchmarkUserCreate creates a new user per iteration, so the store grows
// as it does under a large apply.
func BenchmarkUserCreate(b *testing.B) {
	h := newBenchEmulator(b)
	b.ReportAllocs()
	i := 0
	for b.Loop() {
		createUser(b, h, fmt.Sprintf("bench-%d", i))
		i++
	}
}

func BenchmarkUserGet(b *testing.B) {
	h := newBenchEmulator(b)
	body := fmt.Appendf(nil, `{"user_id": %q}`, createUser(b, h, "bench-get"))
	b.ReportAllocs()
	for b.Loop() {
		post(b, h, "/user/get", body)
	}
}

func BenchmarkUserUpdate(b *testing.B) {
	h := newBenchEmulator(b)
	body := fmt.Appendf(nil, `{"user_id": %q, "identity": %s}`, createUser(b, h, "bench-update"), benchIdentity)
	b.ReportAllocs()
	for b.Loop() {
		post(b, h, "/user/update", body)
	}
}
