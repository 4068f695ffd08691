package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// legacyConfig declares a legacy user_token user (consumer_report_user_identity), an Item linked
// by its user_token, and the data source listing the Items by user_token.
func legacyConfig(plaid *emulatorProcess, p person) string {
	return fmt.Sprintf(`provider "plaid" {
  client_id = %q
  secret    = %q
  base_url  = %q
}

resource "plaid_user" "legacy" {
  client_user_id = "qa-e2e-legacy"
  consumer_report_user_identity = {
    first_name    = %q
    last_name     = %q
    date_of_birth = %q
    emails        = [%q]
    phone_numbers = [%q]
    primary_address = {
      street      = %q
      city        = "Springfield"
      region      = "IL"
      postal_code = "62704"
      country     = "US"
    }
    ssn_full = %q
  }
}

resource "plaid_sandbox_item" "legacy" {
  user_token       = plaid_user.legacy.user_token
  institution_id   = "ins_109508"
  initial_products = ["auth"]
}

data "plaid_user_items" "legacy" {
  user_token = plaid_user.legacy.user_token
  depends_on = [plaid_sandbox_item.legacy]
}

output "item_ids" {
  value = data.plaid_user_items.legacy.items[*].item_id
}
`, plaid.clientID, plaid.secret, plaid.URL,
		p.givenName, p.familyName, p.dateOfBirth, p.email, p.phone, p.street, formattedSSN(p.ssn))
}

// TestAccE2E_legacyUserTokenStaysOutOfLogs runs create, read (refresh), update and destroy of a
// legacy user, which Plaid identifies by a user_token the provider keeps in state and sends with
// every call, with TF_LOG=TRACE: the token, the secret, the Item's access token and the SSNs must
// be in no log line and no output, the identity in no log line of the provider.
func TestAccE2E_legacyUserTokenStaysOutOfLogs(t *testing.T) {
	secret := "e2e-secret-" + randomHex(t, 16)
	plaid := startEmulator(t, "e2e-client", secret, false, "--legacy")
	w := newWorkspace(t)

	w.writeConfig(legacyConfig(plaid, before))
	w.mustRun("plan", "-out=tfplan")
	w.mustRun("apply", "tfplan")
	users := plaid.users()
	if len(users) != 1 || !users[0].Legacy {
		t.Fatalf("the emulator holds %+v after the apply, want one legacy user", users)
	}
	// The emulator's listing never shows a user_token, as Plaid never returns one again: the
	// state is where it lives.
	userToken := w.stateAttribute("plaid_user", "legacy", "user_token")
	if !strings.HasPrefix(userToken, "user-sandbox-") {
		t.Fatalf("the state's user_token is not a sandbox user_token")
	}
	if itemIDs := w.mustRun("output", "-json", "item_ids"); len(users[0].ItemIDs) != 1 || !strings.Contains(itemIDs, users[0].ItemIDs[0]) {
		t.Errorf("output item_ids is %s, the emulator's user has Items %v", itemIDs, users[0].ItemIDs)
	}

	w.mustRun("apply", "-refresh-only", "-auto-approve")
	w.expectExit(0, "plan", "-detailed-exitcode")

	w.writeConfig(legacyConfig(plaid, after))
	if out := w.mustRun("apply", "-auto-approve"); !strings.Contains(out, "1 changed") {
		t.Errorf("the identity change was not applied in place:\n%s", out)
	}
	w.expectExit(0, "plan", "-detailed-exitcode")

	accessToken := w.stateAttribute("plaid_sandbox_item", "legacy", "access_token")
	if got := w.stateAttribute("plaid_user", "legacy", "user_token"); got != userToken {
		t.Errorf("the state's user_token changed with an update in place")
	}
	w.mustRun("destroy", "-auto-approve")
	if users := plaid.users(); len(users) != 0 {
		t.Errorf("the emulator still holds %d users after destroy: %+v", len(users), users)
	}

	secrets := append(commonSecrets(secret),
		needle{"the user token", userToken},
		needle{"the access token", accessToken},
	)
	for i, p := range []person{before, after} {
		secrets = append(secrets,
			needle{fmt.Sprintf("SSN %d", i), p.ssn},
			needle{fmt.Sprintf("formatted SSN %d", i), formattedSSN(p.ssn)})
	}
	checkLogs(t, w, logExpectations{
		paths: []string{"/user/create", "/user/update", "/user/remove", "/user/items/get",
			"/sandbox/public_token/create", "/item/public_token/exchange", "/user/items/remove"},
		secrets: secrets,
		pii:     identityNeedles(before, after),
	})
}

// formattedSSN writes nine digits the way ssn_full takes them, ddd-dd-dddd.
func formattedSSN(digits string) string {
	return digits[:3] + "-" + digits[3:5] + "-" + digits[5:]
}
