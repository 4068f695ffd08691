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
	req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("PLAID-CLIENT-ID", "bench-client")
	req.Header.Set("PLAID-SECRET", "bench-secret")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK && rec.Code != http.StatusCreated {
		b.Fatalf("%s: HTTP %d: %s", path, rec.Code, rec.Body)
	}
	return rec
}

func createUser(b *testing.B, h http.Handler, clientUserID string) string {
	body := fmt.Appendf(nil, `{"client_user_id": %q, "identity": %s}`, clientUserID, benchIdentity)
	var created struct {
		UserID string `json:"user_id"`
	}
	if err := json.Unmarshal(post(b, h, "/user/create", body).Body.Bytes(), &created); err != nil || created.UserID == "" {
		b.Fatalf("no user_id in the /user/create answer: %v", err)
	}
	return created.UserID
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
