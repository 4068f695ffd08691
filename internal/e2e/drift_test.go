package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// TestAccE2E_destroyUserRemovedOutOfBand destroys, without refreshing first, a user that was
// removed behind Terraform's back, with its Item: /user/remove answers USER_NOT_FOUND, and so does
// /user/items/remove for the Item that went with it; both count as deleted, so the destroy
// succeeds and the state ends empty.
func TestAccE2E_destroyUserRemovedOutOfBand(t *testing.T) {
	plaid := startEmulator(t, "e2e-client", "e2e-secret", false)
	w := newWorkspace(t)
	w.writeConfig(fmt.Sprintf(`provider "plaid" {
  client_id = %q
  secret    = %q
  base_url  = %q
}

resource "plaid_user" "gone" {
  client_user_id = "qa-e2e-gone"
}

resource "plaid_sandbox_item" "gone" {
  user_id          = plaid_user.gone.user_id
  institution_id   = "ins_109508"
  initial_products = ["auth"]
}
`, plaid.clientID, plaid.secret, plaid.URL))
	w.mustRun("apply", "-auto-approve")
	users := plaid.users()
	if len(users) != 1 {
		t.Fatalf("the emulator holds %d users after the apply, want 1: %+v", len(users), users)
	}
	plaid.call("/user/remove", map[string]any{"user_id": users[0].UserID})

	out := w.mustRun("destroy", "-auto-approve", "-refresh=false")
	if !strings.Contains(out, "Destroy complete! Resources: 2 destroyed.") {
		t.Errorf("the destroy did not report the user destroyed:\n%s", out)
	}
	// The out-of-band removal answered 200, the destroy's USER_NOT_FOUND 400.
	if removes := plaid.requests()["/user/remove"]; removes["200"] != 1 || removes["400"] != 1 {
		t.Errorf("/user/remove answers: %v, want one 200 (out of band) and one 400 USER_NOT_FOUND (the destroy)", removes)
	}
	if removes := plaid.requests()["/user/items/remove"]; removes["400"] != 1 || len(removes) != 1 {
		t.Errorf("/user/items/remove answers: %v, want one 400 USER_NOT_FOUND (the destroy)", removes)
	}
	if state := strings.TrimSpace(w.mustRun("state", "list")); state != "" {
		t.Errorf("the state still lists %q after destroy", state)
	}
}
