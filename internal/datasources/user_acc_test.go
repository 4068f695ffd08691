package datasources_test

import (
	"fmt"
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

const userData = "data.plaid_user.test"

// TestAccUserDataSource_readsWhatTheResourceWrote looks up a user that plaid_user created, with
// and without an identity: the data source shows what the resource holds, field for field.
func TestAccUserDataSource_readsWhatTheResourceWrote(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	same := func(attribute string) statecheck.StateCheck {
		return statecheck.CompareValuePairs(userData, tfjsonpath.New(attribute), "plaid_user.test", tfjsonpath.New(attribute), compare.ValuesSame())
	}
	// The resource's id_numbers entries have write-only arguments besides value and type.
	sameIdentity := func(attribute string) statecheck.StateCheck {
		at := tfjsonpath.New("identity").AtMapKey(attribute)
		return statecheck.CompareValuePairs(userData, at, "plaid_user.test", at, compare.ValuesSame())
	}
	withIdentity := `
resource "plaid_user" "test" {
  client_user_id = "qa-looked-up"
  identity = {
    name          = { given_name = "Dana", family_name = "Scully" }
    date_of_birth = "1964-02-23"
    emails        = [{ data = "dana@example.com", primary = true }]
    phone_numbers = [{ data = "+12025550143", primary = true }]
    addresses     = [{ street_1 = "935 Pennsylvania Ave NW", city = "Washington", region = "DC", postal_code = "20535", country = "US", primary = true }]
    id_numbers    = [{ value = "6789", type = "us_ssn_last_4" }]
  }
}

data "plaid_user" "test" {
  user_id                  = plaid_user.test.user_id
  include_id_number_values = true
}
`
	bare := `
resource "plaid_user" "test" {
  client_user_id = "qa-looked-up-bare"
}

data "plaid_user" "test" {
  user_id = plaid_user.test.user_id
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(withIdentity),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{
					same("user_id"), same("client_user_id"), same("created_at"), same("updated_at"),
					sameIdentity("name"), sameIdentity("date_of_birth"), sameIdentity("emails"),
					sameIdentity("phone_numbers"), sameIdentity("addresses"),
					statecheck.ExpectKnownValue(userData, tfjsonpath.New("client_user_id"), knownvalue.StringExact(plaid.ClientUserID("qa-looked-up"))),
					statecheck.ExpectKnownValue(userData, tfjsonpath.New("identity").AtMapKey("emails"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"data": knownvalue.StringExact("dana@example.com"), "primary": knownvalue.Bool(true),
						}),
					})),
					statecheck.ExpectKnownValue(userData, tfjsonpath.New("identity").AtMapKey("id_numbers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"value": knownvalue.StringExact("6789"), "type": knownvalue.StringExact("us_ssn_last_4"),
						}),
					})),
					statecheck.ExpectSensitiveValue(userData, tfjsonpath.New("identity").AtMapKey("id_numbers").AtSliceIndex(0).AtMapKey("value")),
				},
			},
			{
				// By default the values stay out of the state; the types are listed.
				Config: plaid.Config(strings.Replace(withIdentity, "include_id_number_values = true", "", 1)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(userData, tfjsonpath.New("identity").AtMapKey("id_numbers"), knownvalue.ListExact([]knownvalue.Check{
						knownvalue.ObjectExact(map[string]knownvalue.Check{
							"value": knownvalue.Null(), "type": knownvalue.StringExact("us_ssn_last_4"),
						}),
					})),
				},
			},
			{
				Config: plaid.Config(bare),
				ConfigStateChecks: []statecheck.StateCheck{
					same("user_id"), same("created_at"),
					statecheck.ExpectKnownValue(userData, tfjsonpath.New("client_user_id"), knownvalue.StringExact(plaid.ClientUserID("qa-looked-up-bare"))),
					statecheck.ExpectKnownValue(userData, tfjsonpath.New("identity"), knownvalue.Null()),
				},
			},
		},
	})
}

func TestAccUserDataSource_unknownUser(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: plaid.Config(`data "plaid_user" "test" { user_id = "usr_doesnotexist" }`),
			ExpectError: acctest.ExpectError(`Plaid error USER_NOT_FOUND while reading the plaid_user data source ` +
				`"usr_doesnotexist"(.|\n)*request_id:`),
		}},
	})
}

// TestAccUserDataSource_userIDNotUsrFailsAtPlan: /user/get serves usr_ users only, so an empty
// user_id, a legacy user's ID or a client_user_id are refused before any request.
func TestAccUserDataSource_userIDNotUsrFailsAtPlan(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	for _, userID := range []string{"", "usr_", "qa-alice", "user-sandbox-b0e2c4ee"} {
		t.Run(userID, func(t *testing.T) {
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{{
					Config:      plaid.Config(fmt.Sprintf(`data "plaid_user" "test" { user_id = %q }`, userID)),
					ExpectError: acctest.ExpectError(`Attribute user_id must be a Plaid user ID, starting with usr_`),
				}},
			})
		})
	}
	plaid.ExpectNoPlaidRequests(t)
}
