package emulator

import (
	"cmp"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
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

// snapshot is the persisted form of the state.
type snapshot struct {
	Version      int            `json:"version"`
	Users        []*user        `json:"users"`
	Items        []*item        `json:"items"`
	PublicTokens []*publicToken `json:"public_tokens"`
}

const snapshotVersion = 1

// data is the state with its indexes. Only store methods touch it, under
// store.mu.
type data struct {
	seq          int64
	users        map[string]*user // by user_id
	newUsers     map[string]*user // new-API users by client_user_id
	legacyUsers  map[string]*user // legacy users by client_user_id
	userTokens   map[string]*user
	items        map[string]*item // by item_id
	accessTokens map[string]*item
	publicTokens map[string]*publicToken
}

func newData() *data {
	return &data{
		users: map[string]*user{}, newUsers: map[string]*user{}, legacyUsers: map[string]*user{},
		userTokens: map[string]*user{}, items: map[string]*item{}, accessTokens: map[string]*item{},
		publicTokens: map[string]*publicToken{},
	}
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
}

// removeUser deletes the user, its Items and its pending public tokens.
func (d *data) removeUser(u *user) {
	for _, id := range u.ItemIDs {
		d.removeItem(d.items[id])
	}
	for token, pt := range d.publicTokens {
		if pt.UserID == u.UserID {
			delete(d.publicTokens, token)
		}
	}
	delete(d.users, u.UserID)
	delete(d.userTokens, u.UserToken)
	if u.legacy() {
		delete(d.legacyUsers, u.ClientUserID)
	} else {
		delete(d.newUsers, u.ClientUserID)
	}
}

func (d *data) addItem(it *item) {
	d.seq = max(d.seq, it.Seq)
	d.items[it.ItemID] = it
	d.accessTokens[it.AccessToken] = it
}

// removeItem deletes the Item and its association with its user.
func (d *data) removeItem(it *item) {
	if it == nil {
		return
	}
	delete(d.items, it.ItemID)
	delete(d.accessTokens, it.AccessToken)
	if u := d.users[it.UserID]; u != nil {
		u.ItemIDs = slices.DeleteFunc(u.ItemIDs, func(id string) bool { return id == it.ItemID })
	}
}

func (d *data) usersInOrder() []*user {
	return slices.SortedFunc(maps.Values(d.users), func(a, b *user) int { return cmp.Compare(a.Seq, b.Seq) })
}

func (d *data) snapshot() snapshot {
	return snapshot{
		Version:      snapshotVersion,
		Users:        d.usersInOrder(),
		Items:        slices.SortedFunc(maps.Values(d.items), func(a, b *item) int { return cmp.Compare(a.Seq, b.Seq) }),
		PublicTokens: slices.SortedFunc(maps.Values(d.publicTokens), func(a, b *publicToken) int { return cmp.Compare(a.Token, b.Token) }),
	}
}

func dataFromSnapshot(s snapshot) *data {
	d := newData()
	for _, u := range s.Users {
		d.addUser(u)
	}
	for _, it := range s.Items {
		d.addItem(it)
	}
	for _, pt := range s.PublicTokens {
		d.publicTokens[pt.Token] = pt
	}
	return d
}

// store guards the state and keeps it in a file when asked.
type store struct {
	mu   sync.Mutex
	d    *data
	file string // empty: memory only
}

func openStore(file string) (*store, error) {
	s := &store{d: newData(), file: file}
	if file == "" {
		return s, nil
	}
	raw, err := os.ReadFile(file)
	if errors.Is(err, fs.ErrNotExist) {
		// Writing the empty state now reports an unwritable place at start,
		// not at the first request.
		if err := s.save(); err != nil {
			return nil, fmt.Errorf("creating state file: %w", err)
		}
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading state file: %w", err)
	}
	var snap snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		return nil, fmt.Errorf("state file %s is not a plaid-emulator state: %w", file, err)
	}
	if snap.Version != snapshotVersion {
		return nil, fmt.Errorf("state file %s has version %d, want %d", file, snap.Version, snapshotVersion)
	}
	s.d = dataFromSnapshot(snap)
	return s, nil
}

// read runs fn on the state without changing it.
func (s *store) read(fn func(d *data)) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn(s.d)
}

// write runs fn on the state and, when it succeeds, saves the state.
func (s *store) write(fn func(d *data) *plaidError) *plaidError {
	s.mu.Lock()
	defer s.mu.Unlock()
	if perr := fn(s.d); perr != nil {
		return perr
	}
	if err := s.save(); err != nil {
		return errInternal()
	}
	return nil
}

func (s *store) reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.d = newData()
	return s.save()
}

// save writes the state file atomically: a temporary file in the same
// directory, synced, then renamed over the old one.
func (s *store) save() error {
	if s.file == "" {
		return nil
	}
	raw, err := json.MarshalIndent(s.d.snapshot(), "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(s.file), filepath.Base(s.file)+".tmp*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := tmp.Write(raw); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), s.file)
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
