package plaidclient

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// Values that must never reach a log line.
var secrets = []string{
	testSecret, testClientID,
	"qa-alice-client-user-id", "Alice", "Liddell", "alice@example.com", "+14155550123", "1990-01-02",
	"user-sandbox-0b3e-token", "123-45-6789",
}

func TestLogsOneLinePerAttemptWithoutSecrets(t *testing.T) {
	plaid := newFakePlaid(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		switch n {
		case 1:
			writeJSON(w, http.StatusServiceUnavailable, plaidErrorBody("API_ERROR", "PLANNED_MAINTENANCE", "req-first"))
		case 2:
			dropConnection(t, w)
		default:
			// Answers carry identity data and tokens too.
			writeJSON(w, http.StatusCreated, `{"user_id":"usr_123","user_token":"user-sandbox-0b3e-token",`+
				`"client_user_id":"qa-alice-client-user-id","identity":{"name":{"given_name":"Alice"}},"request_id":"req-last"}`)
		}
	})
	var logs bytes.Buffer
	cfg := testConfig(plaid.URL)
	cfg.Logger = slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	if _, err := mustNew(t, cfg).CreateUser(context.Background(), alice()); err != nil {
		t.Fatalf("create: %v", err)
	}
	if !strings.Contains(plaid.attempts()[0].Body, "alice@example.com") {
		t.Fatal("the request did not carry the identity this test looks for in the logs")
	}

	for _, secret := range secrets {
		if strings.Contains(logs.String(), secret) {
			t.Errorf("log output contains %q:\n%s", secret, logs.String())
		}
	}

	var entries []map[string]any
	for line := range strings.Lines(logs.String()) {
		var entry map[string]any
		if err := json.Unmarshal([]byte(line), &entry); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		entries = append(entries, entry)
	}
	if len(entries) != 3 {
		t.Fatalf("%d log lines, want one per attempt (3):\n%v", len(entries), entries)
	}
	want := []struct {
		level, status, requestID string
	}{
		{"WARN", "503", "req-first"},
		{"WARN", "", ""}, // dropped: no status, no request_id, an error instead
		{"DEBUG", "201", "req-last"},
	}
	for i, entry := range entries {
		if entry["level"] != want[i].level {
			t.Errorf("line %d: level %v, want %s", i+1, entry["level"], want[i].level)
		}
		checks := map[string]string{
			"method": "POST", "path": "/user/create", "attempt": strconv.Itoa(i + 1),
			"status": want[i].status, "request_id": want[i].requestID,
		}
		for field, value := range checks {
			got, present := entry[field]
			if value == "" && present || value != "" && stringOf(got) != value {
				t.Errorf("line %d: %s = %v, want %q", i+1, field, got, value)
			}
		}
		if _, ok := entry["duration_ms"].(float64); !ok {
			t.Errorf("line %d: duration_ms = %v, want a number", i+1, entry["duration_ms"])
		}
		if _, hasError := entry["error"]; hasError != (want[i].status == "") {
			t.Errorf("line %d: error field present = %v", i+1, hasError)
		}
	}
}

func alice() NewUser {
	return NewUser{
		ClientUserID: "qa-alice-client-user-id",
		Identity: &Identity{
			Name:         &Name{GivenName: "Alice", FamilyName: "Liddell"},
			DateOfBirth:  "1990-01-02",
			Emails:       []Contact{{Data: "alice@example.com", Primary: true}},
			PhoneNumbers: []Contact{{Data: "+14155550123", Primary: true}},
			IDNumbers:    []IDNumber{{Value: "123-45-6789", Type: "us_ssn"}},
		},
	}
}

func stringOf(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.Itoa(int(f))
	}
	s, _ := v.(string)
	return s
}
