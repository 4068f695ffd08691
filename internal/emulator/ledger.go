package emulator

import (
	"sync"
	"time"
)

// ProductsTermination is the last /user/products/terminate call for a user, as the admin listing
// shows it.
type ProductsTermination struct {
	ReasonCode   string    `json:"reason_code"`
	ReasonNote   *string   `json:"reason_note"`
	TerminatedAt time.Time `json:"terminated_at"`
}

// ledger is what the emulator remembers of users beside the state that store.go keeps: each
// user's last products termination, and the client_user_ids of removed legacy users, which the
// legacy /user/create never accepts again. It is kept in memory only, so a --data file does not carry
// it across a restart: store.go owns that file's format. Handlers use it inside store.read and
// store.write, so that an entry changes together with its user; its own lock serves Reset.
type ledger struct {
	mu            sync.Mutex
	terminations  map[string]ProductsTermination // by user_id
	retiredLegacy map[string]bool                // client_user_ids of removed legacy users
}

func newLedger() *ledger {
	return &ledger{terminations: map[string]ProductsTermination{}, retiredLegacy: map[string]bool{}}
}

// terminated records a products termination for the user.
func (l *ledger) terminated(userID string, t ProductsTermination) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.terminations[userID] = t
}

// termination returns the user's last products termination, or nil.
func (l *ledger) termination(userID string) *ProductsTermination {
	l.mu.Lock()
	defer l.mu.Unlock()
	t, ok := l.terminations[userID]
	if !ok {
		return nil
	}
	return &t
}

// removed forgets a removed user's termination and, for a legacy user, retires its
// client_user_id.
func (l *ledger) removed(u *user) {
	l.mu.Lock()
	defer l.mu.Unlock()
	delete(l.terminations, u.UserID)
	if u.legacy() {
		l.retiredLegacy[u.ClientUserID] = true
	}
}

// retired reports whether a removed legacy user had this client_user_id.
func (l *ledger) retired(clientUserID string) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.retiredLegacy[clientUserID]
}

func (l *ledger) reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.terminations)
	clear(l.retiredLegacy)
}
