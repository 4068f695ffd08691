package resources_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/compare"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
)

const user = "plaid_user.test"

var (
	usrID     = knownvalue.StringRegexp(regexp.MustCompile(`^usr_`))
	timestamp = knownvalue.StringRegexp(regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$`))
)

// aliceConfig is a user with every identity field set.
const aliceConfig = `
resource "plaid_user" "test" {
  client_user_id = "qa-alice"
  identity = {
    name          = { given_name = "Alice", family_name = "Liddell" }
    date_of_birth = "1990-04-12"
    emails = [
      { data = "alice@example.com", primary = true },
      { data = "alice.work@example.org" },
    ]
    phone_numbers = [{ data = "+14155550123", primary = true }]
    addresses = [{
      street_1    = "1 Rabbit Hole Lane"
      street_2    = "Apt 2"
      city        = "San Francisco"
      region      = "CA"
      postal_code = "94103"
      country     = "US"
      primary     = true
    }]
    id_numbers = [{ value = "412345678", type = "us_ssn" }]
  }
}
`

// aliceUpdatedConfig changes an email, adds a phone number and removes id_numbers.
const aliceUpdatedConfig = `
resource "plaid_user" "test" {
  client_user_id = "qa-alice"
  identity = {
    name          = { given_name = "Alice", family_name = "Liddell" }
    date_of_birth = "1990-04-12"
    emails = [
      { data = "alice@example.net", primary = true },
      { data = "alice.work@example.org" },
    ]
    phone_numbers = [
      { data = "+14155550123", primary = true },
      { data = "+442071838750" },
    ]
    addresses = [{
      street_1    = "1 Rabbit Hole Lane"
      street_2    = "Apt 2"
      city        = "San Francisco"
      region      = "CA"
      postal_code = "94103"
      country     = "US"
      primary     = true
    }]
  }
}
`

func contact(data string, primary bool) knownvalue.Check {
	return knownvalue.ObjectExact(map[string]knownvalue.Check{
		"data": knownvalue.StringExact(data), "primary": knownvalue.Bool(primary),
	})
}

var aliceAddress = knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
	"street_1":    knownvalue.StringExact("1 Rabbit Hole Lane"),
	"street_2":    knownvalue.StringExact("Apt 2"),
	"city":        knownvalue.StringExact("San Francisco"),
	"region":      knownvalue.StringExact("CA"),
	"postal_code": knownvalue.StringExact("94103"),
	"country":     knownvalue.StringExact("US"),
	"primary":     knownvalue.Bool(true),
})})

var aliceName = knownvalue.ObjectExact(map[string]knownvalue.Check{
	"given_name": knownvalue.StringExact("Alice"), "family_name": knownvalue.StringExact("Liddell"),
})

// planned expects the plan to take action on the user (and to pass the other checks), and the
// plan right after apply to be empty.
func planned(action plancheck.ResourceActionType, checks ...plancheck.PlanCheck) resource.ConfigPlanChecks {
	return resource.ConfigPlanChecks{
		PreApply:             append([]plancheck.PlanCheck{plancheck.ExpectResourceAction(user, action)}, checks...),
		PostApplyPostRefresh: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
	}
}

func TestAccUser_createUpdateImportReplace(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	sameUser := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(aliceConfig),
				// A user declared with identity gets no user_token: planned null, not "known after apply".
				ConfigPlanChecks: planned(plancheck.ResourceActionCreate,
					plancheck.ExpectKnownValue(user, tfjsonpath.New("user_token"), knownvalue.Null())),
				ConfigStateChecks: []statecheck.StateCheck{
					sameUser.AddStateValue(user, tfjsonpath.New("user_id")),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("user_id"), usrID),
					statecheck.CompareValuePairs(user, tfjsonpath.New("id"), user, tfjsonpath.New("user_id"), compare.ValuesSame()),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("client_user_id"), knownvalue.StringExact(plaid.ClientUserID("qa-alice"))),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("created_at"), timestamp),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("updated_at"), timestamp),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("identity"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"name":          aliceName,
						"date_of_birth": knownvalue.StringExact("1990-04-12"),
						"emails": knownvalue.ListExact([]knownvalue.Check{
							contact("alice@example.com", true), contact("alice.work@example.org", false),
						}),
						"phone_numbers": knownvalue.ListExact([]knownvalue.Check{contact("+14155550123", true)}),
						"addresses":     aliceAddress,
						"id_numbers": knownvalue.ListExact([]knownvalue.Check{knownvalue.ObjectExact(map[string]knownvalue.Check{
							"value": knownvalue.StringExact("412345678"), "type": knownvalue.StringExact("us_ssn"),
							"value_wo": knownvalue.Null(), "value_wo_version": knownvalue.Null(),
						})}),
					})),
					statecheck.ExpectSensitiveValue(user, tfjsonpath.New("identity").AtMapKey("id_numbers").AtSliceIndex(0).AtMapKey("value")),
				},
				Check: checkStoredIdentity(plaid, func(identity map[string]any) error {
					return expectLen(identity, "id_numbers", 1)
				}),
			},
			{
				Config: plaid.Config(aliceUpdatedConfig),
				ConfigPlanChecks: planned(plancheck.ResourceActionUpdate,
					plancheck.ExpectKnownValue(user, tfjsonpath.New("user_id"), usrID),
					plancheck.ExpectKnownValue(user, tfjsonpath.New("created_at"), timestamp),
					plancheck.ExpectUnknownValue(user, tfjsonpath.New("updated_at")),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					sameUser.AddStateValue(user, tfjsonpath.New("user_id")),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("identity").AtMapKey("emails"), knownvalue.ListExact([]knownvalue.Check{
						contact("alice@example.net", true), contact("alice.work@example.org", false),
					})),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("identity").AtMapKey("phone_numbers"), knownvalue.ListExact([]knownvalue.Check{
						contact("+14155550123", true), contact("+442071838750", false),
					})),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("identity").AtMapKey("id_numbers"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					// Plaid merges updates: the removed id_numbers must have been cleared, not kept.
					checkStoredIdentity(plaid, func(identity map[string]any) error {
						if err := expectLen(identity, "id_numbers", 0); err != nil {
							return err
						}
						return expectLen(identity, "phone_numbers", 2)
					}),
					checkUpdatedAtFromPlaid(plaid),
				),
			},
			{
				ResourceName:      user,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{
				ResourceName:    user,
				ImportState:     true,
				ImportStateKind: resource.ImportBlockWithID,
			},
			{
				Config: plaid.Config(strings.Replace(aliceUpdatedConfig, `"qa-alice"`, `"qa-alice-2"`, 1)),
				ConfigPlanChecks: planned(plancheck.ResourceActionDestroyBeforeCreate,
					plancheck.ExpectUnknownValue(user, tfjsonpath.New("user_id")),
				),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(user, tfjsonpath.New("client_user_id"), knownvalue.StringExact(plaid.ClientUserID("qa-alice-2"))),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("user_id"), usrID),
				},
				Check: checkUserCount(plaid, 1),
			},
		},
	})
}

// TestAccUser_importWithIDNumbers imports a user whose state holds sensitive id_numbers, with
// the import command and with an import block, and expects identical state and an empty plan.
func TestAccUser_importWithIDNumbers(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{Config: plaid.Config(aliceConfig), ConfigPlanChecks: planned(plancheck.ResourceActionCreate)},
			{
				// An import records each ID number's type, never its value: no SSN in the state.
				ResourceName: user, ImportState: true, ImportStateVerify: true,
				ImportStateVerifyIgnore: []string{"identity.id_numbers.0.value"},
				ImportStateCheck: func(states []*terraform.InstanceState) error {
					for key, value := range states[0].Attributes {
						if strings.Contains(value, "412345678") {
							return fmt.Errorf("the imported state holds the SSN at %s", key)
						}
					}
					return nil
				},
			},
			// The configuration Terraform generates (value = null for the sensitive value) plans
			// without a change.
			{ResourceName: user, ImportState: true, ImportStateKind: resource.ImportBlockWithID, GenerateConfig: true},
		},
	})
}

func TestAccUser_importErrors(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	config := plaid.Config(`resource "plaid_user" "test" { client_user_id = "qa-imported" }`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: config, ResourceName: user, ImportState: true, ImportStateId: "usr_doesnotexist",
				ExpectError: acctest.ExpectError(`Plaid error USER_NOT_FOUND while importing plaid_user "usr_doesnotexist"`),
			},
			{
				Config: config, ResourceName: user, ImportState: true, ImportStateId: "qa-imported",
				ExpectError: acctest.ExpectError(`Invalid import ID(.|\n)*user_id`),
			},
		},
	})
}

// TestAccUser_identityAddedAndRemoved starts without identity, adds emails, removes the whole
// identity (an in-place update that clears the emails in Plaid), then adds and removes a name,
// which Plaid cannot clear and so replaces the user.
func TestAccUser_identityAddedAndRemoved(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	bare := `resource "plaid_user" "test" { client_user_id = "qa-bob" }`
	withEmail := `
resource "plaid_user" "test" {
  client_user_id = "qa-bob"
  identity       = { emails = [{ data = "bob@example.com" }] }
}`
	withName := `
resource "plaid_user" "test" {
  client_user_id = "qa-bob"
  identity       = { name = { given_name = "Bob", family_name = "Builder" } }
}`
	sameUser := statecheck.CompareValue(compare.ValuesSame())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config:           plaid.Config(bare),
				ConfigPlanChecks: planned(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameUser.AddStateValue(user, tfjsonpath.New("user_id")),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("identity"), knownvalue.Null()),
				},
			},
			{
				Config:           plaid.Config(withEmail),
				ConfigPlanChecks: planned(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameUser.AddStateValue(user, tfjsonpath.New("user_id")),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("identity").AtMapKey("emails"),
						knownvalue.ListExact([]knownvalue.Check{contact("bob@example.com", false)})),
				},
			},
			{
				Config:           plaid.Config(bare),
				ConfigPlanChecks: planned(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameUser.AddStateValue(user, tfjsonpath.New("user_id")),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("identity"), knownvalue.Null()),
				},
				Check: checkStoredIdentity(plaid, func(identity map[string]any) error {
					return expectLen(identity, "emails", 0)
				}),
			},
			{
				Config:           plaid.Config(withName),
				ConfigPlanChecks: planned(plancheck.ResourceActionUpdate),
				ConfigStateChecks: []statecheck.StateCheck{
					sameUser.AddStateValue(user, tfjsonpath.New("user_id")),
					statecheck.ExpectKnownValue(user, tfjsonpath.New("identity").AtMapKey("name"), knownvalue.ObjectExact(map[string]knownvalue.Check{
						"given_name": knownvalue.StringExact("Bob"), "family_name": knownvalue.StringExact("Builder"),
					})),
				},
			},
			{
				Config:           plaid.Config(bare),
				ConfigPlanChecks: planned(plancheck.ResourceActionDestroyBeforeCreate),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(user, tfjsonpath.New("identity"), knownvalue.Null()),
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkUserCount(plaid, 1),
					checkStoredIdentity(plaid, func(identity map[string]any) error {
						if name, ok := identity["name"].(map[string]any); ok && name["given_name"] != "" {
							return fmt.Errorf("the replacement user still has a name: %v", name)
						}
						return nil
					}),
				),
			},
		},
	})
}

// TestAccUser_timeoutsChangeIsLocal changes only the timeouts block: an update that Plaid never
// hears of, planned with updated_at kept.
func TestAccUser_timeoutsChangeIsLocal(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	withTimeouts := strings.Replace(aliceConfig, `client_user_id = "qa-alice"`,
		`client_user_id = "qa-alice"
  timeouts {
    create = "2m"
    update = "3m"
  }`, 1)
	var updatesBefore int

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config:           plaid.Config(aliceConfig),
				ConfigPlanChecks: planned(plancheck.ResourceActionCreate),
				Check: func(*terraform.State) error {
					updatesBefore = plaid.Calls("/user/update")
					return nil
				},
			},
			{
				Config: plaid.Config(withTimeouts),
				ConfigPlanChecks: planned(plancheck.ResourceActionUpdate,
					plancheck.ExpectKnownValue(user, tfjsonpath.New("updated_at"), timestamp),
				),
				Check: func(*terraform.State) error {
					if n := plaid.Calls("/user/update") - updatesBefore; n != 0 {
						return fmt.Errorf("a timeouts change sent %d /user/update request(s), want none", n)
					}
					return nil
				},
			},
		},
	})
}

func TestAccUser_recreatedWhenRemovedOutOfBand(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	var userID string
	newUser := statecheck.CompareValue(compare.ValuesDiffer())

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config:            plaid.Config(aliceConfig),
				ConfigPlanChecks:  planned(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{newUser.AddStateValue(user, tfjsonpath.New("user_id"))},
				Check:             acctest.CaptureAttribute(user, "user_id", &userID),
			},
			{
				PreConfig:         func() { plaid.RemoveUser(userID) },
				Config:            plaid.Config(aliceConfig),
				ConfigPlanChecks:  planned(plancheck.ResourceActionCreate),
				ConfigStateChecks: []statecheck.StateCheck{newUser.AddStateValue(user, tfjsonpath.New("user_id"))},
				Check:             checkUserCount(plaid, 1),
			},
		},
	})
}

func TestAccUser_identityChangedOutOfBand(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	var userID string

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config:           plaid.Config(aliceConfig),
				ConfigPlanChecks: planned(plancheck.ResourceActionCreate),
				Check:            acctest.CaptureAttribute(user, "user_id", &userID),
			},
			{
				PreConfig: func() {
					plaid.UpdateIdentity(userID, map[string]any{
						"emails":        []map[string]any{{"data": "mallory@example.com", "primary": true}},
						"phone_numbers": []map[string]any{},
					})
				},
				Config: plaid.Config(aliceConfig),
				ConfigPlanChecks: planned(plancheck.ResourceActionUpdate,
					plancheck.ExpectKnownValue(user, tfjsonpath.New("identity").AtMapKey("emails"), knownvalue.ListExact([]knownvalue.Check{
						contact("alice@example.com", true), contact("alice.work@example.org", false),
					})),
				),
				Check: checkStoredIdentity(plaid, func(identity map[string]any) error {
					if err := expectLen(identity, "emails", 2); err != nil {
						return err
					}
					return expectLen(identity, "phone_numbers", 1)
				}),
			},
		},
	})
}

// storedUser asks the emulator (/user/get) for the user in state.
func storedUser(plaid *acctest.Emulator, s *terraform.State) (map[string]any, *terraform.InstanceState, error) {
	rs, ok := s.RootModule().Resources[user]
	if !ok {
		return nil, nil, fmt.Errorf("%s is not in state", user)
	}
	return plaid.Call("/user/get", map[string]any{"user_id": rs.Primary.ID}), rs.Primary, nil
}

// checkUpdatedAtFromPlaid checks that updated_at in state is the time Plaid holds, which an
// update moves.
func checkUpdatedAtFromPlaid(plaid *acctest.Emulator) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		stored, inState, err := storedUser(plaid, s)
		if err != nil {
			return err
		}
		plaidTime, err := time.Parse(time.RFC3339Nano, fmt.Sprint(stored["updated_at"]))
		if err != nil {
			return err
		}
		if want := plaidTime.UTC().Format(time.RFC3339Nano); inState.Attributes["updated_at"] != want {
			return fmt.Errorf("updated_at is %q in state, Plaid says %q", inState.Attributes["updated_at"], want)
		}
		return nil
	}
}

// checkStoredIdentity asks the emulator (/user/get) for the identity it holds for the user in
// state, and passes it to check.
func checkStoredIdentity(plaid *acctest.Emulator, check func(identity map[string]any) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		stored, _, err := storedUser(plaid, s)
		if err != nil {
			return err
		}
		identity, _ := stored["identity"].(map[string]any)
		return check(identity)
	}
}

// expectLen checks the length of a list in an identity as Plaid returned it (absent counts as 0).
func expectLen(identity map[string]any, list string, want int) error {
	got, _ := identity[list].([]any)
	if len(got) != want {
		return fmt.Errorf("Plaid holds %d %s, want %d: %v", len(got), list, want, got)
	}
	return nil
}

func checkUserCount(plaid *acctest.Emulator, want int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		if got := plaid.UserCount(); got != want {
			return fmt.Errorf("Plaid holds %d users, want %d", got, want)
		}
		return nil
	}
}
