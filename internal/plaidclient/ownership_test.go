package plaidclient

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

// ownershipPlaid answers /user/create with createStatus (after the odd answers in first, one
// per attempt) and /user/get with a user created at createdAt.
func ownershipPlaid(t *testing.T, createStatus int, createdAt time.Time, first ...func(http.ResponseWriter)) *fakePlaid {
	t.Helper()
	creates := 0
	return newFakePlaid(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/user/create":
			creates++
			if creates <= len(first) {
				first[creates-1](w)
				return
			}
			writeJSON(w, createStatus, createdUser)
		case "/user/get":
			writeJSON(w, http.StatusOK, fmt.Sprintf(`{"user_id":"usr_123","client_user_id":"qa-alice","created_at":%q,"request_id":"r"}`,
				createdAt.UTC().Format(time.RFC3339)))
		default:
			t.Errorf("unexpected request to %s", r.URL.Path)
		}
	})
}

func paths(f *fakePlaid) []string {
	var out []string
	for _, r := range f.attempts() {
		out = append(out, r.Path)
	}
	return out
}

func TestCreateNewUserSendsTheClientUserIDAlone(t *testing.T) {
	plaid := ownershipPlaid(t, http.StatusCreated, time.Now())
	created, user, err := mustNew(t, testConfig(plaid.URL)).CreateNewUser(context.Background(), "qa-alice", time.Now())
	if err != nil || !created.Created || user != nil {
		t.Fatalf("CreateNewUser = %+v, %v, %v; want a created user without a read", created, user, err)
	}
	if got := paths(plaid); len(got) != 1 || strings.TrimSpace(plaid.attempts()[0].Body) != `{"client_user_id":"qa-alice"}` {
		t.Errorf("requests %v, body %q; want one /user/create with the client_user_id alone", got, plaid.attempts()[0].Body)
	}
}

func TestCreateNewUserRefusesAUserThatExistedBefore(t *testing.T) {
	started := time.Now()
	plaid := ownershipPlaid(t, http.StatusOK, started.Add(-ClockSkewMargin-time.Second))
	_, _, err := mustNew(t, testConfig(plaid.URL)).CreateNewUser(context.Background(), "qa-alice", started)
	var existing *ExistingUserError
	if !errors.As(err, &existing) || existing.UserID != "usr_123" || existing.ClientUserID != "qa-alice" {
		t.Fatalf("err = %v, want an ExistingUserError naming usr_123", err)
	}
	if got := strings.Join(paths(plaid), " "); got != "/user/create /user/get" {
		t.Errorf("requests: %s; want /user/create /user/get and nothing that changes the user", got)
	}
}

// Plaid documents 200 as well as 201 for /user/create: a 200 whose user was created during the
// operation (within the clock-skew margin) is the operation's own.
func TestCreateNewUserTakesAFreshUserAnsweredWith200(t *testing.T) {
	started := time.Now()
	plaid := ownershipPlaid(t, http.StatusOK, started.Add(-ClockSkewMargin+time.Second))
	created, user, err := mustNew(t, testConfig(plaid.URL)).CreateNewUser(context.Background(), "qa-alice", started)
	if err != nil || created.UserID != "usr_123" || user == nil || user.UserID != "usr_123" {
		t.Fatalf("CreateNewUser = %+v, %+v, %v; want usr_123, read back", created, user, err)
	}
}

// A 2xx outside the spec may hide a user Plaid created: the call is sent again to learn its
// user_id, and the user is kept.
func TestCreateNewUserAsksAgainAfterAnOddAnswer(t *testing.T) {
	started := time.Now()
	odd := func(w http.ResponseWriter) {
		writeJSON(w, http.StatusOK, plaidErrorBody("USER_ERROR", "USER_NOT_FOUND", "req-odd"))
	}
	plaid := ownershipPlaid(t, http.StatusOK, started, odd)
	created, _, err := mustNew(t, testConfig(plaid.URL)).CreateNewUser(context.Background(), "qa-alice", started)
	if err != nil || created.UserID != "usr_123" || !created.EarlierAttemptAmbiguous {
		t.Fatalf("CreateNewUser = %+v, %v; want usr_123 after asking again", created, err)
	}
	if got := strings.Join(paths(plaid), " "); got != "/user/create /user/create /user/get" {
		t.Errorf("requests: %s", got)
	}
}

func TestCreateNewUserGivesUpAfterRepeatedOddAnswers(t *testing.T) {
	odd := func(w http.ResponseWriter) { writeJSON(w, http.StatusOK, `{"user_id":"","request_id":"r"}`) }
	plaid := ownershipPlaid(t, http.StatusOK, time.Now(), odd, odd, odd)
	_, _, err := mustNew(t, testConfig(plaid.URL)).CreateNewUser(context.Background(), "qa-alice", time.Now())
	if !MayHaveCarriedOut(err) || len(plaid.attempts()) != 1+reasks {
		t.Errorf("err = %v after %d requests; want an ambiguous error after %d", err, len(plaid.attempts()), 1+reasks)
	}
}

func TestCreateNewUserRefusesADuplicateBeforeSendingAnything(t *testing.T) {
	plaid := ownershipPlaid(t, http.StatusCreated, time.Now())
	c := mustNew(t, testConfig(plaid.URL))
	if _, _, err := c.CreateNewUser(context.Background(), "qa-alice", time.Now()); err != nil {
		t.Fatal(err)
	}
	_, _, err := c.CreateNewUser(context.Background(), "qa-alice", time.Now())
	var duplicate *DuplicateClientUserIDError
	if !errors.As(err, &duplicate) || duplicate.ClientUserID != "qa-alice" {
		t.Errorf("err = %v, want a DuplicateClientUserIDError", err)
	}
	if got := len(plaid.attempts()); got != 1 {
		t.Errorf("%d requests, want 1: the duplicate sends nothing", got)
	}
}

func TestNoRequestStartsOnceTheLifetimeIsOver(t *testing.T) {
	plaid := ownershipPlaid(t, http.StatusCreated, time.Now())
	lifetime, end := context.WithCancel(context.Background())
	cfg := testConfig(plaid.URL)
	cfg.Lifetime = lifetime
	c := mustNew(t, cfg)
	if _, err := createUser(context.Background(), c); err != nil {
		t.Fatalf("while alive: %v", err)
	}
	end()
	_, err := createUser(context.Background(), c)
	if !errors.Is(err, ErrStopped) {
		t.Errorf("err = %v, want ErrStopped", err)
	}
	if got := len(plaid.attempts()); got != 1 {
		t.Errorf("%d requests, want 1: none after the lifetime ended", got)
	}
}

func TestTheLifetimeCancelsARequestInFlight(t *testing.T) {
	lifetime, end := context.WithCancel(context.Background())
	plaid := newFakePlaid(t, func(_ int, _ http.ResponseWriter, r *http.Request) {
		end()
		<-r.Context().Done()
	})
	cfg := testConfig(plaid.URL)
	cfg.Lifetime = lifetime
	_, err := createUser(context.Background(), mustNew(t, cfg))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want the request canceled", err)
	}
	if got := len(plaid.attempts()); got != 1 {
		t.Errorf("%d attempts, want 1: no retry once the lifetime is over", got)
	}
}
