package providerdata

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/tfplaid/terraform-provider-plaid/internal/plaidclient"
)

// AddError adds a diagnostic for err, a gateway error that happened while doing operation,
// e.g. `creating plaid_user "qa-alice"`. Every Plaid field the error has goes into the detail.
func AddError(diags *diag.Diagnostics, operation string, err error) {
	diags.AddError(Describe(operation, err))
}

// AddWarning is AddError for a problem that does not fail the operation; consequence says
// what it means for the user.
func AddWarning(diags *diag.Diagnostics, operation string, err error, consequence string) {
	summary, detail := Describe(operation, err)
	diags.AddWarning(summary, consequence+"\n\n"+detail)
}

// Describe returns the summary and detail of a diagnostic for err.
func Describe(operation string, err error) (summary, detail string) {
	var (
		plaidErr   *plaidclient.Error
		noAnswer   *plaidclient.NoAnswerError
		unexpected *plaidclient.UnexpectedAnswerError
	)
	switch {
	case errors.As(err, &plaidErr):
		return fmt.Sprintf("Plaid error %s while %s", plaidErr.ErrorCode, operation), plaidErrorDetail(plaidErr)
	case errors.Is(err, context.DeadlineExceeded):
		return "Timed out while " + operation,
			"The operation ran out of time before Plaid answered; the timeouts block sets its limit.\n\n" + err.Error()
	case errors.Is(err, context.Canceled):
		return "Canceled while " + operation, "Terraform canceled the operation before Plaid answered.\n\n" + err.Error()
	case errors.As(err, &noAnswer) && noAnswer.Exhausted:
		return "No answer from Plaid while " + operation, fmt.Sprintf("Plaid did not answer after %s; "+
			"retries are exhausted. Check the network and base_url, or raise max_retries or request_timeout.\n\n"+
			"Last error: %v", attempts(noAnswer.Attempts), noAnswer.Err)
	case errors.As(err, &unexpected):
		return "Unexpected answer from Plaid while " + operation, err.Error() + "\n\nThe answer is not what " +
			"Plaid's API documents; check that base_url points at Plaid (or the Plaid emulator) and not at a " +
			"proxy or another service."
	}
	return "Plaid request failed while " + operation, err.Error()
}

func plaidErrorDetail(e *plaidclient.Error) string {
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
	if e.SuggestedAction != "" {
		row("suggested_action", e.SuggestedAction)
	}
	if e.DocumentationURL != "" {
		row("documentation_url", e.DocumentationURL)
	}
	if e.Exhausted {
		fmt.Fprintf(&b, "\nThis was Plaid's answer to the last attempt (%s in all); retries are exhausted.\n", attempts(e.Attempts))
	}
	if e.ErrorCode == "INVALID_API_KEYS" {
		b.WriteString("\nCheck the provider's client_id and secret (PLAID_CLIENT_ID, PLAID_SECRET) " +
			"and that they belong to the selected environment.\n")
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// attempts returns "1 attempt" or "4 attempts".
func attempts(n int) string {
	if n == 1 {
		return "1 attempt"
	}
	return fmt.Sprintf("%d attempts", n)
}
