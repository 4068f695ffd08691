package acctest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"maps"
	"net/http"
	"os"
	"sync"
	"testing"

	"github.com/tfplaid/terraform-provider-plaid/internal/emulator"
)

// A remote run (make testacc-plaid, scripts/test.sh plaid) points the acceptance tests at the
// Plaid API that PLAID_BASE_URL names, with PLAID_CLIENT_ID and PLAID_SECRET, rather than at an
// emulator of their own. The provider talks to that API through a proxy in the test process,
// which counts the requests (Stats) and records every user /user/create answered, so that the
// checks that the destroy left nothing behind, and the cleanup that removes whatever a failed
// test left, work without a "list users" call, which Plaid does not have. Tests that need the
// emulator's inside (faults, its clock, its listing of users) are left out by design, with a
// skip message that starts with LeftOutByDesign, which the script counts apart.
var (
	remoteRun      = os.Getenv("PLAID_ACC_REMOTE") != ""
	remoteLegacy   = os.Getenv("PLAID_ACC_LEGACY") != ""
	remoteBaseURL  = os.Getenv("PLAID_BASE_URL")
	remoteClientID = os.Getenv("PLAID_CLIENT_ID")
	remoteSecret   = os.Getenv("PLAID_SECRET")
	// runPrefix starts every client_user_id of a remote run, so that runs never meet each
	// other's users in an account that keeps them.
	runPrefix = prefixOfRun()
)

// LeftOutByDesign starts the skip message of a test a remote run cannot do.
const LeftOutByDesign = "left out by design against a remote Plaid"

func prefixOfRun() string {
	if prefix := os.Getenv("PLAID_ACC_RUN_PREFIX"); prefix != "" {
		return prefix
	}
	random := make([]byte, 4)
	_, _ = rand.Read(random)
	return "tfacc-" + hex.EncodeToString(random) + "-"
}

// NeedsEmulator leaves the test out of a remote run, saying why.
func NeedsEmulator(t testing.TB, why string) {
	t.Helper()
	if remoteRun {
		t.Skipf("%s: %s", LeftOutByDesign, why)
	}
}

// ClientUserID is id as a configuration's client_user_id reaches Plaid: with the run's and the
// test's prefix against a remote Plaid (Config adds it), unchanged against the emulator. Tests
// share one remote Plaid, so each needs client_user_ids of its own.
func (e *Emulator) ClientUserID(id string) string { return e.prefix + id }

// remote holds what the proxy saw of a remote Plaid during one test.
type remote struct {
	mu       sync.Mutex
	requests map[string]map[string]int // by endpoint and HTTP status, as emulator.Stats
	created  map[string]string         // user_id -> user_token (legacy), as /user/create answered
}

func startRemote(t testing.TB) *Emulator {
	t.Helper()
	random := make([]byte, 3)
	_, _ = rand.Read(random)
	e := &Emulator{t: t, upstream: remoteBaseURL, prefix: runPrefix + hex.EncodeToString(random) + "-",
		remote: &remote{requests: map[string]map[string]int{}, created: map[string]string{}}}
	e.startProxy()
	t.Cleanup(func() { e.remote.cleanup(t) })
	return e
}

// record counts an answer, and keeps the user a /user/create answer names.
func (r *remote) record(endpoint string, answer Answer) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.requests[endpoint] == nil {
		r.requests[endpoint] = map[string]int{}
	}
	r.requests[endpoint][fmt.Sprint(answer.Status)]++
	var user struct {
		UserID    string `json:"user_id"`
		UserToken string `json:"user_token"`
	}
	if endpoint == "/user/create" && answer.Status/100 == 2 && json.Unmarshal(answer.Body, &user) == nil && user.UserID != "" {
		r.created[user.UserID] = user.UserToken
	}
}

func (r *remote) users() map[string]string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return maps.Clone(r.created)
}

// remove asks Plaid to remove a user; it reports whether the user was still there.
func remove(userID, userToken string) bool {
	request := map[string]string{"user_id": userID}
	if userToken != "" {
		request = map[string]string{"user_token": userToken}
	}
	status, _ := post(remoteBaseURL+"/user/remove", remoteClientID, remoteSecret, request)
	return status == http.StatusOK
}

// checkNoUsers is CheckNoUsers against a remote Plaid: none of the users the test created may
// still exist.
func (r *remote) checkNoUsers() error {
	for userID, userToken := range r.users() {
		if r.exists(userID, userToken) {
			return fmt.Errorf("user %s still exists in Plaid after destroy", userID)
		}
	}
	return nil
}

// cleanup removes every user the test created that is still there, and says so: a failed test
// must not leave users in an account that keeps them.
func (r *remote) cleanup(t testing.TB) {
	for userID, userToken := range r.users() {
		if remove(userID, userToken) {
			t.Logf("cleanup: removed user %s, which the test left behind", userID)
		}
	}
}

// Users is the emulator's listing of users; a remote Plaid has none, so the test is left out.
func (e *Emulator) Users() []emulator.UserSummary {
	e.t.Helper()
	NeedsEmulator(e.t, "it reads the emulator's listing of users")
	return e.Server.Users()
}

// Stats is the emulator's count of requests; against a remote Plaid, the proxy's.
func (e *Emulator) Stats() emulator.Stats {
	if e.remote == nil {
		return e.Server.Stats()
	}
	e.remote.mu.Lock()
	defer e.remote.mu.Unlock()
	requests := map[string]map[string]int{}
	for endpoint, byStatus := range e.remote.requests {
		requests[endpoint] = maps.Clone(byStatus)
	}
	return emulator.Stats{Requests: requests}
}

// withPrefixedClientUserID adds prefix to the client_user_id of a request map.
func withPrefixedClientUserID(request any, prefix string) any {
	fields, ok := request.(map[string]any)
	if !ok {
		return request
	}
	id, ok := fields["client_user_id"].(string)
	if !ok {
		return request
	}
	out := maps.Clone(fields)
	out["client_user_id"] = prefix + id
	return out
}

// UserCount is how many users exist: in the emulator, all of them; in a remote Plaid, those the
// test created (through the provider or Call) that Plaid still knows.
func (e *Emulator) UserCount() int {
	if e.remote == nil {
		return len(e.Server.Users())
	}
	count := 0
	for userID, userToken := range e.remote.users() {
		if e.remote.exists(userID, userToken) {
			count++
		}
	}
	return count
}

// exists asks Plaid whether a user is still there: /user/get, or /user/items/get with the token
// of a legacy user, which /user/get does not serve.
func (r *remote) exists(userID, userToken string) bool {
	request, endpoint := map[string]string{"user_id": userID}, "/user/get"
	if userToken != "" {
		request, endpoint = map[string]string{"user_token": userToken}, "/user/items/get"
	}
	status, _ := post(remoteBaseURL+endpoint, remoteClientID, remoteSecret, request)
	return status == http.StatusOK
}
