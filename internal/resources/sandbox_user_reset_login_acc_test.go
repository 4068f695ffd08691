package resources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

const resetLogin = "plaid_sandbox_user_reset_login.test"

// personaWithTwoItems is a user with a checking Item and a savings Item; resetBody is the body of
// the plaid_sandbox_user_reset_login, and the data source lists the Items after the reset.
func personaWithTwoItems(resetBody string) string {
	return `
resource "plaid_user" "test" {
  client_user_id = "qa-login-required"
}

resource "plaid_sandbox_item" "checking" {
  user_id          = plaid_user.test.user_id
  institution_id   = "ins_109508"
  initial_products = ["auth"]
}

resource "plaid_sandbox_item" "savings" {
  user_id          = plaid_user.test.user_id
  institution_id   = "ins_109511"
  initial_products = ["transactions"]
}

resource "plaid_sandbox_user_reset_login" "test" {
  user_id = plaid_user.test.user_id
` + resetBody + `
}

data "plaid_user_items" "test" {
  user_id    = plaid_user.test.user_id
  depends_on = [plaid_sandbox_user_reset_login.test]
}
`
}

// itemState checks the Item of the data source whose item_id is *itemID: in
// ITEM_LOGIN_REQUIRED, or healthy.
func itemState(itemID *string, loginRequired bool) knownvalue.Check {
	var errorCheck knownvalue.Check = knownvalue.Null()
	if loginRequired {
		errorCheck = knownvalue.ObjectPartial(map[string]knownvalue.Check{
			"error_type": knownvalue.StringExact("ITEM_ERROR"),
			"error_code": knownvalue.StringExact("ITEM_LOGIN_REQUIRED"),
		})
	}
	return knownvalue.ObjectPartial(map[string]knownvalue.Check{"item_id": acctest.StringEquals(itemID), "error": errorCheck})
}

// TestAccSandboxUserResetLogin_namedItems resets one of two Items, resets it again when triggers
// change, and resets the replacement of an Item removed behind Terraform's back.
func TestAccSandboxUserResetLogin_namedItems(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	var userID, checking, savings string
	capture := resource.ComposeAggregateTestCheckFunc(
		acctest.CaptureAttribute("plaid_user.test", "user_id", &userID),
		acctest.CaptureAttribute("plaid_sandbox_item.checking", "item_id", &checking),
		acctest.CaptureAttribute("plaid_sandbox_item.savings", "item_id", &savings),
	)
	savingsLocked := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(itemsOfUser, tfjsonpath.New("items"), knownvalue.SetExact([]knownvalue.Check{
			itemState(&checking, false), itemState(&savings, true),
		})),
		statecheck.CompareValuePairs(resetLogin, tfjsonpath.New("item_ids").AtSliceIndex(0),
			"plaid_sandbox_item.savings", tfjsonpath.New("item_id"), compare.ValuesSame()),
	}
	first := `  item_ids = [plaid_sandbox_item.savings.item_id]`
	again := first + "\n  triggers = { run = \"2\" }"

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(personaWithTwoItems(first)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check:             resource.ComposeAggregateTestCheckFunc(capture, checkSucceeded(plaid, "/sandbox/user/reset_login", 1)),
				ConfigStateChecks: savingsLocked,
			},
			{
				Config: plaid.Config(personaWithTwoItems(again)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(resetLogin, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction("plaid_sandbox_item.savings", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check:             checkSucceeded(plaid, "/sandbox/user/reset_login", 2),
				ConfigStateChecks: savingsLocked,
			},
			{
				// The savings Item disappears: Terraform links a new one and resets it in the same apply.
				PreConfig: func() {
					plaid.Call("/user/items/remove", map[string]any{"user_id": userID, "item_ids": []string{savings}})
				},
				Config: plaid.Config(personaWithTwoItems(again)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("plaid_sandbox_item.savings", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(resetLogin, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("plaid_sandbox_item.checking", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check:             resource.ComposeAggregateTestCheckFunc(capture, checkSucceeded(plaid, "/sandbox/user/reset_login", 3)),
				ConfigStateChecks: savingsLocked,
			},
		},
	})
}

// TestAccSandboxUserResetLogin_allItems omits item_ids: every Item the user has is reset and
// listed in state. When the user is removed behind Terraform's back, everything is created again.
func TestAccSandboxUserResetLogin_allItems(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	var userID, checking, savings string
	config := plaid.Config(personaWithTwoItems(
		`  depends_on = [plaid_sandbox_item.checking, plaid_sandbox_item.savings]`))
	checks := resource.ComposeAggregateTestCheckFunc(
		acctest.CaptureAttribute("plaid_user.test", "user_id", &userID),
		acctest.CaptureAttribute("plaid_sandbox_item.checking", "item_id", &checking),
		acctest.CaptureAttribute("plaid_sandbox_item.savings", "item_id", &savings),
		resource.TestCheckResourceAttr(resetLogin, "item_ids.#", "2"),
		resource.TestCheckTypeSetElemAttrPair(resetLogin, "item_ids.*", "plaid_sandbox_item.checking", "item_id"),
		resource.TestCheckTypeSetElemAttrPair(resetLogin, "item_ids.*", "plaid_sandbox_item.savings", "item_id"),
	)
	bothLocked := []statecheck.StateCheck{
		statecheck.ExpectKnownValue(itemsOfUser, tfjsonpath.New("items"), knownvalue.SetExact([]knownvalue.Check{
			itemState(&checking, true), itemState(&savings, true),
		})),
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectUnknownValue(resetLogin, tfjsonpath.New("item_ids"))},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check:             checks,
				ConfigStateChecks: bothLocked,
			},
			{
				PreConfig: func() { plaid.RemoveUser(userID) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("plaid_user.test", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction(resetLogin, plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check:             resource.ComposeAggregateTestCheckFunc(checks, checkSucceeded(plaid, "/sandbox/user/reset_login", 2)),
				ConfigStateChecks: bothLocked,
			},
		},
	})
}

// TestAccSandboxUserResetLogin_userWithoutItems fails with advice rather than resetting nothing.
func TestAccSandboxUserResetLogin_userWithoutItems(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{{
			Config: plaid.Config(`
resource "plaid_user" "test" {
  client_user_id = "qa-no-items"
}

resource "plaid_sandbox_user_reset_login" "test" {
  user_id = plaid_user.test.user_id
}
`),
			ExpectError: acctest.ExpectError(`No Items to reset(.|\n)*the user has no Items(.|\n)*item_ids`),
		}},
	})
}

func TestAccSandboxUserResetLogin_invalidConfigurationsFailAtPlan(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	cases := []struct{ name, body, error string }{
		{"no user", `item_ids = ["item_1"]`,
			`No attribute specified when one \(and only one\) of \[user_id,user_token\] is required`},
		{"empty item_ids", `user_id = "usr_9nSp2KuZ2x4JDw"
  item_ids = []`, `Attribute item_ids list must contain at least 1 elements`},
		{"repeated item", `user_id = "usr_9nSp2KuZ2x4JDw"
  item_ids = ["item_1", "item_1"]`, `Duplicate List Value`},
		{"empty item ID", `user_id = "usr_9nSp2KuZ2x4JDw"
  item_ids = [""]`, `item_ids\[0\] string length must be at least 1`},
	}
	t.Run("cases", func(t *testing.T) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      plaid.Config("resource \"plaid_sandbox_user_reset_login\" \"test\" {\n  " + tc.body + "\n}\n"),
						PlanOnly:    true,
						ExpectError: acctest.ExpectError(tc.error),
					}},
				})
			})
		}
	})
	plaid.ExpectNoPlaidRequests(t)
}
