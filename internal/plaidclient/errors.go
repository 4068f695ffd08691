package plaidclient

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/plaid/plaid-go/v43/plaid"
)

// Error is an error answer from Plaid.
type Error struct {
	HTTPStatus     int
	ErrorType      string
	ErrorCode      string
	ErrorMessage   string
	DisplayMessage string
	RequestID      string
	Attempts       int // requests sent when retries ran out on this answer; 0 otherwise
}

func (e *Error) Error() string {
	return fmt.Sprintf("Plaid error %s/%s (HTTP %d, request_id %s): %s",
		e.ErrorType, e.ErrorCode, e.HTTPStatus, e.RequestID, e.ErrorMessage)
}

// AsError finds a Plaid error answer in err's chain: a plaid.GenericOpenAPIError
// whose body is a Plaid error, or an *Error.
func AsError(err error) (*Error, bool) {
	var decoded *Error
	if errors.As(err, &decoded) {
		return decoded, true
	}
	var generic plaid.GenericOpenAPIError
	if !errors.As(err, &generic) {
		return nil, false
	}
	pe, ok := decodePlaidError(generic)
	if !ok {
		return nil, false // an answer that is not a Plaid error, e.g. a proxy's page
	}
	status, attempts := parseStatusLine(generic.Error())
	if status == 0 && pe.Status.Get() != nil {
		status = int(*pe.Status.Get())
	}
	return &Error{
		HTTPStatus:     status,
		ErrorType:      string(pe.ErrorType),
		ErrorCode:      pe.ErrorCode,
		ErrorMessage:   pe.ErrorMessage,
		DisplayMessage: pe.GetDisplayMessage(),
		RequestID:      pe.GetRequestId(),
		Attempts:       attempts,
	}, true
}

func decodePlaidError(generic plaid.GenericOpenAPIError) (plaid.PlaidError, bool) {
	// ToPlaidError uses a type assertion, so it must get the unwrapped value.
	pe, err := plaid.ToPlaidError(generic)
	return pe, err == nil && (pe.ErrorType != "" || pe.ErrorCode != "")
}

// parseStatusLine reads the HTTP status line that plaid-go uses as the
// message of a GenericOpenAPIError ("429 Too Many Requests"), and the
// attempt count that giveUp may have added to it.
func parseStatusLine(line string) (status, attempts int) {
	if _, err := fmt.Sscanf(line, "%d", &status); err != nil || status < 100 || status > 599 {
		status = 0
	}
	if _, note, found := strings.Cut(line, exhaustedNote); found {
		_, _ = fmt.Sscanf(note, "%d", &attempts)
	}
	return status, attempts
}

// IsUserNotFound reports whether Plaid answered that the user does not exist
// (never did, or was removed).
func IsUserNotFound(err error) bool {
	e, ok := AsError(err)
	return ok && e.ErrorCode == "USER_NOT_FOUND"
}

// AddError adds a diagnostic for err, which happened while doing operation,
// e.g. `creating plaid_user "qa-alice"`.
func AddError(diags *diag.Diagnostics, operation string, err error) {
	diags.AddError(describe(operation, err))
}

func describe(operation string, err error) (summary, detail string) {
	if e, ok := AsError(err); ok {
		return fmt.Sprintf("Plaid error %s while %s", e.ErrorCode, operation), plaidErrorDetail(e)
	}
	var transport *TransportError
	if errors.As(err, &transport) && transport.Exhausted {
		detail = fmt.Sprintf("Plaid did not answer after %s; retries are exhausted. "+
			"Check the network and base_url, or raise max_retries or request_timeout.\n\nLast error: %v",
			plural(transport.Attempts, "attempt"), transport.Err)
		return "No answer from Plaid while " + operation, detail
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "Timed out while " + operation,
			"The operation ran out of time before Plaid answered; the timeouts block sets its limit.\n\n" + err.Error()
	}
	if errors.Is(err, context.Canceled) {
		return "Canceled while " + operation, "Terraform canceled the operation before Plaid answered.\n\n" + err.Error()
	}
	return "Plaid request failed while " + operation, err.Error()
}

func plaidErrorDetail(e *Error) string {
	var b strings.Builder
	row := func(name, value string) {
		if value == "" {
			value = "(none)"
		}
		fmt.Fprintf(&b, "%-16s %s\n", name+":", value)
	}
	row("error_type", e.ErrorType)
	row("error_code", e.ErrorCode)
	row("error_message", e.ErrorMessage)
	row("display_message", e.DisplayMessage)
	row("request_id", e.RequestID)
	row("http_status", fmt.Sprint(e.HTTPStatus))
	if e.Attempts > 0 {
		fmt.Fprintf(&b, "\nThis was Plaid's answer to the last attempt (%s in all); retries are exhausted.\n", plural(e.Attempts, "attempt"))
	}
	if e.ErrorCode == "INVALID_API_KEYS" {
		b.WriteString("\nCheck the provider's client_id and secret (PLAID_CLIENT_ID, PLAID_SECRET) " +
			"and that they belong to the selected environment.\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}
