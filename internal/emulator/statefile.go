package emulator

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"runtime"
	"time"

	bolt "go.etcd.io/bbolt"
	bolterrors "go.etcd.io/bbolt/errors"
)

// The state file (--data) is a bbolt database. Each user, Item and public
// token is one key of its bucket, its value the entity's JSON; the indexes
// (client_user_id, user_token, access_token) are rebuilt in memory when the
// file is opened.
//
// The state stays in memory as without a file, and a write saves only the
// keys it touched. A write changes the memory under store.mu and queues its
// changes; one goroutine commits everything queued so far in one bbolt
// transaction, synced to disk, while the next writes queue behind it: a group
// commit, as bbolt's db.Batch does, but in the order the writes changed the
// memory, which db.Batch does not promise. A request is answered only once
// its changes, and every change it saw, are durable.
//
// bbolt locks the file: a second emulator on it fails to open it.

var (
	bucketMeta = []byte("meta")
	buckets    = map[entityKind][]byte{kindUser: []byte("users"), kindItem: []byte("items"), kindPublicToken: []byte("public_tokens")}
	keyFormat  = []byte("format")
)

const (
	formatVersion = "2" // version 1 was the JSON snapshot
	// lockTimeout is how long opening waits for another process's lock.
	lockTimeout = 500 * time.Millisecond
)

var errClosed = errors.New("the emulator is closed")

// stateFile is the database behind a store and the writes queued for it.
// queue and last belong to store.mu.
type stateFile struct {
	db      *bolt.DB
	log     *slog.Logger
	queue   []*commit
	last    *commit       // the newest commit queued; nil once all are done
	kick    chan struct{} // a commit was queued
	stopped chan struct{} // the commit loop has ended
}

// commit is the changes of one write: keys to put (a value) or delete (nil),
// or the whole state to clear.
type commit struct {
	clear bool
	keys  []entityID
	vals  [][]byte
	done  chan struct{} // closed once committed or failed
	err   error         // set before done is closed
}

// wait returns once c is committed; a nil commit is.
func (c *commit) wait() error {
	if c == nil {
		return nil
	}
	<-c.done
	return c.err
}

func (c *commit) apply(tx *bolt.Tx) error {
	if c.clear {
		for _, name := range buckets {
			if err := tx.DeleteBucket(name); err != nil {
				return err
			}
			if _, err := tx.CreateBucket(name); err != nil {
				return err
			}
		}
	}
	for i, id := range c.keys {
		b, key := tx.Bucket(buckets[id.kind]), []byte(id.id)
		var err error
		if c.vals[i] == nil {
			err = b.Delete(key)
		} else {
			err = b.Put(key, c.vals[i])
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// lastCommit is the commit that the state in memory depends on; call it
// under s.mu.
func (s *store) lastCommit() *commit {
	if s.file == nil {
		return nil
	}
	return s.file.last
}

// queue hands c to the commit loop; call it under s.mu.
func (s *store) queue(c *commit) {
	c.done = make(chan struct{})
	s.file.queue = append(s.file.queue, c)
	s.file.last = c
	select {
	case s.file.kick <- struct{}{}:
	default: // a kick is pending: the loop will take c with it
	}
}

// queueTouched queues the keys touched since the last call; call it under
// s.mu.
func (s *store) queueTouched() {
	if c := s.d.takeTouched(); c != nil {
		s.queue(c)
	}
}

// takeTouched returns the current value of every key touched since the last
// call, nil when none was.
func (d *data) takeTouched() *commit {
	if len(d.touched) == 0 {
		return nil
	}
	c := &commit{}
	seen := make(map[entityID]bool, len(d.touched))
	for _, id := range d.touched {
		if seen[id] {
			continue
		}
		seen[id] = true
		var val []byte
		if v := d.entity(id); v != nil {
			var err error
			if val, err = json.Marshal(v); err != nil {
				panic(fmt.Sprintf("encoding %v: %v", id, err)) // plain structs: a bug
			}
		}
		c.keys, c.vals = append(c.keys, id), append(c.vals, val)
	}
	d.touched = d.touched[:0]
	return c
}

// commitLoop commits what is queued, all of it in one transaction, until
// close.
func (s *store) commitLoop() {
	f := s.file
	defer close(f.stopped)
	for range f.kick {
		s.mu.Lock()
		batch := f.queue
		f.queue = nil
		s.mu.Unlock()
		if len(batch) == 0 {
			continue
		}
		err := f.db.Update(func(tx *bolt.Tx) error {
			for _, c := range batch {
				if err := c.apply(tx); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			batch = append(batch, s.recover(err)...)
		}
		for _, c := range batch {
			c.err = err
			close(c.done)
		}
	}
}

// recover puts the memory back to what the file holds after a failed
// commit, and returns the commits queued since, which depended on the lost
// changes and fail with them.
func (s *store) recover(cause error) []*commit {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.file.log.Error("saving the state failed; the state goes back to the last saved one", "error", cause)
	failed := s.file.queue
	s.file.queue, s.file.last = nil, nil
	d, err := loadData(s.file.db)
	if err != nil {
		s.file.log.Error("reading the state back failed; every write fails from now on", "error", err)
		s.err = fmt.Errorf("the state file is unusable: %w", err)
		return failed
	}
	s.d = d
	return failed
}

// Close waits for the writes in progress and releases the state file, which
// another emulator can then open. Without a state file it does nothing.
func (e *Emulator) Close() error { return e.store.close() }

// close waits for the queued writes, then closes the file, releasing its
// lock. Later writes fail.
func (s *store) close() error {
	s.mu.Lock()
	if s.file == nil || errors.Is(s.err, errClosed) {
		s.mu.Unlock()
		return nil
	}
	s.err = errClosed
	close(s.file.kick) // nothing is queued after s.err is set
	s.mu.Unlock()
	<-s.file.stopped
	return s.file.db.Close()
}

// openStateFile opens (creating, or migrating from JSON) the state file and
// reads the state.
func openStateFile(file string, log *slog.Logger) (*stateFile, *data, error) {
	db, err := openDatabase(file)
	if err != nil {
		return nil, nil, err
	}
	d, err := loadData(db)
	if err != nil {
		db.Close()
		return nil, nil, fmt.Errorf("reading state file %s: %w", file, err)
	}
	return &stateFile{db: db, log: log, kick: make(chan struct{}, 1), stopped: make(chan struct{})}, d, nil
}

// openDatabase opens the state file, locked. A JSON state file of an older
// emulator is migrated first.
func openDatabase(file string) (*bolt.DB, error) {
	isJSON, err := holdsJSON(file)
	if err != nil {
		return nil, fmt.Errorf("reading state file: %w", err)
	}
	if isJSON {
		if err := migrateJSON(file); err != nil {
			return nil, err
		}
	}
	_, statErr := os.Stat(file)
	created := errors.Is(statErr, fs.ErrNotExist)
	db, err := openBolt(file)
	if err != nil {
		return nil, err
	}
	if err := initDatabase(db); err != nil {
		db.Close()
		return nil, fmt.Errorf("state file %s: %w", file, err)
	}
	if created {
		// The new file's name must survive a crash as its contents do.
		if err := syncDir(filepath.Dir(file)); err != nil {
			db.Close()
			return nil, fmt.Errorf("creating state file: %w", err)
		}
	}
	return db, nil
}

// openBolt opens a bbolt database, naming the likely cause of a failure.
func openBolt(file string) (*bolt.DB, error) {
	db, err := bolt.Open(file, 0o600, &bolt.Options{Timeout: lockTimeout})
	switch {
	case errors.Is(err, bolterrors.ErrTimeout):
		return nil, fmt.Errorf("state file %s is in use by another plaid-emulator (or another program holds its lock): stop that one, or give this one another --data file", file)
	case errors.Is(err, bolterrors.ErrInvalid), errors.Is(err, bolterrors.ErrVersionMismatch), errors.Is(err, bolterrors.ErrChecksum):
		return nil, fmt.Errorf("state file %s is not a plaid-emulator state file (%w): give --data another file, or move this one away", file, err)
	case err != nil:
		return nil, fmt.Errorf("opening state file: %w", err)
	}
	return db, nil
}

// initDatabase creates the buckets of a new database, or checks that an
// existing one is an emulator's state of this format.
func initDatabase(db *bolt.DB) error { return db.Update(initBuckets) }

func initBuckets(tx *bolt.Tx) error {
	meta := tx.Bucket(bucketMeta)
	if meta == nil {
		if err := tx.ForEach(func([]byte, *bolt.Bucket) error { return errors.New("a bbolt database of another program") }); err != nil {
			return fmt.Errorf("not a plaid-emulator state file: %w", err)
		}
		var err error
		if meta, err = tx.CreateBucket(bucketMeta); err != nil {
			return err
		}
		if err := meta.Put(keyFormat, []byte(formatVersion)); err != nil {
			return err
		}
	}
	if v := string(meta.Get(keyFormat)); v != formatVersion {
		return fmt.Errorf("format %q, and this plaid-emulator reads format %s: use the plaid-emulator that wrote it, or move the file away to start empty", v, formatVersion)
	}
	for _, name := range buckets {
		if _, err := tx.CreateBucketIfNotExists(name); err != nil {
			return err
		}
	}
	return nil
}

// loadData reads every entity into a new state.
func loadData(db *bolt.DB) (*data, error) {
	d := newData()
	err := db.View(func(tx *bolt.Tx) error {
		return errors.Join(
			loadBucket(tx, kindUser, d.addUser),
			loadBucket(tx, kindItem, d.addItem),
			loadBucket(tx, kindPublicToken, d.addPublicToken))
	})
	if err != nil {
		return nil, err
	}
	d.track = true
	return d, nil
}

func loadBucket[T any](tx *bolt.Tx, kind entityKind, add func(*T)) error {
	return tx.Bucket(buckets[kind]).ForEach(func(k, v []byte) error {
		e := new(T)
		if err := json.Unmarshal(v, e); err != nil {
			return fmt.Errorf("%s %q: %w", buckets[kind], k, err)
		}
		add(e)
		return nil
	})
}

// holdsJSON tells whether file is a JSON state file (what plaid-emulator
// wrote before its state files became bbolt databases, which start with a
// binary page header). A missing or empty file is not.
func holdsJSON(file string) (bool, error) {
	f, err := os.Open(file)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return false, err
	}
	return looksLikeJSON(head[:n]), nil
}

func looksLikeJSON(head []byte) bool {
	return bytes.HasPrefix(bytes.TrimLeft(head, " \t\r\n"), []byte("{"))
}

// migrateJSON replaces a JSON state file by a bbolt database holding the same
// state: written beside it, synced, renamed over it, and the directory
// synced. The new file's lock keeps two emulators from migrating at once.
func migrateJSON(file string) error {
	tmp := file + ".migrating"
	db, err := openBolt(tmp)
	if err != nil {
		return fmt.Errorf("migrating the JSON state file %s: %w", file, err)
	}
	raw, err := os.ReadFile(file)
	if err != nil {
		db.Close()
		return fmt.Errorf("reading state file: %w", err)
	}
	if !looksLikeJSON(raw) {
		// Another emulator migrated it while this one waited for the lock.
		db.Close()
		_ = os.Remove(tmp)
		return nil
	}
	snap, err := parseSnapshot(file, raw)
	if err == nil {
		err = db.Update(func(tx *bolt.Tx) error { return writeSnapshot(tx, snap) })
	}
	if closeErr := db.Close(); err == nil {
		err = closeErr
	}
	if err != nil {
		_ = os.Remove(tmp)
		return err
	}
	if err := os.Rename(tmp, file); err != nil {
		if again, _ := holdsJSON(file); errors.Is(err, fs.ErrNotExist) && !again {
			return nil // another emulator, which waited for this one's lock, renamed it
		}
		return fmt.Errorf("migrating the JSON state file %s: %w", file, err)
	}
	if err := syncDir(filepath.Dir(file)); err != nil {
		return fmt.Errorf("migrating the JSON state file %s: %w", file, err)
	}
	return nil
}

// parseSnapshot reads a JSON state file, refusing what it cannot migrate
// with what to do about it.
func parseSnapshot(file string, raw []byte) (snapshot, error) {
	var snap snapshot
	if err := json.Unmarshal(raw, &snap); err != nil {
		return snap, fmt.Errorf("state file %s is neither a plaid-emulator state file nor an older plaid-emulator's JSON state (%w): give --data another file, or move this one away", file, err)
	}
	if snap.Version != snapshotVersion {
		return snap, fmt.Errorf("state file %s is a JSON state of version %d, and this plaid-emulator migrates version %d only: give --data another file, or move this one away to start empty", file, snap.Version, snapshotVersion)
	}
	return snap, nil
}

// writeSnapshot makes tx hold exactly the state of snap.
func writeSnapshot(tx *bolt.Tx, snap snapshot) error {
	var stale [][]byte // left by a migration that crashed
	if err := tx.ForEach(func(name []byte, _ *bolt.Bucket) error {
		stale = append(stale, name)
		return nil
	}); err != nil {
		return err
	}
	for _, name := range stale {
		if err := tx.DeleteBucket(name); err != nil {
			return err
		}
	}
	if err := initBuckets(tx); err != nil {
		return err
	}
	if c := dataFromSnapshot(snap).takeTouched(); c != nil {
		return c.apply(tx)
	}
	return nil
}

// syncDir makes the names in dir durable. Windows cannot sync a directory,
// nor needs to.
func syncDir(dir string) error {
	if runtime.GOOS == "windows" {
		return nil
	}
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	return f.Sync()
}
