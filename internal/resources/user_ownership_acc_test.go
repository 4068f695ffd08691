package resources_test

import (
	"encoding/json"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/tfplaid/terraform-provider-plaid/internal/acctest"
	"github.com/tfplaid/terraform-provider-plaid/internal/emulator"
)

// The tests of this file hold the provider to "own only what you created": a user Plaid already
// had is never changed, recorded or removed, except through import; a user it created is never
// lost, whatever Plaid answers.

// TestAccUser_existingUserIsRefusedNotAdopted: a user that the application created with the
// same client_user_id is reported with its user_id and the way to import it, and left as it was:
// no /user/update, no state, no /user/remove on destroy. Importing it then works.
func TestAccUser_existingUserIsRefusedNotAdopted(t *testing.T) {
	// The application created its user yesterday.
	var clock atomic.Pointer[time.Time]
	yesterday := time.Now().Add(-24 * time.Hour)
	clock.Store(&yesterday)
	plaid := acctest.StartEmulatorWith(t, emulator.Options{Now: func() time.Time {
		if t := clock.Load(); t != nil {
			return *t
		}
		return time.Now()
	}})
	existing := plaid.Call("/user/create", map[string]any{
		"client_user_id": "qa-alice",
		"identity":       map[string]any{"name": map[string]any{"given_name": "Real", "family_name": "Person"}},
	})
	clock.Store(nil)
	userID, _ := existing["user_id"].(string)
	before := plaid.Users()

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: plaid.Config(aliceConfig),
				ExpectError: acctest.ExpectError(`A Plaid user with this client_user_id already exists(.|\n)*` + userID +
					`(.|\n)*not changed, recorded or removed(.|\n)*import {(.|\n)*id = "` + userID + `"(.|\n)*terraform import plaid_user.NAME ` + userID),
			},
			{
				// Nothing was recorded: the destroy at the end of this step (and of the test) must
				// leave the user alone, and the emulator must show it untouched.
				Config: plaid.Config(`# nothing`),
				Check: func(*terraform.State) error {
					if n := plaid.Calls("/user/update") + plaid.Calls("/user/remove"); n != 0 {
						return fmt.Errorf("%d /user/update or /user/remove calls reached Plaid, want 0", n)
					}
					if after := plaid.Users(); fmt.Sprint(after) != fmt.Sprint(before) {
						return fmt.Errorf("the existing user changed:\nbefore %+v\nafter  %+v", before, after)
					}
					return nil
				},
			},
			{
				// Import is the way to take it over.
				Config: plaid.Config(fmt.Sprintf(`
import {
  to = plaid_user.test
  id = %q
}

resource "plaid_user" "test" {
  client_user_id = "qa-alice"
  identity = {
    name = { given_name = "Real", family_name = "Person" }
  }
}
`, userID)),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(user, tfjsonpath.New("user_id"), knownvalue.StringExact(userID)),
				},
			},
		},
		CheckDestroy: plaid.CheckNoUsers, // imported, so destroyed with the rest
	})
}

// TestAccUser_duplicateClientUserIDInOneConfiguration: the second resource is refused before
// anything reaches Plaid, so the two never share a user; the destroy leaves nothing behind.
func TestAccUser_duplicateClientUserIDInOneConfiguration(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: plaid.Config(`
resource "plaid_user" "first" {
  client_user_id = "qa-twin"
}

resource "plaid_user" "second" {
  client_user_id = "qa-twin"
}
`),
			ExpectError: acctest.ExpectError(`Duplicate client_user_id(.|\n)*"` + plaid.ClientUserID("qa-twin") + `"`),
		}},
		CheckDestroy: plaid.CheckNoUsers,
	})
	if n := plaid.Calls("/user/create"); n != 1 {
		t.Errorf("%d /user/create calls, want 1: the duplicate must send none", n)
	}
}

// TestAccUser_successAnswerWithAnErrorBodyKeepsTheUser: Plaid creates the user but answers 200
// with an error body. The provider asks again, learns the user_id, and records the user: no
// state with an empty id, no orphan.
func TestAccUser_successAnswerWithAnErrorBodyKeepsTheUser(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	answerFirstCreateWithAnErrorBody(plaid)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: plaid.Config(aliceConfig),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(user, tfjsonpath.New("user_id"), usrID),
				statecheck.ExpectKnownValue(user, tfjsonpath.New("identity").AtMapKey("name").AtMapKey("given_name"), knownvalue.StringExact("Alice")),
			},
			Check: func(*terraform.State) error { return onlyUsers(plaid, 1) },
		}},
		CheckDestroy: plaid.CheckNoUsers,
	})
}

// TestAccUser_readBackTroubleKeepsTheUser: after a successful create, a read-back that fails
// (every attempt a 503) or lacks the identity leaves the user in state with a warning, not
// tainted: the next refresh completes it, and the user_id never changes.
func TestAccUser_readBackTroubleKeepsTheUser(t *testing.T) {
	unavailable := acctest.PlaidError(503, "API_ERROR", "PLANNED_MAINTENANCE", "maintenance")
	cases := map[string]struct {
		attempts int // how many /user/get attempts meet the trouble
		answer   func(t *testing.T, upstream acctest.Answer) acctest.Answer
	}{
		// The first /user/get and its 4 retries (max_retries defaults to 4).
		"fails":              {5, func(*testing.T, acctest.Answer) acctest.Answer { return unavailable }},
		"lacks the identity": {1, withoutIdentity},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			plaid := acctest.StartEmulator(t)
			plaid.Tamper(func(endpoint string, n int, upstream acctest.Answer) acctest.Answer {
				if endpoint == "/user/get" && n < tc.attempts {
					return tc.answer(t, upstream)
				}
				return upstream
			})
			var firstID, secondID string
			resource.ParallelTest(t, resource.TestCase{
				ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
				Steps: []resource.TestStep{
					{
						Config: plaid.Config(aliceConfig),
						Check:  acctest.CaptureAttribute(user, "user_id", &firstID),
					},
					{
						Config: plaid.Config(aliceConfig),
						Check: resource.ComposeAggregateTestCheckFunc(
							acctest.CaptureAttribute(user, "user_id", &secondID),
							resource.TestCheckResourceAttrSet(user, "created_at"),
							func(*terraform.State) error {
								if firstID == "" || firstID != secondID {
									return fmt.Errorf("user_id %q after create, %q after refresh: want the same user", firstID, secondID)
								}
								return onlyUsers(plaid, 1)
							},
						),
					},
				},
				CheckDestroy: plaid.CheckNoUsers,
			})
		})
	}
}

// withoutIdentity is Plaid's /user/get answer with the identity left out.
func withoutIdentity(t *testing.T, upstream acctest.Answer) acctest.Answer {
	var answer map[string]any
	if err := json.Unmarshal(upstream.Body, &answer); err != nil {
		t.Errorf("decoding /user/get: %v", err)
		return upstream
	}
	delete(answer, "identity")
	body, err := json.Marshal(answer)
	if err != nil {
		t.Errorf("encoding /user/get: %v", err)
		return upstream
	}
	return acctest.Answer{Status: upstream.Status, Body: body}
}

// TestAccUser_refusedIdentityLeavesNoUser: when Plaid refuses the identity sent after the
// create, the create fails and the user it made is removed again.
func TestAccUser_refusedIdentityLeavesNoUser(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	plaid.Tamper(func(endpoint string, n int, upstream acctest.Answer) acctest.Answer {
		if endpoint == "/user/update" {
			return acctest.PlaidError(403, "USER_ERROR", "INVALID_USER_IDENTITY_DATA", "the identity is not valid")
		}
		return upstream
	})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config:      plaid.Config(aliceConfig),
			ExpectError: acctest.ExpectError(`Plaid error INVALID_USER_IDENTITY_DATA while creating plaid_user "` + plaid.ClientUserID("qa-alice") + `" \(setting its identity\)`),
			Check:       func(*terraform.State) error { return onlyUsers(plaid, 0) },
		}},
		CheckDestroy: plaid.CheckNoUsers,
	})
	if n := plaid.Calls("/user/remove"); n != 1 {
		t.Errorf("%d /user/remove calls, want 1", n)
	}
}

// onlyUsers checks that the emulator holds exactly n users.
func onlyUsers(plaid *acctest.Emulator, n int) error {
	if got := plaid.UserCount(); got != n {
		return fmt.Errorf("Plaid holds %d users, want %d", got, n)
	}
	return nil
}

// TestAccUser_importedIDNumberWithoutValue: an imported user's id_numbers entries hold no value;
// they plan without a change, but a replacement (here a new client_user_id) would have to send
// the numbers, so it is refused at plan, before the old user is destroyed.
func TestAccUser_importedIDNumberWithoutValue(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	created := plaid.Call("/user/create", map[string]any{"client_user_id": "qa-imported-ssn",
		"identity": map[string]any{"id_numbers": []any{map[string]any{"value": "412345678", "type": "us_ssn"}}}})
	userID, _ := created["user_id"].(string)
	config := func(clientUserID string) string {
		return plaid.Config(fmt.Sprintf(`
resource "plaid_user" "test" {
  client_user_id = %q
  identity = {
    id_numbers = [{ type = "us_ssn" }]
  }
}
`, clientUserID))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		CheckDestroy:             plaid.CheckNoUsers,
		Steps: []resource.TestStep{
			{
				Config: config("qa-imported-ssn"), ResourceName: user,
				ImportState: true, ImportStatePersist: true, ImportStateId: userID,
			},
			{Config: config("qa-imported-ssn"), PlanOnly: true},
			{
				Config:      config("qa-renamed-ssn"),
				PlanOnly:    true,
				ExpectError: acctest.ExpectError(`Attribute identity\.id_numbers\[0\] gives neither value nor value_wo`),
			},
		},
	})
	if n := plaid.Calls("/user/create"); n != 1 {
		t.Errorf("%d /user/create calls, want 1 (the test's own): the refused replacement must send nothing", n)
	}
}

// TestAccUser_userReadToDecideOwnershipIsNotReadAgain: after a 200 to /user/create (here the
// answer to asking again after an odd one), the user read to decide it is the apply's own is the
// one the state gets: a user without identity costs no second /user/get in the same create.
func TestAccUser_userReadToDecideOwnershipIsNotReadAgain(t *testing.T) {
	plaid := acctest.StartEmulator(t)
	answerFirstCreateWithAnErrorBody(plaid)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
		Steps: []resource.TestStep{{
			Config: plaid.Config(`resource "plaid_user" "test" { client_user_id = "qa-bare" }`),
			ConfigStateChecks: []statecheck.StateCheck{
				statecheck.ExpectKnownValue(user, tfjsonpath.New("created_at"), timestamp),
			},
			Check: func(*terraform.State) error {
				// The create's one read; the refresh after apply comes later.
				if n := len(plaid.RequestBodies("/user/get")); n != 1 {
					return fmt.Errorf("%d /user/get calls by the create, want 1", n)
				}
				return nil
			},
		}},
		CheckDestroy: plaid.CheckNoUsers,
	})
}

// answerFirstCreateWithAnErrorBody makes the first /user/create, which Plaid carries out, come
// back as a 200 whose body is a Plaid error.
func answerFirstCreateWithAnErrorBody(plaid *acctest.Emulator) {
	plaid.Tamper(func(endpoint string, n int, upstream acctest.Answer) acctest.Answer {
		if endpoint == "/user/create" && n == 0 {
			return acctest.PlaidError(200, "USER_ERROR", "USER_NOT_FOUND", "the user was not found")
		}
		return upstream
	})
}
