package datasources_test

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

const (
	items     = "data.plaid_user_items.test"
	userBlock = `resource "plaid_user" "test" { client_user_id = "qa-carol" }` + "\n"
	itemsData = `data "plaid_user_items" "test" { user_id = plaid_user.test.user_id }` + "\n"
)

func TestAccUserItems_listsItemsAndTheirErrors(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	var userID, healthy, locked string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(userBlock + itemsData),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(items, tfjsonpath.New("items"), knownvalue.ListExact([]knownvalue.Check{})),
				},
				Check: acctest.CaptureAttribute("plaid_user.test", "user_id", &userID),
			},
			{
				PreConfig: func() {
					healthy = plaid.CreateItem(userID, "ins_109508", "transactions")
					locked = plaid.CreateItem(userID, "ins_109511", "auth")
					plaid.ResetLogin(userID, locked)
				},
				Config: plaid.Config(userBlock + itemsData),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(items, tfjsonpath.New("items"), knownvalue.SetExact([]knownvalue.Check{
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"item_id":          acctest.StringEquals(&healthy),
							"institution_id":   knownvalue.StringExact("ins_109508"),
							"institution_name": knownvalue.StringExact("First Platypus Bank"),
							"billed_products":  knownvalue.ListExact([]knownvalue.Check{knownvalue.StringExact("transactions")}),
							"update_type":      knownvalue.StringExact("background"),
							"error":            knownvalue.Null(),
						}),
						knownvalue.ObjectPartial(map[string]knownvalue.Check{
							"item_id":          acctest.StringEquals(&locked),
							"institution_id":   knownvalue.StringExact("ins_109511"),
							"institution_name": knownvalue.StringExact("Tartan Bank"),
							"error": knownvalue.ObjectPartial(map[string]knownvalue.Check{
								"error_type":    knownvalue.StringExact("ITEM_ERROR"),
								"error_code":    knownvalue.StringExact("ITEM_LOGIN_REQUIRED"),
								"error_message": knownvalue.NotNull(),
							}),
						}),
					})),
				},
			},
		},
	})
}

func TestAccUserItems_unknownUser(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      plaid.Config(`data "plaid_user_items" "test" { user_id = "usr_doesnotexist" }`),
			ExpectError: acctest.ExpectError(`USER_NOT_FOUND(.|\n)*usr_doesnotexist`),
		}},
	})
}

func TestAccUserItems_invalidUserID(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      plaid.Config(`data "plaid_user_items" "test" { user_id = "" }`),
			ExpectError: acctest.ExpectError(`Attribute user_id string length must be at least 1`),
		}},
	})
	plaid.ExpectNoPlaidRequests(t)
}
