package resources_test

import (
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

const legacyUser = "plaid_user.legacy"

// legacyPersona is a legacy user_token user with a full consumer_report_user_identity, an Item
// linked by user_token and put into ITEM_LOGIN_REQUIRED, and the Items listed by user_token.
const legacyPersona = `
resource "plaid_user" "legacy" {
  client_user_id = "qa-legacy-alice"

  consumer_report_user_identity = {
    first_name    = "Alice"
    last_name     = "Nguyen"
    date_of_birth = "1990-04-12"
    emails        = ["alice@example.com"]
    phone_numbers = ["+14155550123"]
    primary_address = {
      street      = "2140 Folsom St, Apt 3"
      city        = "San Francisco"
      region      = "CA"
      postal_code = "94110"
      country     = "US"
    }
    ssn_full   = "123-45-6789"
    ssn_last_4 = "6789"
  }
}

resource "plaid_sandbox_item" "legacy" {
  user_token       = plaid_user.legacy.user_token
  institution_id   = "ins_109508"
  initial_products = ["auth"]
}

resource "plaid_sandbox_user_reset_login" "legacy" {
  user_token = plaid_user.legacy.user_token
  item_ids   = [plaid_sandbox_item.legacy.item_id]
}

data "plaid_user_items" "legacy" {
  user_token = plaid_user.legacy.user_token
  depends_on = [plaid_sandbox_user_reset_login.legacy]
}
`

// TestAccUser_legacyUserToken runs the whole legacy flow against the emulator in legacy mode:
// create with consumer_report_user_identity, an Item and a reset login by user_token, an update
// sent with the token, a user removed behind Terraform's back (found through /user/items/get and
// created again), and the identity's removal, which replaces the user.
func TestAccUser_legacyUserToken(t *testing.T) {
	plaid := acctest.StartLegacyEmulator(t)
	var userToken string
	sameToken := statecheck.CompareValue(compare.ValuesSame())
	tokens := statecheck.CompareValue(compare.ValuesDiffer())
	updated := strings.Replace(legacyPersona, `emails        = ["alice@example.com"]`,
		`emails        = ["alice@example.com", "alice@example.org"]`, 1)
	withoutIdentity := regexp.MustCompile(`(?s)\n  consumer_report_user_identity = \{.*?\n  \}\n`).ReplaceAllString(legacyPersona, "\n")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(legacyPersona),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectSensitiveValue(legacyUser, tfjsonpath.New("consumer_report_user_identity").AtMapKey("ssn_full")),
						plancheck.ExpectSensitiveValue(legacyUser, tfjsonpath.New("consumer_report_user_identity").AtMapKey("ssn_last_4")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					tokens.AddStateValue(legacyUser, tfjsonpath.New("user_token")),
					sameToken.AddStateValue(legacyUser, tfjsonpath.New("user_token")),
					statecheck.ExpectKnownValue(legacyUser, tfjsonpath.New("user_token"), knownvalue.StringRegexp(regexp.MustCompile(`^user-sandbox-`))),
					statecheck.ExpectSensitiveValue(legacyUser, tfjsonpath.New("user_token")),
					statecheck.ExpectKnownValue(legacyUser, tfjsonpath.New("user_id"), knownvalue.StringRegexp(regexp.MustCompile(`^[A-Za-z0-9]+$`))),
					statecheck.ExpectKnownValue(legacyUser, tfjsonpath.New("identity"), knownvalue.Null()),
					statecheck.ExpectKnownValue(legacyUser, tfjsonpath.New("created_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(legacyUser, tfjsonpath.New("updated_at"), knownvalue.Null()),
					statecheck.ExpectKnownValue(legacyUser, tfjsonpath.New("consumer_report_user_identity").AtMapKey("primary_address").AtMapKey("country"),
						knownvalue.StringExact("US")),
					statecheck.CompareValuePairs("plaid_sandbox_item.legacy", tfjsonpath.New("user_token"), legacyUser, tfjsonpath.New("user_token"), compare.ValuesSame()),
					// The Item linked by user_token belongs to the user and requires a login.
					statecheck.ExpectKnownValue("data.plaid_user_items.legacy", tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"institution_id": knownvalue.StringExact("ins_109508"),
							"error":          knownvalue.ObjectPartial(map[string]knownvalue.Check{"error_code": knownvalue.StringExact("ITEM_LOGIN_REQUIRED")}),
						}),
					})),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CaptureAttribute(legacyUser, "user_token", &userToken),
					checkUserCount(plaid, 1),
					checkSucceeded(plaid, "/user/get", 0),
					// The identity goes with /user/update once the user is known to be new.
					checkSucceeded(plaid, "/user/update", 1),
				),
			},
			{
				// An email added: an update in place, sent with the token; nothing else moves.
				Config: plaid.Config(updated),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(legacyUser, plancheck.ResourceActionUpdate),
						plancheck.ExpectKnownValue(legacyUser, tfjsonpath.New("updated_at"), knownvalue.Null()),
						plancheck.ExpectResourceAction("plaid_sandbox_item.legacy", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					sameToken.AddStateValue(legacyUser, tfjsonpath.New("user_token")),
					statecheck.ExpectKnownValue(legacyUser, tfjsonpath.New("consumer_report_user_identity").AtMapKey("emails"),
						knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("alice@example.com"), knownvalue.StringExact("alice@example.org")})),
				},
				Check: checkSucceeded(plaid, "/user/update", 2), // the create's, and this change's
			},
			{
				// Removed behind Terraform's back: /user/items/get refuses the token and the user
				// leaves the state, but Plaid's legacy page says a removed user's client_user_id
				// "cannot be reused for another /user/create request": creating it again fails.
				PreConfig:   func() { plaid.Call("/user/remove", map[string]any{"user_token": userToken}) },
				Config:      plaid.Config(updated),
				ExpectError: acctest.ExpectError(`Plaid error INVALID_FIELD while creating plaid_user "` + plaid.ClientUserID("qa-legacy-alice") + `"`),
			},
			{
				// Under another client_user_id, the user, its Item and the reset are created again.
				Config: plaid.Config(strings.Replace(updated, "qa-legacy-alice", "qa-legacy-alice-2", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(legacyUser, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("plaid_sandbox_item.legacy", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("plaid_sandbox_user_reset_login.legacy", plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{tokens.AddStateValue(legacyUser, tfjsonpath.New("user_token"))},
				Check:             checkUserCount(plaid, 1),
			},
			{
				// Plaid cannot clear consumer_report_user_identity, so removing it replaces the user;
				// under the same client_user_id that would fail at Plaid, so the plan refuses it.
				Config:      plaid.Config(strings.Replace(withoutIdentity, "qa-legacy-alice", "qa-legacy-alice-2", 1)),
				ExpectError: acctest.ExpectError(`A legacy user cannot be replaced under the same client_user_id`),
			},
			{
				// With another client_user_id too, the replacement goes through.
				Config: plaid.Config(strings.Replace(withoutIdentity, "qa-legacy-alice", "qa-legacy-alice-3", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(legacyUser, plancheck.ResourceActionDestroyBeforeCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					tokens.AddStateValue(legacyUser, tfjsonpath.New("user_token")),
					statecheck.ExpectKnownValue(legacyUser, tfjsonpath.New("consumer_report_user_identity"), knownvalue.Null()),
				},
				Check: checkUserCount(plaid, 1),
			},
		},
	})
}

// TestAccUser_legacyInvalidConfigurationsFailAtPlan: each configuration fails at plan time with
// an error naming the attribute, and no request reaches Plaid.
func TestAccUser_legacyInvalidConfigurationsFailAtPlan(t *testing.T) {
	plaid := acctest.StartLegacyEmulator(t)
	valid := `first_name = "Alice"
    last_name = "Nguyen"
    date_of_birth = "1990-04-12"
    emails = ["alice@example.com"]
    phone_numbers = ["+14155550123"]
    primary_address = { street = "1 Main St", city = "Anytown", region = "CA", postal_code = "94110", country = "US" }`
	cases := []struct{ name, body, error string }{
		{"both identities", `identity = { emails = [{ data = "alice@example.com" }] }
  consumer_report_user_identity = {
    ` + valid + `
  }`, `Attribute "identity" cannot be specified when "consumer_report_user_identity" is specified`},
		{"formatted SSN missing dashes", `consumer_report_user_identity = {
    ` + valid + `
    ssn_full = "123456789"
  }`, `Attribute consumer_report_user_identity\.ssn_full must be a full SSN formatted ddd-dd-dddd`},
		{"last 4 of 5 digits", `consumer_report_user_identity = {
    ` + valid + `
    ssn_last_4 = "56789"
  }`, `Attribute consumer_report_user_identity\.ssn_last_4 must be exactly 4 digits`},
		{"phone not E.164", `consumer_report_user_identity = {
    ` + strings.Replace(valid, `"+14155550123"`, `"415-555-0123"`, 1) + `
  }`, `Attribute consumer_report_user_identity\.phone_numbers\[0\] must be a phone number in E\.164`},
		{"address without region", `consumer_report_user_identity = {
    ` + strings.Replace(valid, `region = "CA", `, "", 1) + `
  }`, `attribute "region" is required`},
		{"country of three letters", `consumer_report_user_identity = {
    ` + strings.Replace(valid, `country = "US"`, `country = "USA"`, 1) + `
  }`, `Attribute consumer_report_user_identity\.primary_address\.country must be an ISO 3166-1 alpha-2`},
		{"computed user_token set", `user_token = "user-sandbox-b0e2c4ee-a763-4df5-bfe9-46a46bce993d"`,
			`Invalid Configuration for Read-Only Attribute(.|\n)*user_token`},
	}
	t.Run("cases", func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config: plaid.Config("resource \"plaid_user\" \"test\" {\n  client_user_id = \"qa-legacy\"\n  " +
							tc.body + "\n}\n"),
						PlanOnly:    true,
						ExpectError: acctest.ExpectError(tc.error),
					}},
				})
			})
		}
	})
	plaid.ExpectNoPlaidRequests(t)
}
