package plaidclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/plaid/plaid-go/v43/plaid"
)

func userNotFound() error {
	body := `{"error_type":"USER_ERROR","error_code":"USER_NOT_FOUND","error_message":"the user does not exist",` +
		`"display_message":"Try again","request_id":"req-42","documentation_url":"https://plaid.com/docs"}`
	return plaid.MakeGenericOpenAPIError([]byte(body), "400 Bad Request", nil)
}

func TestAsErrorFindsPlaidErrorsThroughWrapping(t *testing.T) {
	want := Error{HTTPStatus: 400, ErrorType: "USER_ERROR", ErrorCode: "USER_NOT_FOUND",
		ErrorMessage: "the user does not exist", DisplayMessage: "Try again", RequestID: "req-42"}
	for name, err := range map[string]error{
		"bare":         userNotFound(),
		"wrapped":      fmt.Errorf("reading user: %w", userNotFound()),
		"twice":        fmt.Errorf("outer: %w", fmt.Errorf("inner: %w", userNotFound())),
		"joined":       errors.Join(errors.New("other"), userNotFound()),
		"already ours": fmt.Errorf("x: %w", &want),
	} {
		got, ok := AsError(err)
		if !ok || *got != want {
			t.Errorf("%s: AsError = %+v, %v; want %+v", name, got, ok, want)
		}
		if !IsUserNotFound(err) {
			t.Errorf("%s: IsUserNotFound = false", name)
		}
	}
}

func TestAsErrorIgnoresWhatIsNotAPlaidError(t *testing.T) {
	for name, err := range map[string]error{
		"nil":           nil,
		"plain":         errors.New("boom"),
		"proxy page":    plaid.MakeGenericOpenAPIError([]byte("<html>bad gateway</html>"), "502 Bad Gateway", nil),
		"other JSON":    plaid.MakeGenericOpenAPIError([]byte(`{"message":"nope"}`), "404 Not Found", nil),
		"deadline":      context.DeadlineExceeded,
		"transport err": &TransportError{Attempts: 2, Err: errors.New("EOF")},
	} {
		if got, ok := AsError(err); ok {
			t.Errorf("%s: AsError = %+v, want nothing", name, got)
		}
		if IsUserNotFound(err) {
			t.Errorf("%s: IsUserNotFound = true", name)
		}
	}
}

func TestAsErrorFallsBackToTheStatusInTheBody(t *testing.T) {
	// plaid-go puts a decoding error, not the status line, in the message
	// when it cannot decode the body with the answer's content type.
	body := `{"error_type":"API_ERROR","error_code":"INTERNAL_SERVER_ERROR","error_message":"m","status":500,"request_id":"r"}`
	got, ok := AsError(plaid.MakeGenericOpenAPIError([]byte(body), "undefined response type", nil))
	if !ok || got.HTTPStatus != 500 {
		t.Errorf("AsError = %+v, %v; want HTTP 500 from the body", got, ok)
	}
}

func TestParseStatusLine(t *testing.T) {
	tests := []struct {
		line             string
		status, attempts int
	}{
		{"400 Bad Request", 400, 0},
		{"503 Service Unavailable (retries exhausted after 5 attempts)", 503, 5},
		{"json: cannot unmarshal string", 0, 0},
		{"42 is not a status", 0, 0},
		{"", 0, 0},
	}
	for _, tt := range tests {
		status, attempts := parseStatusLine(tt.line)
		if status != tt.status || attempts != tt.attempts {
			t.Errorf("parseStatusLine(%q) = %d, %d; want %d, %d", tt.line, status, attempts, tt.status, tt.attempts)
		}
	}
}

func TestAddErrorNamesOperationAndEveryPlaidField(t *testing.T) {
	var diags diag.Diagnostics
	AddError(&diags, `reading plaid_user "qa-alice"`, fmt.Errorf("wrapped: %w", userNotFound()))
	if len(diags) != 1 || diags[0].Severity() != diag.SeverityError {
		t.Fatalf("diagnostics = %v, want one error", diags)
	}
	if got, want := diags[0].Summary(), `Plaid error USER_NOT_FOUND while reading plaid_user "qa-alice"`; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	want := "error_type:      USER_ERROR\n" +
		"error_code:      USER_NOT_FOUND\n" +
		"error_message:   the user does not exist\n" +
		"display_message: Try again\n" +
		"request_id:      req-42\n" +
		"http_status:     400"
	if got := diags[0].Detail(); got != want {
		t.Errorf("detail =\n%s\nwant\n%s", got, want)
	}
}

func TestAddErrorAfterExhaustedRetriesSaysSo(t *testing.T) {
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusTooManyRequests, plaidErrorBody("RATE_LIMIT_EXCEEDED", "RATE_LIMIT", "req-9"))
	})
	_, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
	var diags diag.Diagnostics
	AddError(&diags, `creating plaid_user "qa-alice"`, err)
	if got, want := diags[0].Summary(), `Plaid error RATE_LIMIT while creating plaid_user "qa-alice"`; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	assertContains(t, diags[0].Detail(), "error_type:      RATE_LIMIT_EXCEEDED", "display_message: (none)",
		"request_id:      req-9", "http_status:     429", "answer to the last attempt (4 attempts in all); retries are exhausted")
}

func TestAddErrorHintsAtCredentials(t *testing.T) {
	var diags diag.Diagnostics
	AddError(&diags, "creating plaid_user", &Error{HTTPStatus: 400, ErrorType: "INVALID_INPUT", ErrorCode: "INVALID_API_KEYS"})
	assertContains(t, diags[0].Detail(), "PLAID_CLIENT_ID", "PLAID_SECRET")
}

func TestAddErrorForOtherFailures(t *testing.T) {
	tests := []struct {
		err           error
		summary, text string
	}{
		{errors.New("json: cannot unmarshal"), "Plaid request failed while listing items", "json: cannot unmarshal"},
		{fmt.Errorf("post: %w", context.Canceled), "Canceled while listing items", "Terraform canceled"},
		{fmt.Errorf("post: %w", context.DeadlineExceeded), "Timed out while listing items", "timeouts block"},
		{&TransportError{Attempts: 1, Err: errors.New("x509: unknown authority")}, "Plaid request failed while listing items",
			"no answer from Plaid after 1 attempt: x509: unknown authority"},
	}
	for _, tt := range tests {
		var diags diag.Diagnostics
		AddError(&diags, "listing items", tt.err)
		if diags[0].Summary() != tt.summary {
			t.Errorf("%v: summary %q, want %q", tt.err, diags[0].Summary(), tt.summary)
		}
		assertContains(t, diags[0].Detail(), tt.text)
	}
}
