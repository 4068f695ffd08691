package provider_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

const aUser = `
resource "plaid_user" "test" {
  client_user_id = "qa-provider"
}
`

// clearPlaidEnvironment unsets the provider's variables for the test (t.Setenv keeps such tests
// out of parallel runs, so they never see each other's environment).
func clearPlaidEnvironment(t *testing.T) {
	for _, name := range []string{"PLAID_CLIENT_ID", "PLAID_SECRET", "PLAID_ENV", "PLAID_BASE_URL"} {
		t.Setenv(name, "")
	}
}

func TestAccProvider_missingCredentialsNameAttributeAndVariable(t *testing.T) {
	clearPlaidEnvironment(t)
	plaid := acctest.StartEmulator(t)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "plaid" { base_url = %q }`, plaid.URL) + aUser,
			ExpectError: acctest.ExpectError(`Missing Plaid client ID(.|\n)*client_id in the provider block or the\s+PLAID_CLIENT_ID` +
				`(.|\n)*Missing Plaid secret(.|\n)*secret in the provider block or the\s+PLAID_SECRET`),
		}},
	})
	plaid.ExpectNoPlaidRequests(t)
}

// TestAccProvider_environmentAndPrecedence configures the provider from the environment alone,
// then shows that a value in the provider block beats its variable.
func TestAccProvider_environmentAndPrecedence(t *testing.T) {
	clearPlaidEnvironment(t)
	plaid := acctest.StartEmulator(t)
	t.Setenv("PLAID_CLIENT_ID", acctest.ClientID)
	t.Setenv("PLAID_SECRET", acctest.Secret)
	t.Setenv("PLAID_ENV", "sandbox")
	t.Setenv("PLAID_BASE_URL", plaid.URL)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: aUser,
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue("plaid_user.test", tfjsonpath.New("client_user_id"), knownvalue.StringExact("qa-provider")),
				},
			},
			{
				Config:      `provider "plaid" { secret = "wrong-secret" }` + aUser,
				ExpectError: acctest.ExpectError(`INVALID_API_KEYS`),
			},
			{
				Config: `provider "plaid" {
  base_url    = "http://127.0.0.1:1"
  max_retries = 0
}` + aUser,
				ExpectError: acctest.ExpectError(`No answer from Plaid|connection refused`),
			},
			// Back to the environment alone, which destroy uses too.
			{Config: aUser, PlanOnly: true},
		},
	})
}

func TestAccProvider_unknownEnvironmentVariable(t *testing.T) {
	clearPlaidEnvironment(t)
	plaid := acctest.StartEmulator(t)
	t.Setenv("PLAID_ENV", "staging")
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`provider "plaid" {
  client_id = %q
  secret    = %q
}`, acctest.ClientID, acctest.Secret) + aUser,
			ExpectError: acctest.ExpectError(`Invalid Plaid provider configuration(.|\n)*"staging"(.|\n)*PLAID_ENV`),
		}},
	})
	plaid.ExpectNoPlaidRequests(t)
}

// TestAccProvider_settingUnknownAtPlan gives the provider a client_id that only apply would
// know: the plan fails on that attribute instead of guessing.
func TestAccProvider_settingUnknownAtPlan(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: fmt.Sprintf(`
resource "terraform_data" "credentials" { input = %q }

provider "plaid" {
  client_id = terraform_data.credentials.output
  secret    = %q
  base_url  = %q
}
`, acctest.ClientID, acctest.Secret, plaid.URL) + aUser,
			PlanOnly:    true,
			ExpectError: acctest.ExpectError(`Unknown Plaid provider setting(.|\n)*value of client_id is not known until apply(.|\n)*PLAID_CLIENT_ID`),
		}},
	})
	plaid.ExpectNoPlaidRequests(t)
}

// TestAccProvider_invalidSettingsFailAtPlan checks the provider block's validation; none of
// these configurations may reach Plaid.
func TestAccProvider_invalidSettingsFailAtPlan(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	cases := map[string]struct{ setting, error string }{
		"unknown environment": {`environment = "staging"`, `Attribute environment value must be one of`},
		"request_timeout without unit": {`request_timeout = "10"`,
			`Attribute request_timeout must be a duration of at least 1s`},
		"negative max_retries": {`max_retries = -1`, `Attribute max_retries value must be between 0 and 20`},
		"zero max_connections": {`max_connections = 0`, `Attribute max_connections value must be between 1 and 256`},
		"plain http to a remote host": {`base_url = "http://plaid.example.com"`,
			`(?s)Invalid Plaid provider configuration.*not\s+loopback`},
		"empty client_id": {`client_id = ""`, `Attribute client_id string length must be at least 1`},
	}
	t.Run("cases", func(t *testing.T) {
		for name, tc := range cases {
			t.Run(name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      providerWith(plaid, tc.setting) + aUser,
						PlanOnly:    true,
						ExpectError: acctest.ExpectError(tc.error),
					}},
				})
			})
		}
	})
	plaid.ExpectNoPlaidRequests(t)
}

// providerWith is the emulator's provider block with one setting added or overridden.
func providerWith(plaid *acctest.Emulator, setting string) string {
	settings := map[string]string{
		"client_id": fmt.Sprintf("%q", acctest.ClientID),
		"secret":    fmt.Sprintf("%q", acctest.Secret),
		"base_url":  fmt.Sprintf("%q", plaid.URL),
	}
	block := "provider \"plaid\" {\n  " + setting + "\n"
	for name, value := range settings {
		if !regexp.MustCompile(`^` + name + `\b`).MatchString(setting) {
			block += fmt.Sprintf("  %s = %s\n", name, value)
		}
	}
	return block + "}\n"
}
