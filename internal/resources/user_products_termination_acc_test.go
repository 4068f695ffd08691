package resources_test

import (
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

const termination = "plaid_user_products_termination.test"

func terminationConfig(reasonCode, reasonNote string) string {
	return fmt.Sprintf(`
resource "plaid_user" "test" {
  client_user_id = "qa-leaving"
}

resource "plaid_sandbox_item" "test" {
  user_id          = plaid_user.test.user_id
  institution_id   = "ins_109508"
  initial_products = ["transactions"]
}

resource "plaid_user_products_termination" "test" {
  user_id     = plaid_user.test.user_id
  reason_code = %q
  reason_note = %q
  depends_on  = [plaid_sandbox_item.test]
}
`, reasonCode, reasonNote)
}

// TestAccUserProductsTermination_applyAndDestroy terminates a user's products (the users page:
// /user/products/terminate takes user_id and reason_code, answers a request_id, and "the user will
// no longer be billed for these products"; the user and its Items stay), changes the reason
// (terminating again), and destroys, which only forgets the termination.
func TestAccUserProductsTermination_applyAndDestroy(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(terminationConfig("CONSUMER_ACCOUNT_CLOSED", "closed in the QA run")),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(termination, tfjsonpath.New("request_id"), knownvalue.StringRegexp(regexp.MustCompile(`.+`))),
					statecheck.ExpectKnownValue(termination, tfjsonpath.New("reason_code"), knownvalue.StringExact("CONSUMER_ACCOUNT_CLOSED")),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSucceeded(plaid, "/user/products/terminate", 1),
					func(*terraform.State) error {
						if plaid.Server == nil {
							return nil // a remote Plaid lists no users: the calls above are the check
						}
						users := plaid.Users()
						if len(users) != 1 || len(users[0].ItemIDs) != 1 || users[0].ProductsTerminated == nil {
							return fmt.Errorf("after the termination the emulator holds %+v, want the user, its Item and the termination", users)
						}
						return nil
					},
				),
			},
			{
				Config: plaid.Config(terminationConfig("FRAUD_OTHER", "closed in the QA run")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(termination, plancheck.ResourceActionReplace)},
				},
				Check: checkSucceeded(plaid, "/user/products/terminate", 2),
			},
		},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(plaid.CheckNoUsers,
			// Destroy forgets the termination: no call but the user's removal.
			checkSucceeded(plaid, "/user/products/terminate", 2)),
	})
}

func TestAccUserProductsTermination_refusedAtPlan(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	long := make([]byte, 513)
	for i := range long {
		long[i] = 'x'
	}
	cases := map[string]struct{ config, error string }{
		"unknown reason_code": {`user_id = "usr_1"
  reason_code = "BORED"`, `Attribute reason_code value must be one of`},
		"reason_note too long": {fmt.Sprintf(`user_id = "usr_1"
  reason_code = "OTHER"
  reason_note = %q`, long), `Attribute reason_note string length must be between 1 and 512`},
		"no user": {`reason_code = "OTHER"`, `The argument "user_id" is required`},
		"legacy user_id": {`user_id = "user-sandbox-1"
  reason_code = "OTHER"`, `Attribute user_id must be a Plaid user ID, starting with usr_`},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      plaid.Config("resource \"plaid_user_products_termination\" \"test\" {\n  " + tc.config + "\n}\n"),
					PlanOnly:    true,
					ExpectError: acctest.ExpectError(tc.error),
				}},
			})
		})
	}
	plaid.ExpectNoPlaidRequests(t)
}
