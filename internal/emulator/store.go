package emulator

import (
	"cmp"
	"crypto/rand"
	"log/slog"
	"maps"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
)

// user is a Plaid user. Legacy users (user_token flow) have a token and a
// user_id without the usr_ prefix; users of the new API have a usr_ id only.
type user struct {
	Seq            int64           `json:"seq"` // creation order
	UserID         string          `json:"user_id"`
	ClientUserID   string          `json:"client_user_id"`
	UserToken      string          `json:"user_token,omitempty"`
	CreatedAt      time.Time       `json:"created_at"`
	UpdatedAt      time.Time       `json:"updated_at"`
	Identity       identity        `json:"identity"`
	LegacyIdentity *legacyIdentity `json:"consumer_report_user_identity,omitempty"`
	ItemIDs        []string        `json:"item_ids"`
}

func (u *user) legacy() bool { return u.UserToken != "" }

// item is a Plaid Item, created by exchanging a public token.
type item struct {
	Seq           int64       `json:"seq"`
	ItemID        string      `json:"item_id"`
	AccessToken   string      `json:"access_token"`
	UserID        string      `json:"user_id,omitempty"`
	InstitutionID string      `json:"institution_id"`
	Products      []string    `json:"products"`
	Webhook       *string     `json:"webhook"`
	Error         *plaidError `json:"error"`
}

// publicToken is a Sandbox public token waiting to be exchanged.
type publicToken struct {
	Token         string    `json:"public_token"`
	UserID        string    `json:"user_id,omitempty"`
	InstitutionID string    `json:"institution_id"`
	Products      []string  `json:"products"`
	Webhook       *string   `json:"webhook"`
	ExpiresAt     time.Time `json:"expires_at"`
}

// snapshot is the JSON state file that plaid-emulator wrote before its
// state files became bbolt databases; openStore migrates it.
type snapshot struct {
	Version      int            `json:"version"`
	Users        []*user        `json:"users"`
	Items        []*item        `json:"items"`
	PublicTokens []*publicToken `json:"public_tokens"`
}

const snapshotVersion = 1

// data is the state with its indexes. Only store methods touch it, under
// store.mu. With a state file, every user, Item and public token that a
// write adds, changes or removes must be marked (the add and remove methods
// below do it; code that changes one in place calls touchUser or touchItem),
// for the store saves those keys only.
type data struct {
	seq          int64
	users        map[string]*user // by user_id
	newUsers     map[string]*user // new-API users by client_user_id
	legacyUsers  map[string]*user // legacy users by client_user_id
	userTokens   map[string]*user
	items        map[string]*item // by item_id
	accessTokens map[string]*item
	publicTokens map[string]*publicToken

	track   bool       // record touched keys: the store has a state file
	touched []entityID // since the last write was queued for the file
}

func newData() *data {
	return &data{
		users: map[string]*user{}, newUsers: map[string]*user{}, legacyUsers: map[string]*user{},
		userTokens: map[string]*user{}, items: map[string]*item{}, accessTokens: map[string]*item{},
		publicTokens: map[string]*publicToken{},
	}
}

// entityKind says which map, and which bucket of the state file, holds an
// entity.
type entityKind uint8

const (
	kindUser entityKind = iota
	kindItem
	kindPublicToken
)

// entityID names a user (by user_id), an Item (by item_id) or a public token.
type entityID struct {
	kind entityKind
	id   string
}

func (d *data) touch(kind entityKind, id string) {
	if d.track {
		d.touched = append(d.touched, entityID{kind, id})
	}
}

// touchUser marks a user changed in place.
func (d *data) touchUser(u *user) { d.touch(kindUser, u.UserID) }

// touchItem marks an Item changed in place.
func (d *data) touchItem(it *item) { d.touch(kindItem, it.ItemID) }

// entity returns what the state holds under id, nil when nothing.
func (d *data) entity(id entityID) any {
	var v any
	var ok bool
	switch id.kind {
	case kindUser:
		v, ok = d.users[id.id]
	case kindItem:
		v, ok = d.items[id.id]
	case kindPublicToken:
		v, ok = d.publicTokens[id.id]
	}
	if !ok {
		return nil
	}
	return v
}

func (d *data) nextSeq() int64 {
	d.seq++
	return d.seq
}

func (d *data) addUser(u *user) {
	d.seq = max(d.seq, u.Seq)
	d.users[u.UserID] = u
	if u.legacy() {
		d.legacyUsers[u.ClientUserID] = u
		d.userTokens[u.UserToken] = u
	} else {
		d.newUsers[u.ClientUserID] = u
	}
	d.touchUser(u)
}

// removeUser deletes the user, its Items and its pending public tokens.
func (d *data) removeUser(u *user) {
	for _, id := range u.ItemIDs {
		d.removeItem(d.items[id])
	}
	for token, pt := range d.publicTokens {
		if pt.UserID == u.UserID {
			d.removePublicToken(token)
		}
	}
	delete(d.users, u.UserID)
	delete(d.userTokens, u.UserToken)
	if u.legacy() {
		delete(d.legacyUsers, u.ClientUserID)
	} else {
		delete(d.newUsers, u.ClientUserID)
	}
	d.touchUser(u)
}

func (d *data) addItem(it *item) {
	d.seq = max(d.seq, it.Seq)
	d.items[it.ItemID] = it
	d.accessTokens[it.AccessToken] = it
	d.touchItem(it)
}

// removeItem deletes the Item and its association with its user.
func (d *data) removeItem(it *item) {
	if it == nil {
		return
	}
	delete(d.items, it.ItemID)
	delete(d.accessTokens, it.AccessToken)
	d.touchItem(it)
	if u := d.users[it.UserID]; u != nil {
		u.ItemIDs = slices.DeleteFunc(u.ItemIDs, func(id string) bool { return id == it.ItemID })
		d.touchUser(u)
	}
}

func (d *data) addPublicToken(pt *publicToken) {
	d.publicTokens[pt.Token] = pt
	d.touch(kindPublicToken, pt.Token)
}

func (d *data) removePublicToken(token string) {
	if _, ok := d.publicTokens[token]; ok {
		delete(d.publicTokens, token)
		d.touch(kindPublicToken, token)
	}
}

func (d *data) usersInOrder() []*user {
	return slices.SortedFunc(maps.Values(d.users), func(a, b *user) int { return cmp.Compare(a.Seq, b.Seq) })
}

// dataFromSnapshot returns the state of s, every entity touched.
func dataFromSnapshot(s snapshot) *data {
	d := newData()
	d.track = true
	for _, u := range s.Users {
		d.addUser(u)
	}
	for _, it := range s.Items {
		d.addItem(it)
	}
	for _, pt := range s.PublicTokens {
		d.addPublicToken(pt)
	}
	return d
}

// store guards the state and, given a file, keeps it there: see
// statefile.go.
type store struct {
	mu sync.Mutex
	d  *data
	// err, once set, fails every later write: the store is closed, or its
	// file could not be read back after a failed commit.
	err error

	file *stateFile // nil: memory only
}

func openStore(file string, log *slog.Logger) (*store, error) {
	s := &store{d: newData()}
	if file == "" {
		return s, nil
	}
	sf, d, err := openStateFile(file, log)
	if err != nil {
		return nil, err
	}
	s.d, s.file = d, sf
	go s.commitLoop()
	return s, nil
}

// read runs fn on the state without changing it. With a state file it
// returns once the state fn saw is durable, so that no answer shows a write
// that a crash could still lose.
func (s *store) read(fn func(d *data)) {
	_ = s.view(fn).wait() // a failed commit is logged; what fn read is answered anyway
}

// view runs fn under the lock and returns the newest commit queued, which
// what fn read depends on.
func (s *store) view(fn func(d *data)) *commit {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.d)
	return s.lastCommit()
}

// write runs fn on the state. With a state file it queues what fn changed
// for the file and returns once that, and everything fn saw, is durable; an
// answer is never given for a change that is not.
func (s *store) write(fn func(d *data) *plaidError) *plaidError {
	seen, perr := s.apply(fn)
	if err := seen.wait(); err != nil {
		return errInternal()
	}
	return perr
}

// apply runs fn under the lock and queues its changes for the file. It
// returns the newest commit queued, which fn's answer depends on.
func (s *store) apply(fn func(d *data) *plaidError) (*commit, *plaidError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, errInternal()
	}
	// Changes are saved even when fn fails: a failing write may still
	// change the state (an expired public token is forgotten).
	perr := fn(s.d)
	s.queueTouched()
	return s.lastCommit(), perr
}

// reset empties the state.
func (s *store) reset() error {
	seen, err := s.clear()
	if err != nil {
		return err
	}
	return seen.wait()
}

func (s *store) clear() (*commit, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return nil, s.err
	}
	s.d = newData()
	if s.file != nil {
		s.d.track = true
		s.queue(&commit{clear: true})
	}
	return s.lastCommit(), nil
}

// Identifiers in Plaid's formats.

const idAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// randomID draws n characters of idAlphabet from crypto/rand: tokens are
// secrets in form at least. (The slight modulo bias is of no consequence.)
func randomID(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b) // crypto/rand.Read never fails
	for i := range b {
		b[i] = idAlphabet[int(b[i])%len(idAlphabet)]
	}
	return string(b)
}

func newUserID() string       { return "usr_" + randomID(14) } // usr_9nSp2KuZ2x4JDw
func newLegacyUserID() string { return randomID(29) }          // wz666MBjYWTp2PDzzggYhM6oWWmBb
func newItemID() string       { return randomID(37) }
func newRequestID() string    { return randomID(15) }
func newUserToken() string    { return "user-sandbox-" + uuid.NewString() }
func newPublicToken() string  { return "public-sandbox-" + uuid.NewString() }
func newAccessToken() string  { return "access-sandbox-" + uuid.NewString() }
