package providerdata

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

func userNotFound() error {
	return &plaidclient.Error{HTTPStatus: 400, ErrorType: "USER_ERROR", ErrorCode: "USER_NOT_FOUND",
		ErrorMessage: "the user does not exist", DisplayMessage: "Try again", RequestID: "req-42", Attempts: 1}
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
	var diags diag.Diagnostics
	AddError(&diags, `creating plaid_user "qa-alice"`, &plaidclient.Error{HTTPStatus: 429,
		ErrorType: "RATE_LIMIT_EXCEEDED", ErrorCode: "RATE_LIMIT", RequestID: "req-9", Attempts: 4, Exhausted: true,
		SuggestedAction: "wait", DocumentationURL: "https://plaid.com/docs/errors/rate-limit-exceeded/"})
	if got, want := diags[0].Summary(), `Plaid error RATE_LIMIT while creating plaid_user "qa-alice"`; got != want {
		t.Errorf("summary = %q, want %q", got, want)
	}
	assertContains(t, diags[0].Detail(), "error_type:      RATE_LIMIT_EXCEEDED", "display_message: (none)",
		"request_id:      req-9", "http_status:     429", "suggested_action: wait", "documentation_url: https://plaid.com",
		"answer to the last attempt (4 attempts in all); retries are exhausted")
}

func TestAddErrorHintsAtCredentials(t *testing.T) {
	var diags diag.Diagnostics
	AddError(&diags, "creating plaid_user", &plaidclient.Error{HTTPStatus: 400, ErrorType: "INVALID_INPUT", ErrorCode: "INVALID_API_KEYS"})
	assertContains(t, diags[0].Detail(), "PLAID_CLIENT_ID", "PLAID_SECRET")
}

func TestAddErrorForOtherFailures(t *testing.T) {
	tests := []struct {
		err           error
		summary, text string
	}{
		{errors.New("boom"), "Plaid request failed while listing items", "boom"},
		{&plaidclient.NoAnswerError{Attempts: 1, Err: context.Canceled}, "Canceled while listing items", "Terraform canceled"},
		{&plaidclient.NoAnswerError{Attempts: 2, Err: context.DeadlineExceeded}, "Timed out while listing items", "timeouts block"},
		{&plaidclient.NoAnswerError{Attempts: 4, Exhausted: true, Err: errors.New("EOF")}, "No answer from Plaid while listing items",
			"after 4 attempts; retries are exhausted"},
		{&plaidclient.NoAnswerError{Attempts: 1, Err: errors.New("x509: unknown authority")}, "Plaid request failed while listing items",
			"no answer from Plaid after 1 attempt: x509: unknown authority"},
		{&plaidclient.UnexpectedAnswerError{Operation: "/user/items/get", HTTPStatus: 200, Reason: "a body that is not JSON"},
			"Unexpected answer from Plaid while listing items", "base_url"},
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

func assertContains(t *testing.T, text string, wants ...string) {
	t.Helper()
	for _, want := range wants {
		if !strings.Contains(text, want) {
			t.Errorf("%q is missing from:\n%s", want, text)
		}
	}
}
