package e2e

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// person is the identity the lifecycle test declares. Every value is unusual enough that finding
// it in a log can only mean it was logged (the provider's own schema texts quote +14155550123,
// for instance, so that number is not used).
type person struct {
	givenName, familyName, dateOfBirth, email, phone, street, ssn string
}

var (
	before = person{
		givenName: "Zephyrine", familyName: "Quillfeather", dateOfBirth: "1979-08-14",
		email: "zephyrine.q@example.com", phone: "+12025550187", street: "77 Wisteria Walk", ssn: "731906248",
	}
	// after changes the email, the phone number and the SSN: an in-place update.
	after = person{
		givenName: before.givenName, familyName: before.familyName, dateOfBirth: before.dateOfBirth,
		email: "z.quillfeather@example.net", phone: "+61291234567", street: before.street, ssn: "582047319",
	}
)

// lifecycleConfig declares one user with a full identity, an Item linked to it, the data source
// listing its Items, and outputs. The secret is written in the provider block, the case where Terraform itself holds it.
func lifecycleConfig(plaid *emulatorProcess, p person) string {
	return fmt.Sprintf(`provider "plaid" {
  client_id = %q
  secret    = %q
  base_url  = %q
  ca_file   = %q
}

resource "plaid_user" "zephyrine" {
  client_user_id = "qa-e2e-zephyrine"
  identity = {
    name          = { given_name = %q, family_name = %q }
    date_of_birth = %q
    emails        = [{ data = %q, primary = true }]
    phone_numbers = [{ data = %q, primary = true }]
    addresses = [{
      street_1    = %q
      city        = "Springfield"
      region      = "IL"
      postal_code = "62704"
      country     = "US"
      primary     = true
    }]
    id_numbers = [{ type = "us_ssn", value = %q }]
  }
}

resource "plaid_sandbox_item" "checking" {
  user_id          = plaid_user.zephyrine.user_id
  institution_id   = "ins_109508"
  initial_products = ["auth"]
}

data "plaid_user_items" "zephyrine" {
  user_id    = plaid_user.zephyrine.user_id
  depends_on = [plaid_sandbox_item.checking]
}

output "user_id" {
  value = plaid_user.zephyrine.user_id
}

output "item_ids" {
  value = data.plaid_user_items.zephyrine.items[*].item_id
}
`, plaid.clientID, plaid.secret, plaid.URL, plaid.CAFile,
		p.givenName, p.familyName, p.dateOfBirth, p.email, p.phone, p.street, p.ssn)
}

// TestAccE2E_lifecycleKeepsSecretsAndPIIOutOfLogs runs create, read (refresh), update, import
// and destroy with TF_LOG=TRACE and checks that:
//   - the secret, the access tokens of the Items (one linked by Terraform, one behind its back),
//     public tokens, any user token and the ID numbers are in no log line (Terraform's or the
//     provider's) and in no command output;
//   - names, emails, phone numbers, the street and the date of birth are in none of the provider
//     process's log entries, while the plan output, which is the diff a reviewer needs, shows them.
func TestAccE2E_lifecycleKeepsSecretsAndPIIOutOfLogs(t *testing.T) {
	secret := "e2e-secret-" + randomHex(t, 16)
	// Over HTTPS, as with Plaid: the provider trusts the emulator's certificate through ca_file.
	plaid := startEmulator(t, "e2e-client", secret, true)
	w := newWorkspace(t)

	// Create.
	w.writeConfig(lifecycleConfig(plaid, before))
	planOutput := w.mustRun("plan", "-out=tfplan")
	if !strings.Contains(planOutput, "(sensitive value)") {
		t.Errorf("the plan does not mask the ID number as (sensitive value):\n%s", planOutput)
	}
	w.mustRun("apply", "tfplan")
	users := plaid.users()
	if len(users) != 1 {
		t.Fatalf("the emulator holds %d users after the apply, want 1: %+v", len(users), users)
	}
	userID := users[0].UserID
	if got := strings.TrimSpace(w.mustRun("output", "-raw", "user_id")); got != userID {
		t.Fatalf("output user_id is %q, the emulator's user is %q", got, userID)
	}

	// A second Item, linked behind Terraform's back: the test knows its public token too.
	public := plaid.call("/sandbox/public_token/create", map[string]any{
		"user_id": userID, "institution_id": "ins_109508", "initial_products": []string{"transactions"},
	})
	publicToken, _ := public["public_token"].(string)
	exchanged := plaid.call("/item/public_token/exchange", map[string]any{"public_token": publicToken})
	accessToken, _ := exchanged["access_token"].(string)
	itemID, _ := exchanged["item_id"].(string)
	if publicToken == "" || accessToken == "" || itemID == "" {
		t.Fatalf("the sandbox Item endpoints returned no tokens: %v %v", public, exchanged)
	}

	// Read: a refresh picks up the new Item; then the plan is empty.
	w.mustRun("apply", "-refresh-only", "-auto-approve")
	if got := w.mustRun("output", "-json", "item_ids"); !strings.Contains(got, itemID) {
		t.Errorf("output item_ids is %s, want it to list %s", got, itemID)
	}
	w.expectExit(0, "plan", "-detailed-exitcode")

	// Update in place.
	w.writeConfig(lifecycleConfig(plaid, after))
	updateOutput := w.mustRun("apply", "-auto-approve")
	if !strings.Contains(updateOutput, "1 changed") {
		t.Errorf("the identity change was not applied in place:\n%s", updateOutput)
	}
	w.expectExit(0, "plan", "-detailed-exitcode")

	// Import: forget the user and import it by user_id. An import records ID numbers by type
	// only, so the configured SSN is planned as an update of that entry alone; once applied, the
	// plan is empty.
	w.mustRun("state", "rm", "plaid_user.zephyrine")
	w.mustRun("import", "plaid_user.zephyrine", userID)
	if out := w.expectExit(2, "plan", "-detailed-exitcode"); !strings.Contains(out, "1 to change") {
		t.Errorf("the plan after import should change the user's ID number alone:\n%s", out)
	}
	w.mustRun("apply", "-auto-approve")
	w.expectExit(0, "plan", "-detailed-exitcode")

	// Destroy.
	managedAccessToken := w.stateAttribute("plaid_sandbox_item", "checking", "access_token")
	w.mustRun("destroy", "-auto-approve")
	if users := plaid.users(); len(users) != 0 {
		t.Errorf("the emulator still holds %d users after destroy: %+v", len(users), users)
	}

	checkLogs(t, w, logExpectations{
		paths: []string{"/user/create", "/user/get", "/user/update", "/user/remove", "/user/items/get",
			"/sandbox/public_token/create", "/item/public_token/exchange", "/user/items/remove"},
		secrets: append(commonSecrets(secret),
			needle{"the access token of the Item linked by Terraform", managedAccessToken},
			needle{"the public token of the Item linked out of band", publicToken},
			needle{"the access token of the Item linked out of band", accessToken},
			needle{"the first SSN", before.ssn},
			needle{"the second SSN", after.ssn},
		),
		pii: identityNeedles(before, after),
	})
}

// identityNeedles are the identity values of the persons, which the provider must never log.
func identityNeedles(persons ...person) []needle {
	var pii []needle
	for i, p := range persons {
		pii = append(pii,
			needle{fmt.Sprintf("the given name (%d)", i), p.givenName},
			needle{fmt.Sprintf("the family name (%d)", i), p.familyName},
			needle{fmt.Sprintf("the date of birth (%d)", i), p.dateOfBirth},
			needle{fmt.Sprintf("the email (%d)", i), p.email},
			// The national number, so that the number is found with or without its +1 or +61.
			needle{fmt.Sprintf("the phone number (%d)", i), nationalNumber(p.phone)},
			needle{fmt.Sprintf("the street (%d)", i), p.street},
		)
	}
	return pii
}

// nationalNumber strips "+" and the country code of the numbers the test uses (+1 or +61).
func nationalNumber(e164 string) string {
	return regexp.MustCompile(`^\+(1|61)`).ReplaceAllString(e164, "")
}

func randomHex(t *testing.T, n int) string {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		t.Fatal(err)
	}
	return hex.EncodeToString(b)
}
