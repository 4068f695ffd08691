package emulator

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// TestPersistence restarts an emulator on its state file and checks that
// nothing was lost: users of both flavors, identities, Items and their
// errors, tokens, and the indexes behind idempotency and uniqueness.
func TestPersistence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.json")
	opts := Options{Legacy: true, DataFile: file}
	before := newTestClient(t, opts)
	legacy := before.post("/user/create", map[string]any{"client_user_id": "qa-legacy", "consumer_report_user_identity": legacyIdentityBody()}).expect(t, 200, "")
	upgraded := before.post("/user/create", map[string]any{"client_user_id": "qa-new", "with_upgraded_user": true, "identity": fullIdentity()}).expect(t, 201, "")
	newID := upgraded.str("user_id")
	before.post("/user/update", map[string]any{"user_id": newID, "identity": map[string]any{"name": null, "emails": []any{}}}).expect(t, 200, "")
	itemID, accessToken := before.linkItem("user_id", newID, "auth", "identity")
	before.linkItem("user_token", legacy.str("user_token"))
	before.post("/sandbox/user/reset_login", map[string]any{"user_id": newID, "item_ids": []string{itemID}}).expect(t, 200, "")
	pending := before.post("/sandbox/public_token/create", map[string]any{"user_id": newID, "institution_id": "ins_109510", "initial_products": []string{"liabilities"}}).str("public_token")
	userBefore := before.post("/user/get", map[string]any{"user_id": newID}).expect(t, 200, "").body
	itemsBefore := before.post("/user/items/get", map[string]any{"user_id": newID}).expect(t, 200, "").body

	after := newTestClient(t, opts)
	if got, want := after.emu.Users(), before.emu.Users(); !reflect.DeepEqual(got, want) {
		t.Fatalf("users after restart\n got %+v\nwant %+v", got, want)
	}
	userAfter := after.post("/user/get", map[string]any{"user_id": newID}).expect(t, 200, "").body
	itemsAfter := after.post("/user/items/get", map[string]any{"user_id": newID}).expect(t, 200, "").body
	for _, pair := range [][2]map[string]any{{userBefore, userAfter}, {itemsBefore, itemsAfter}} {
		delete(pair[0], "request_id")
		delete(pair[1], "request_id")
		if !reflect.DeepEqual(pair[0], pair[1]) {
			t.Errorf("after restart\n got %v\nwant %v", pair[1], pair[0])
		}
	}
	after.post("/user/create", `{"client_user_id":"qa-legacy"}`).expect(t, 400, codeInvalidField)
	if again := after.post("/user/create", `{"client_user_id":"qa-new","with_upgraded_user":true}`).expect(t, 200, ""); again.str("user_id") != newID {
		t.Errorf("idempotent create after restart gave %s, want %s", again.str("user_id"), newID)
	}
	after.post("/user/items/get", map[string]any{"user_token": legacy.str("user_token")}).expect(t, 200, "")
	after.post("/item/public_token/exchange", map[string]any{"public_token": pending}).expect(t, 200, "")
	after.post("/item/remove", map[string]any{"access_token": accessToken}).expect(t, 200, "")

	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("state file mode %v, want 0600 (it holds identity data)", perm)
	}
	if entries, _ := os.ReadDir(filepath.Dir(file)); len(entries) != 1 {
		t.Errorf("temporary files left beside the state: %v", entries)
	}

	after.emu.Reset()
	if restarted := newTestClient(t, opts); len(restarted.emu.Users()) != 0 {
		t.Error("Reset was not saved")
	}
}

func TestStateFileErrors(t *testing.T) {
	dir := t.TempDir()
	tests := map[string]string{
		"not JSON":      "{",
		"other version": `{"version":99}`,
	}
	for name, content := range tests {
		t.Run(name, func(t *testing.T) {
			file := filepath.Join(dir, name)
			if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
				t.Fatal(err)
			}
			if _, err := New(Options{DataFile: file}); err == nil {
				t.Errorf("New loaded a state file holding %q", content)
			}
		})
	}
}
