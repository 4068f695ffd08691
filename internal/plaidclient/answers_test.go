package plaidclient

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
)

// Every answer below is one Plaid's spec does not allow; each must fail with an
// UnexpectedAnswerError that says why, and never repeat a value of the body.
func TestAnswersOutsideTheSpecAreUnexpected(t *testing.T) {
	const secretValue = "Alice-SSN-123-45-6789"
	tests := map[string]struct {
		status      int
		contentType string
		body        string
		reason      string
		excerpt     string
	}{
		"success status with an error body": {200, "application/json",
			`{"error_type":"USER_ERROR","error_code":"USER_NOT_FOUND","error_message":"` + secretValue + `"}`,
			"success status with the Plaid error USER_ERROR/USER_NOT_FOUND", "[error_code, error_message, error_type]"},
		"HTML on success": {200, "text/html", "<html><body>Welcome to the " + "captive portal</body></html>",
			"body that is not JSON", "captive portal"},
		"JSON array": {200, "application/json", `["` + secretValue + `"]`, "not a JSON object", ""},
		"proxy error page": {502, "text/html", "<h1>502 Bad Gateway</h1>",
			"error status without a Plaid error", "502 Bad Gateway"},
		"error status with other JSON": {404, "application/json", `{"message":"` + secretValue + `"}`,
			"error status without a Plaid error", "[message]"},
		"user_id that is not usr_": {201, "application/json", `{"user_id":"` + secretValue + `","request_id":"req-1"}`,
			"not a Plaid user ID", ""},
		"no user_id": {201, "application/json", `{"request_id":"req-1"}`, "not a Plaid user ID", ""},
		"user_id of the wrong type": {201, "application/json", `{"user_id":42,"request_id":"req-1"}`,
			"does not match Plaid's spec", ""},
		"oversized": {200, "application/json", `{"user_id":"usr_1","pad":"` + strings.Repeat("x", MaxAnswerBytes) + `"}`,
			"larger than", ""},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.WriteHeader(tt.status)
				_, _ = w.Write([]byte(tt.body))
			})
			_, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
			var unexpected *UnexpectedAnswerError
			if !errors.As(err, &unexpected) {
				t.Fatalf("err = %v (%T), want an UnexpectedAnswerError", err, err)
			}
			if unexpected.HTTPStatus != tt.status || unexpected.Operation != "/user/create" {
				t.Errorf("status %d, operation %q; want %d, /user/create", unexpected.HTTPStatus, unexpected.Operation, tt.status)
			}
			assertContains(t, err.Error(), tt.reason, tt.excerpt)
			if strings.Contains(err.Error(), secretValue) {
				t.Errorf("the error repeats a value of the body: %v", err)
			}
			if got := len(plaid.attempts()); got != 1 && tt.status < 500 {
				t.Errorf("%d attempts, want 1: an answer outside the spec is not retried", got)
			}
			// A 2xx, or a 5xx (from a proxy, say), may have been carried out.
			if wantAmbiguous := tt.status/100 != 4; unexpected.Ambiguous != wantAmbiguous {
				t.Errorf("Ambiguous = %v, want %v", unexpected.Ambiguous, wantAmbiguous)
			}
		})
	}
}

func TestCreateSaysWhetherPlaidCreatedTheUser(t *testing.T) {
	for status, created := range map[int]bool{http.StatusCreated: true, http.StatusOK: false} {
		plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
			writeJSON(w, status, createdUser)
		})
		got, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
		if err != nil || got.Created != created || got.EarlierAttemptAmbiguous || got.UserID != "usr_123" || got.RequestID != "req-ok" {
			t.Errorf("HTTP %d: %+v, %v; want Created %v, not ambiguous", status, got, err, created)
		}
	}
}

// An earlier attempt is ambiguous when Plaid may have carried it out without answering: a 5xx
// or a lost answer, but not a rate limit.
func TestCreateSaysWhetherAnEarlierAttemptWasAmbiguous(t *testing.T) {
	tests := map[string]struct {
		first     func(t *testing.T, w http.ResponseWriter)
		ambiguous bool
	}{
		"500": {func(_ *testing.T, w http.ResponseWriter) {
			writeJSON(w, 500, plaidErrorBody("API_ERROR", "INTERNAL_SERVER_ERROR", "r"))
		}, true},
		"dropped": {dropConnection, true},
		"429": {func(_ *testing.T, w http.ResponseWriter) {
			writeJSON(w, 429, plaidErrorBody("RATE_LIMIT_EXCEEDED", "RATE_LIMIT", "r"))
		}, false},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			plaid := newFakePlaid(t, func(n int, w http.ResponseWriter, _ *http.Request) {
				if n == 1 {
					tt.first(t, w)
					return
				}
				writeJSON(w, http.StatusOK, createdUser)
			})
			got, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
			if err != nil || got.EarlierAttemptAmbiguous != tt.ambiguous {
				t.Errorf("%+v, %v; want EarlierAttemptAmbiguous %v", got, err, tt.ambiguous)
			}
		})
	}
}

func TestGetUserRefusesAnAnswerAboutAnotherUser(t *testing.T) {
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, `{"user_id":"usr_other","created_at":"2026-01-01T00:00:00Z","request_id":"r"}`)
	})
	_, err := mustNew(t, testConfig(plaid.URL)).GetUser(context.Background(), "usr_asked")
	var unexpected *UnexpectedAnswerError
	if !errors.As(err, &unexpected) || !strings.Contains(err.Error(), "another user_id") {
		t.Errorf("err = %v, want an UnexpectedAnswerError about another user_id", err)
	}
}

func TestExcerptNeverRepeatsJSONValues(t *testing.T) {
	for body, want := range map[string]string{
		`{"b":"secret","a":{"c":"secret"}}`: "a JSON object with the fields [a, b]",
		`"secret"`:                          "",
		"plain\x00text\n\twith  spaces":     `"plain text with spaces"`,
		strings.Repeat("é", 200):            `"` + strings.Repeat("é", excerptLength) + `..."`,
	} {
		if got := excerpt([]byte(body), "text/plain"); got != want {
			t.Errorf("excerpt(%.30q) = %q, want %q", body, got, want)
		}
	}
}

// A request that never reached a connection (nothing listens) cannot have been carried out.
func TestARequestNeverSentIsNotAmbiguous(t *testing.T) {
	plaid := newFakePlaid(t, func(int, http.ResponseWriter, *http.Request) {})
	url := plaid.URL
	plaid.Close()
	cfg := testConfig(url)
	cfg.MaxRetries = 1
	_, err := createUser(context.Background(), mustNew(t, cfg))
	var noAnswer *NoAnswerError
	if !errors.As(err, &noAnswer) || noAnswer.Ambiguous || MayHaveCarriedOut(err) {
		t.Errorf("err = %v (%+v), want a NoAnswerError that is not ambiguous", err, noAnswer)
	}
}

// An error answer after an attempt that may have been carried out (here a lost answer, then
// rate limits until the retries run out) still leaves open that Plaid did the work.
func TestAnErrorAfterALostAnswerIsAmbiguous(t *testing.T) {
	plaid := newFakePlaid(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			dropConnection(t, w)
			return
		}
		writeJSON(w, http.StatusTooManyRequests, plaidErrorBody("RATE_LIMIT_EXCEEDED", "RATE_LIMIT", "r"))
	})
	_, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
	if e, ok := AsError(err); !ok || !e.Ambiguous || !MayHaveCarriedOut(err) {
		t.Errorf("err = %v (%+v), want an ambiguous RATE_LIMIT", err, e)
	}
}
