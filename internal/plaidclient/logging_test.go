package plaidclient

import (
	"bytes"
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
	"github.com/plaid/plaid-go/v43/plaid"
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
			writeJSON(w, http.StatusOK, `{"user_id":"usr_123","user_token":"user-sandbox-0b3e-token",`+
				`"client_user_id":"qa-alice-client-user-id","identity":{"name":{"given_name":"Alice"}},"request_id":"req-last"}`)
		}
	})
	var logs bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &logs)
	if _, err := createUserWith(ctx, mustNew(t, testConfig(plaid.URL)), aliceRequest()); err != nil {
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

	entries, err := tflogtest.MultilineJSONDecode(&logs)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3 {
		t.Fatalf("%d log lines, want one per attempt (3):\n%v", len(entries), entries)
	}
	want := []struct {
		level, status, requestID string
	}{
		{"warn", "503", "req-first"},
		{"warn", "", ""}, // dropped: no status, no request_id, an error instead
		{"debug", "200", "req-last"},
	}
	for i, entry := range entries {
		if entry["@module"] != "provider."+LogSubsystem {
			t.Errorf("line %d: module %v, want provider.%s", i+1, entry["@module"], LogSubsystem)
		}
		if entry["@level"] != want[i].level {
			t.Errorf("line %d: level %v, want %s", i+1, entry["@level"], want[i].level)
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

func aliceRequest() plaid.UserCreateRequest {
	r := plaid.NewUserCreateRequest("qa-alice-client-user-id")
	identity := plaid.NewClientUserIdentity()
	identity.SetName(*plaid.NewClientUserIdentityName("Alice", "Liddell"))
	identity.SetDateOfBirth("1990-01-02")
	identity.SetEmails([]plaid.ClientUserIdentityEmail{*plaid.NewClientUserIdentityEmail("alice@example.com", true)})
	identity.SetPhoneNumbers([]plaid.ClientUserIdentityPhoneNumber{*plaid.NewClientUserIdentityPhoneNumber("+14155550123", true)})
	identity.SetIdNumbers([]plaid.UserIDNumber{*plaid.NewUserIDNumber("123-45-6789", plaid.IDNUMBERTYPE_US_SSN)})
	r.SetIdentity(*identity)
	return *r
}

func stringOf(v any) string {
	if f, ok := v.(float64); ok {
		return strconv.Itoa(int(f))
	}
	s, _ := v.(string)
	return s
}
