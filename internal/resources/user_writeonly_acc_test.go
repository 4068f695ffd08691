package resources_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

// writeOnlySSNConfig is a user whose full SSN is given write-only, next to an ordinary last-4.
func writeOnlySSNConfig(ssn string, version int) string {
	return fmt.Sprintf(`
resource "plaid_user" "test" {
  client_user_id = "qa-write-only"
  identity = {
    id_numbers = [
      { type = "us_ssn", value_wo = %q, value_wo_version = %d },
      { type = "us_ssn_last_4", value = "6789" },
    ]
  }
}
`, ssn, version)
}

// TestAccUser_writeOnlyIDNumber sends an SSN that never reaches the state: created, left alone
// when only the value changes, sent again when its version changes, and sent again after it was
// removed outside Terraform.
func TestAccUser_writeOnlyIDNumber(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	var userID string
	ssnEntry := tfjsonpath.New("identity").AtMapKey("id_numbers").AtSliceIndex(0)
	writeOnlyEntry := func(version int64) statecheck.StateCheck {
		return statecheck.ExpectKnownValue(user, ssnEntry, knownvalue.ObjectExact(map[string]knownvalue.Check{
			"type": knownvalue.StringExact("us_ssn"), "value": knownvalue.Null(), "value_wo": knownvalue.Null(),
			"value_wo_version": knownvalue.Int64Exact(version),
		}))
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(writeOnlySSNConfig("412345678", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{writeOnlyEntry(1)},
				Check: resource.ComposeAggregateTestCheckFunc(
					acctest.CaptureAttribute(user, "user_id", &userID),
					checkStoredSSN(plaid, "412345678"),
					checkNotInState("412345678"),
				),
			},
			{
				// Terraform cannot see a new write-only value alone: nothing to do, Plaid keeps the old one.
				Config: plaid.Config(writeOnlySSNConfig("412345679", 1)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: checkStoredSSN(plaid, "412345678"),
			},
			{
				// A new version sends it.
				Config: plaid.Config(writeOnlySSNConfig("412345679", 2)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(user, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{writeOnlyEntry(2)},
				Check:             resource.ComposeAggregateTestCheckFunc(checkStoredSSN(plaid, "412345679"), checkNotInState("412345679")),
			},
			{
				// Removed outside Terraform: the refresh notices, and the update sends it again.
				PreConfig: func() {
					plaid.UpdateIdentity(userID, map[string]any{"id_numbers": []map[string]any{{"type": "us_ssn_last_4", "value": "6789"}}})
				},
				Config: plaid.Config(writeOnlySSNConfig("412345679", 2)),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply:             []plancheck.PlanCheck{plancheck.ExpectResourceAction(user, plancheck.ResourceActionUpdate)},
					PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				ConfigStateChecks: []statecheck.StateCheck{writeOnlyEntry(2)},
				Check:             checkStoredSSN(plaid, "412345679"),
			},
		},
	})
}

// checkStoredSSN asks the emulator which us_ssn the user in state has.
func checkStoredSSN(plaid *acctest.Emulator, want string) resource.TestCheckFunc {
	return checkStoredIdentity(plaid, func(identity map[string]any) error {
		numbers, _ := identity["id_numbers"].([]any)
		for _, n := range numbers {
			if entry, _ := n.(map[string]any); entry["type"] == "us_ssn" {
				if entry["value"] != want {
					return fmt.Errorf("Plaid holds another us_ssn than the one expected")
				}
				return nil
			}
		}
		return fmt.Errorf("Plaid holds no us_ssn: %d id_numbers", len(numbers))
	})
}

// checkNotInState fails when any attribute of any resource in state holds secret.
func checkNotInState(secret string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			for key, value := range rs.Primary.Attributes {
				if strings.Contains(value, secret) {
					return fmt.Errorf("the write-only value is in the state, at %s.%s", name, key)
				}
			}
		}
		return nil
	}
}
