package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
	"github.com/tfplaid/terraform-provider-plaid/internal/emulator"
)

// TestAccProvider_plaidErrorFamiliesBecomeReadableDiagnostics makes the emulator answer with
// each family of Plaid error and checks the diagnostic Terraform prints: the operation and the
// resource it concerned, Plaid's error_type, error_code and HTTP status, a request_id to quote
// to Plaid support, and how many attempts reached Plaid (retries for 429 and 500 only).
func TestAccProvider_plaidErrorFamiliesBecomeReadableDiagnostics(t *testing.T) {
	const createUser = `
resource "plaid_user" "test" {
  client_user_id = "qa-errors"
}
`
	cases := map[string]struct {
		faults    emulator.Options // rates and seed; the credentials are added
		secret    string           // the provider's; empty: the one the emulator accepts
		retries   int              // max_retries
		config    string
		operation string // how the diagnostic's summary names what failed
		errorType string
		errorCode string
		status    int
		endpoint  string
		attempts  int    // requests that reached endpoint
		more      string // further text of the diagnostic, if any
	}{
		"auth": {
			secret: "not-the-secret", config: createUser,
			operation: `creating plaid_user "qa-errors"`,
			errorType: "INVALID_INPUT", errorCode: "INVALID_API_KEYS", status: 400,
			endpoint: "/user/create", attempts: 1,
			more: `Check the provider's client_id and secret`,
		},
		"validation only Plaid makes": {
			// Only Plaid knows which institutions exist.
			config: `
resource "plaid_sandbox_item" "test" {
  institution_id   = "ins_000000"
  initial_products = ["auth"]
}
`,
			operation: `creating plaid_sandbox_item at ins_000000`,
			errorType: "INVALID_INPUT", errorCode: "INVALID_INSTITUTION", status: 400,
			endpoint: "/sandbox/public_token/create", attempts: 1,
		},
		"not found": {
			config:    `data "plaid_user_items" "test" { user_id = "usr_doesnotexist" }`,
			operation: `reading plaid_user_items for user "usr_doesnotexist"`,
			errorType: "USER_ERROR", errorCode: "USER_NOT_FOUND", status: 400,
			endpoint: "/user/items/get", attempts: 1,
		},
		"rate limit after retries": {
			faults:  emulator.Options{ThrottleRate: 1, Seed: 1},
			retries: 2, config: createUser,
			operation: `creating plaid_user "qa-errors"`,
			errorType: "RATE_LIMIT_EXCEEDED", errorCode: "RATE_LIMIT", status: 429,
			endpoint: "/user/create", attempts: 3,
			more: `(3 attempts in all); retries are exhausted`,
		},
		"server error after retries": {
			faults:  emulator.Options{ErrorRate: 1, Seed: 1},
			retries: 1, config: createUser,
			operation: `creating plaid_user "qa-errors"`,
			errorType: "API_ERROR", errorCode: "INTERNAL_SERVER_ERROR", status: 500,
			endpoint: "/user/create", attempts: 2,
			more: `(2 attempts in all); retries are exhausted`,
		},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			plaid := acctest.StartEmulatorWith(t, tc.faults)

			pattern := fmt.Sprintf(`Plaid error %s while %s(.|\n)*`+
				`error_type: %s(.|\n)*error_code: %s(.|\n)*request_id: [0-9A-Za-z]{8,}(.|\n)*http_status: %d`,
				tc.errorCode, regexp.QuoteMeta(tc.operation), tc.errorType, tc.errorCode, tc.status)
			if tc.more != "" {
				pattern += `(.|\n)*` + regexp.QuoteMeta(tc.more)
			}
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      providerBlock(plaid, tc.secret, tc.retries) + tc.config,
					ExpectError: acctest.ExpectError(pattern),
				}},
			})

			requests := plaid.Stats().Requests[tc.endpoint]
			if got := requests[fmt.Sprint(tc.status)]; got != tc.attempts {
				t.Errorf("%s answered %d %d time(s), want %d (all requests: %v)", tc.endpoint, tc.status, got, tc.attempts, requests)
			}
		})
	}
}

// providerBlock points the provider at an emulator, with the given secret (empty: the test's)
// and max_retries.
func providerBlock(plaid *acctest.Emulator, secret string, maxRetries int) string {
	if secret == "" {
		secret = acctest.Secret
	}
	return fmt.Sprintf(`
provider "plaid" {
  client_id   = %q
  secret      = %q
  base_url    = %q
  max_retries = %d
}
`, acctest.ClientID, secret, plaid.URL, maxRetries)
}
