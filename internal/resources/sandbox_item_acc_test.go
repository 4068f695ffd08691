package resources_test

import (
	"fmt"
	"regexp"
	"slices"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

const (
	sandboxItem = "plaid_sandbox_item.test"
	itemsOfUser = "data.plaid_user_items.test"
)

// sandboxItemConfig is a user with one Item at institution, and the data source that lists the
// user's Items once the Item exists.
func sandboxItemConfig(institution string) string {
	return fmt.Sprintf(`
resource "plaid_user" "test" {
  client_user_id = "qa-item-owner"
}

resource "plaid_sandbox_item" "test" {
  user_id           = plaid_user.test.user_id
  institution_id    = %q
  initial_products  = ["transactions", "auth"]
  webhook           = "https://example.com/plaid/webhook"
  override_username = "user_good"
  override_password = "pass_good"
}

data "plaid_user_items" "test" {
  user_id    = plaid_user.test.user_id
  depends_on = [plaid_sandbox_item.test]
}
`, institution)
}

func TestAccSandboxItem_createReplaceDestroy(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	var userID, firstItemID string
	differentItems := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		// Items linked to a user go with /user/items/remove (one per Item created), never /item/remove.
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(plaid.CheckNoUsers, checkSucceeded(plaid, "/user/items/remove", 2),
			checkSucceeded(plaid, "/item/remove", 0)),
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(sandboxItemConfig("ins_109508")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(sandboxItem, plancheck.ResourceActionCreate),
						plancheck.ExpectUnknownValue(sandboxItem, tfjsonpath.New("item_id")),
						plancheck.ExpectSensitiveValue(sandboxItem, tfjsonpath.New("override_password")),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentItems.AddStateValue(sandboxItem, tfjsonpath.New("item_id")),
					statecheck.ExpectKnownValue(sandboxItem, tfjsonpath.New("item_id"), knownvalue.StringRegexp(regexp.MustCompile(`^\w+$`))),
					statecheck.CompareValuePairs(sandboxItem, tfjsonpath.New("id"), sandboxItem, tfjsonpath.New("item_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(sandboxItem, tfjsonpath.New("access_token"), knownvalue.StringRegexp(regexp.MustCompile(`^access-sandbox-`))),
					statecheck.ExpectSensitiveValue(sandboxItem, tfjsonpath.New("access_token")),
					statecheck.ExpectKnownValue(sandboxItem, tfjsonpath.New("user_token"), knownvalue.Null()),
					// The Item shows up among the user's Items, as linked.
					statecheck.ExpectKnownValue(itemsOfUser, tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"institution_id":   knownvalue.StringExact("ins_109508"),
							"institution_name": knownvalue.StringExact("First Platypus Bank"),
							"webhook":          knownvalue.StringExact("https://example.com/plaid/webhook"),
							"products": knownvalue.ListExact([]knownvalue.Check{
								knownvalue.StringExact("transactions"), knownvalue.StringExact("auth"),
							}),
							"error": knownvalue.Null(),
						}),
					})),
					statecheck.CompareValuePairs(itemsOfUser, tfjsonpath.New("items").AtSliceIndex(0).AtMapKey("item_id"),
						sandboxItem, tfjsonpath.New("item_id"), compare.ValuesSame()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CaptureAttribute("plaid_user.test", "user_id", &userID),
					acctest.CaptureAttribute(sandboxItem, "item_id", &firstItemID),
				),
			},
			{
				// Plaid cannot move an Item to another bank: a new institution replaces the Item,
				// and the old one is removed from Plaid.
				Config: plaid.Config(sandboxItemConfig("ins_109511")),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(sandboxItem, plancheck.ResourceActionDestroyBeforeCreate),
						plancheck.ExpectResourceAction("plaid_user.test", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					differentItems.AddStateValue(sandboxItem, tfjsonpath.New("item_id")),
					statecheck.ExpectKnownValue(itemsOfUser, tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{"institution_name": knownvalue.StringExact("Tartan Bank")}),
					})),
				},
				Check: func(*terraform.State) error {
					if items := userItemIDs(plaid, userID); slices.Contains(items, firstItemID) || len(items) != 1 {
						return fmt.Errorf("after the replacement the user has Items %v; want one, not %s", items, firstItemID)
					}
					return nil
				},
			},
		},
	})
}

// TestAccSandboxItem_recreatedWhenRemovedOutOfBand removes the Item, then the user, behind
// Terraform's back: each time the next plan creates what is missing.
func TestAccSandboxItem_recreatedWhenRemovedOutOfBand(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	var userID, itemID string
	capture := resource.ComposeAggregateTestCheckFunc(
		acctest.CaptureAttribute("plaid_user.test", "user_id", &userID),
		acctest.CaptureAttribute(sandboxItem, "item_id", &itemID),
	)
	config := plaid.Config(sandboxItemConfig("ins_109508"))

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{Config: config, Check: capture},
			{
				PreConfig: func() {
					plaid.Call("/user/items/remove", map[string]any{"user_id": userID, "item_ids": []string{itemID}})
				},
				Config: config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(sandboxItem, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("plaid_user.test", plancheck.ResourceActionNoop),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: capture,
			},
			{
				PreConfig: func() { plaid.RemoveUser(userID) },
				Config:    config,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction(sandboxItem, plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("plaid_user.test", plancheck.ResourceActionCreate),
					},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// TestAccSandboxItem_plaidErrorAtApply asks for an institution the Sandbox does not have: Plaid's
// error reaches the user with its code, and nothing is left behind.
func TestAccSandboxItem_plaidErrorAtApply(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{{
			Config: plaid.Config(sandboxItemConfig("ins_0")),
			ExpectError: acctest.ExpectError(`Plaid error INVALID_INSTITUTION while creating plaid_sandbox_item at ins_0 ` +
				`for user "usr_\w+"(.|\n)*error_type: INVALID_INPUT(.|\n)*request_id:`),
		}},
	})
}

// sandboxTypes are the Sandbox-only resources, each with a minimal valid body.
var sandboxTypes = map[string]string{
	"plaid_sandbox_item": `
  user_id          = "usr_9nSp2KuZ2x4JDw"
  institution_id   = "ins_109508"
  initial_products = ["auth"]`,
	"plaid_sandbox_user_reset_login": `
  user_id = "usr_9nSp2KuZ2x4JDw"`,
}

// TestAccSandboxResources_refusedInProduction plans each Sandbox-only resource with a provider
// configured for production (its requests sent to the emulator, to count them): the plan fails
// with a clear error, and no request reaches Plaid.
func TestAccSandboxResources_refusedInProduction(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	production := fmt.Sprintf(`
provider "plaid" {
  client_id   = %q
  secret      = %q
  environment = "production"
  base_url    = %q
}
`, acctest.ClientID, acctest.Secret, plaid.BaseURL())
	t.Run("cases", func(t *testing.T) {
		for typeName, body := range sandboxTypes {
			t.Run(typeName, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      production + fmt.Sprintf("resource %q \"test\" {%s\n}\n", typeName, body),
						PlanOnly:    true,
						ExpectError: acctest.ExpectError(typeName + ` is only available in the Plaid Sandbox(.|\n)*environment = "sandbox"`),
					}},
				})
			})
		}
	})
	plaid.ExpectNoPlaidRequests(t)
}

// invalidSandboxItems are plaid_sandbox_item bodies that must fail at plan time.
var invalidSandboxItems = []struct{ name, body, error string }{
	{"both user_id and user_token", `user_id = "usr_9nSp2KuZ2x4JDw"
  user_token = "user-sandbox-b0e2c4ee-a763-4df5-bfe9-46a46bce993d"
  institution_id = "ins_109508"
  initial_products = ["auth"]`,
		`Attribute "user_token" cannot be specified when "user_id" is specified`},
	{"no products", `user_id = "usr_9nSp2KuZ2x4JDw"
  institution_id = "ins_109508"
  initial_products = []`,
		`Attribute initial_products list must contain at least 1 elements`},
	{"unknown product", `user_id = "usr_9nSp2KuZ2x4JDw"
  institution_id = "ins_109508"
  initial_products = ["auth", "Transactions"]`,
		`initial_products\[1\]: "Transactions" is not one of Plaid's products`},
	{"repeated product", `user_id = "usr_9nSp2KuZ2x4JDw"
  institution_id = "ins_109508"
  initial_products = ["auth", "auth"]`,
		`Duplicate List Value(.|\n)*duplicate values of: "auth"`},
	{"webhook not a URL", `user_id = "usr_9nSp2KuZ2x4JDw"
  institution_id = "ins_109508"
  initial_products = ["auth"]
  webhook = "example.com/hook"`,
		`webhook must be an absolute http or https URL`},
	{"empty institution", `user_id = "usr_9nSp2KuZ2x4JDw"
  institution_id = ""
  initial_products = ["auth"]`,
		`Attribute institution_id string length must be at least 1`},
	{"computed item_id set", `user_id = "usr_9nSp2KuZ2x4JDw"
  institution_id = "ins_109508"
  initial_products = ["auth"]
  item_id = "item_1"`,
		`Invalid Configuration for Read-Only Attribute(.|\n)*item_id`},
}

func TestAccSandboxItem_invalidConfigurationsFailAtPlan(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	t.Run("cases", func(t *testing.T) {
		for _, tc := range invalidSandboxItems {
			t.Run(tc.name, func(t *testing.T) {
				resource.ParallelTest(t, resource.TestCase{
					ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
					Steps: []resource.TestStep{{
						Config:      plaid.Config("resource \"plaid_sandbox_item\" \"test\" {\n  " + tc.body + "\n}\n"),
						PlanOnly:    true,
						ExpectError: acctest.ExpectError(tc.error),
					}},
				})
			})
		}
	})
	plaid.ExpectNoPlaidRequests(t)
}

// userItemIDs asks Plaid which Items the user has (/user/items/get, out of band).
func userItemIDs(plaid *acctest.Emulator, userID string) []string {
	var ids []string
	items, _ := plaid.Call("/user/items/get", map[string]any{"user_id": userID})["items"].([]any)
	for _, item := range items {
		if fields, ok := item.(map[string]any); ok {
			id, _ := fields["item_id"].(string)
			ids = append(ids, id)
		}
	}
	return ids
}

// checkSucceeded checks how many requests to a Plaid endpoint the emulator answered with 200.
func checkSucceeded(plaid *acctest.Emulator, endpoint string, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := plaid.Stats().Requests[endpoint]["200"]; got != want {
			return fmt.Errorf("%s succeeded %d times, want %d", endpoint, got, want)
		}
		return nil
	}
}

// TestAccSandboxItem_withoutUser: an Item linked to no user is read by its access token
// (/item/get) and removed with /item/remove, the call Plaid documents for an Item; an Item linked
// to a user goes with /user/items/remove (TestAccSandboxItem_createReplaceDestroy).
func TestAccSandboxItem_withoutUser(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: plaid.Config(`
resource "plaid_sandbox_item" "test" {
  institution_id   = "ins_109508"
  initial_products = ["auth"]
}
`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(sandboxItem, tfjsonpath.New("item_id"), knownvalue.StringRegexp(regexp.MustCompile(`.+`))),
				statecheck.ExpectKnownValue(sandboxItem, tfjsonpath.New("user_id"), knownvalue.Null()),
			},
		}},
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkSucceeded(plaid, "/item/remove", 1), checkSucceeded(plaid, "/user/items/remove", 0),
			func(*terraform.State) error {
				if n := plaid.Calls("/item/get"); n == 0 {
					return fmt.Errorf("the Item was never read with /item/get")
				}
				return nil
			}),
	})
}
