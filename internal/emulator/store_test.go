package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"
)

// TestPersistence restarts an emulator on its state file and checks that
// nothing was lost: users of both flavors, identities, Items and their
// errors, tokens, and the indexes behind idempotency and uniqueness.
func TestPersistence(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.db")
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
	usersBefore := before.emu.Users()
	if err := before.emu.Close(); err != nil {
		t.Fatal(err)
	}

	after := newTestClient(t, opts)
	if got := after.emu.Users(); !reflect.DeepEqual(got, usersBefore) {
		t.Fatalf("users after restart\n got %+v\nwant %+v", got, usersBefore)
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
	after.post("/item/public_token/exchange", map[string]any{"public_token": pending}).expect(t, 400, codeInvalidPublicToken)
	after.post("/item/remove", map[string]any{"access_token": accessToken}).expect(t, 200, "")
	after.post("/user/items/remove", map[string]any{"user_token": legacy.str("user_token"), "item_ids": usersBefore[0].ItemIDs}).expect(t, 200, "")
	after.post("/user/remove", map[string]any{"user_id": newID}).expect(t, 200, "")

	info, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o600 {
		t.Errorf("state file mode %v, want 0600 (it holds identity data)", perm)
	}
	if entries, _ := os.ReadDir(filepath.Dir(file)); len(entries) != 1 {
		t.Errorf("files left beside the state: %v", entries)
	}

	after.emu.Reset()
	after.checkSaved()
	if err := after.emu.Close(); err != nil {
		t.Fatal(err)
	}
	if restarted := newTestClient(t, opts); len(restarted.emu.Users()) != 0 {
		t.Error("Reset was not saved")
	}
}

// checkSaved fails the test unless the state file holds exactly the state in
// memory: every write touched what it changed. It is called after every
// request of a test client.
func (c *testClient) checkSaved() {
	c.t.Helper()
	s := c.emu.store
	if s.file == nil {
		return
	}
	s.mu.Lock()
	inMemory := encodeState(c.t, s.d)
	pending := s.file.last
	s.mu.Unlock()
	if err := pending.wait(); err != nil {
		c.t.Fatalf("last commit: %v", err)
	}
	saved := map[string]map[string]string{}
	err := s.file.db.View(func(tx *bolt.Tx) error {
		for _, name := range buckets {
			saved[string(name)] = map[string]string{}
			if err := tx.Bucket(name).ForEach(func(k, v []byte) error {
				saved[string(name)][string(k)] = string(v)
				return nil
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		c.t.Fatal(err)
	}
	if !reflect.DeepEqual(saved, inMemory) {
		c.t.Fatalf("state file differs from the state in memory\nfile:   %v\nmemory: %v", saved, inMemory)
	}
}

// encodeState is the state as the file should hold it: by bucket, key and
// JSON value.
func encodeState(t *testing.T, d *data) map[string]map[string]string {
	out := map[string]map[string]string{}
	add := func(kind entityKind, entities map[string]any) {
		out[string(buckets[kind])] = map[string]string{}
		for k, v := range entities {
			raw, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			out[string(buckets[kind])][k] = string(raw)
		}
	}
	add(kindUser, anyValues(d.users))
	add(kindItem, anyValues(d.items))
	add(kindPublicToken, anyValues(d.publicTokens))
	return out
}

func anyValues[V any](m map[string]V) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// TestWritesSavedInPlace covers the writes that change the state in place
// and that TestPersistence does not make; every request checks the file.
func TestWritesSavedInPlace(t *testing.T) {
	clock := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	c := newTestClient(t, Options{DataFile: filepath.Join(t.TempDir(), "state.db"), Now: func() time.Time { return clock }})
	id := c.createUser("qa-in-place", nil)
	clock = clock.Add(time.Hour)
	if again := c.createUser("qa-in-place", map[string]any{"date_of_birth": "1990-01-02"}); again != id {
		t.Fatalf("idempotent create gave %s, want %s", again, id)
	}
	pt := c.post("/sandbox/public_token/create", map[string]any{"user_id": id, "institution_id": "ins_109508", "initial_products": []string{"auth"}}).expect(t, 200, "").str("public_token")
	clock = clock.Add(publicTokenLifetime + time.Minute)
	c.post("/item/public_token/exchange", map[string]any{"public_token": pt}).expect(t, 400, codeInvalidPublicToken)
	if n := len(c.emu.store.d.publicTokens); n != 0 {
		t.Errorf("%d public tokens left after the expired one was refused", n)
	}
}

// TestFailedCommit: a write whose commit fails is answered 500 and undone in
// memory, and the emulator carries on with the state the file holds.
func TestFailedCommit(t *testing.T) {
	c := newTestClient(t, Options{DataFile: filepath.Join(t.TempDir(), "state.db")})
	kept := c.createUser("qa-kept", nil)
	// bbolt refuses keys over 32 KiB: no request can make such a user.
	perr := c.emu.store.write(func(d *data) *plaidError {
		d.addUser(&user{UserID: "usr_" + strings.Repeat("x", 40000), ClientUserID: "qa-too-long", ItemIDs: []string{}})
		return nil
	})
	if perr == nil || perr.ErrorCode != codeInternalServerError {
		t.Fatalf("write with a failing commit: %v", perr)
	}
	if users := c.emu.Users(); len(users) != 1 || users[0].UserID != kept {
		t.Errorf("users after the failed commit: %+v", users)
	}
	c.createUser("qa-after", nil)
	c.post("/user/get", map[string]any{"user_id": kept}).expect(t, 200, "")
}

// TestSecondEmulatorOnTheSameFile: the state file is locked while an
// emulator has it open; the second one is refused with a message naming the
// file, and opens it once the first is closed.
func TestSecondEmulatorOnTheSameFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "state.db")
	first, err := New(Options{DataFile: file})
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	_, err = New(Options{DataFile: file})
	if err == nil || !strings.Contains(err.Error(), file+" is in use by another plaid-emulator") {
		t.Fatalf("second emulator on the same file: %v", err)
	}
	if waited := time.Since(start); waited > 5*time.Second {
		t.Errorf("the refusal took %v", waited)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	second, err := New(Options{DataFile: file})
	if err != nil {
		t.Fatalf("after the first closed: %v", err)
	}
	if err := second.Close(); err != nil {
		t.Fatal(err)
	}
	if err := second.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

// TestMigratesJSONStateFile opens a state file that an emulator with the
// JSON store wrote (testdata/state-v1.json: a legacy user with an Item, a
// new user with an identity, an Item after reset_login and a pending public
// token), and finds the same state, now in a bbolt file.
func TestMigratesJSONStateFile(t *testing.T) {
	raw, err := os.ReadFile("testdata/state-v1.json")
	if err != nil {
		t.Fatal(err)
	}
	var snap snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	if err := os.WriteFile(file, raw, 0o600); err != nil {
		t.Fatal(err)
	}
	beforeExpiry := func() time.Time { return snap.PublicTokens[0].ExpiresAt.Add(-time.Minute) }
	opts := Options{Legacy: true, DataFile: file, Now: beforeExpiry}
	c := newTestClient(t, opts)

	if got, want := encodeState(t, c.emu.store.d), encodeState(t, dataFromSnapshot(snap)); !reflect.DeepEqual(got, want) {
		t.Fatalf("migrated state\n got %v\nwant %v", got, want)
	}
	c.checkSaved()
	if isJSON, err := holdsJSON(file); err != nil || isJSON {
		t.Errorf("%s still holds JSON (%v)", file, err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("files left beside the state: %v", entries)
	}
	if info, err := os.Stat(file); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("migrated file: %v, %v", info, err)
	}

	legacy, upgraded := snap.Users[0], snap.Users[1]
	got := c.post("/user/get", map[string]any{"user_id": upgraded.UserID}).expect(t, 200, "")
	if identity, _ := got.body["identity"].(map[string]any); identity == nil || identity["date_of_birth"] != "1987-01-31" {
		t.Errorf("identity after migration: %v", got.body)
	}
	items := c.post("/user/items/get", map[string]any{"user_id": upgraded.UserID}).expect(t, 200, "")
	if list, _ := items.body["items"].([]any); len(list) != 1 || list[0].(map[string]any)["error"] == nil {
		t.Errorf("Items after migration (one, with ITEM_LOGIN_REQUIRED): %v", items.body)
	}
	c.post("/user/items/get", map[string]any{"user_token": legacy.UserToken}).expect(t, 200, "")
	c.post("/user/create", `{"client_user_id":"qa-legacy"}`).expect(t, 400, codeInvalidField)
	if again := c.post("/user/create", `{"client_user_id":"qa-new","with_upgraded_user":true}`).expect(t, 200, ""); again.str("user_id") != upgraded.UserID {
		t.Errorf("idempotent create after migration gave %s, want %s", again.str("user_id"), upgraded.UserID)
	}
	c.post("/item/public_token/exchange", map[string]any{"public_token": snap.PublicTokens[0].Token}).expect(t, 200, "")
	c.post("/user/create", `{"client_user_id":"qa-after"}`).expect(t, 200, "")
	if err := c.emu.Close(); err != nil {
		t.Fatal(err)
	}

	reopened := newTestClient(t, opts)
	if got, want := len(reopened.emu.Users()), len(snap.Users)+1; got != want {
		t.Errorf("%d users after reopening the migrated file, want %d", got, want)
	}
}

func TestStateFileErrors(t *testing.T) {
	dir := t.TempDir()
	otherProgram := filepath.Join(dir, "other program")
	newerFormat := filepath.Join(dir, "newer format")
	for file, buckets := range map[string]map[string]string{otherProgram: {"things": ""}, newerFormat: {"meta": "3"}} {
		db, err := bolt.Open(file, 0o600, nil)
		if err != nil {
			t.Fatal(err)
		}
		err = db.Update(func(tx *bolt.Tx) error {
			for name, format := range buckets {
				b, err := tx.CreateBucket([]byte(name))
				if err != nil {
					return err
				}
				if format != "" {
					if err := b.Put(keyFormat, []byte(format)); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err := errors.Join(err, db.Close()); err != nil {
			t.Fatal(err)
		}
	}
	tests := map[string]struct {
		content string // written to the file unless empty
		file    string // the file otherwise
		message string
	}{
		"not JSON":      {content: "{", message: "move this one away"},
		"other version": {content: `{"version":99}`, message: "migrates version 1 only: give --data another file, or move this one away"},
		"not bbolt":     {content: "PK\x03\x04 a zip file, say", message: "is not a plaid-emulator state file (invalid database)"},
		"other program": {file: otherProgram, message: "not a plaid-emulator state file: a bbolt database of another program"},
		"newer format":  {file: newerFormat, message: `format "3", and this plaid-emulator reads format 2`},
		"no directory":  {file: filepath.Join(dir, "missing", "state.db"), message: "no such file or directory"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			file := tt.file
			if tt.content != "" {
				file = filepath.Join(dir, name)
				if err := os.WriteFile(file, []byte(tt.content), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			before, _ := os.ReadFile(file)
			e, err := New(Options{DataFile: file})
			if err == nil {
				e.Close()
				t.Fatalf("New opened %s", name)
			}
			if !strings.Contains(err.Error(), tt.message) || !strings.Contains(err.Error(), file) {
				t.Errorf("error %q, want one naming the file and saying %q", err, tt.message)
			}
			if after, _ := os.ReadFile(file); !bytes.Equal(before, after) {
				t.Errorf("the refused file changed")
			}
			if _, err := os.Stat(file + ".migrating"); err == nil {
				t.Errorf("migration file left behind")
			}
		})
	}
}
