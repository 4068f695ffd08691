package emulator_test

import (
	"fmt"
	"net/http"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/tfplaid/terraform-provider-plaid/internal/emulator"
)

// storeModes are the emulator's two stores: state in memory only, and
// state in a file (--data) in a temporary directory.
var storeModes = []string{"memory", "data"}

func newStoreEmulator(b *testing.B, mode string) *emulator.Emulator {
	b.Helper()
	var opts emulator.Options
	if mode == "data" {
		opts.DataFile = filepath.Join(b.TempDir(), "state.db")
	}
	e, err := emulator.New(opts)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() {
		if err := e.Close(); err != nil {
			b.Error(err)
		}
	})
	return e
}

// storeClients is how many clients BenchmarkStoreClients runs at once.
const storeClients = 100

// BenchmarkStoreClients runs 100 clients at once through the handler, each
// repeating create, get, update (with an identity) and remove of a user of
// its own; an op is one request. req/s is the throughput of all clients; with
// a file, every write is durable before it is answered.
func BenchmarkStoreClients(b *testing.B) {
	for _, mode := range storeModes {
		b.Run(mode, func(b *testing.B) {
			h := newStoreEmulator(b, mode)
			var tickets atomic.Int64
			var wg sync.WaitGroup
			errs := make(chan error, storeClients)
			b.ReportAllocs()
			b.ResetTimer()
			for c := range storeClients {
				wg.Go(func() {
					cl := lifecycle{h: h, name: fmt.Sprintf("client-%d", c)}
					for tickets.Add(1) <= int64(b.N) {
						if err := cl.next(); err != nil {
							errs <- err
							return
						}
					}
				})
			}
			wg.Wait()
			b.StopTimer()
			close(errs)
			for err := range errs {
				b.Fatal(err)
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
		})
	}
}

// lifecycle is one client's cycle of create, get, update and remove.
type lifecycle struct {
	h      http.Handler
	name   string
	step   int
	users  int
	userID string
}

func (l *lifecycle) next() error {
	var err error
	user := fmt.Appendf(nil, `{"user_id": %q}`, l.userID)
	switch l.step % 4 {
	case 0:
		l.users++
		l.userID, err = serveCreate(l.h, fmt.Appendf(nil, `{"client_user_id": "%s-%d"}`, l.name, l.users))
	case 1:
		_, err = serve(l.h, "/user/get", user)
	case 2:
		_, err = serve(l.h, "/user/update", fmt.Appendf(nil, `{"user_id": %q, "identity": %s}`, l.userID, benchIdentity))
	case 3:
		_, err = serve(l.h, "/user/remove", user)
	}
	l.step++
	return err
}

// BenchmarkStoreCreate times /user/create by one client in a state of 100
// and of 3,000 users. Each iteration also removes the user it created, so
// that the state keeps its size; ns/create is the create alone.
func BenchmarkStoreCreate(b *testing.B) {
	for _, mode := range storeModes {
		for _, users := range []int{100, 3000} {
			b.Run(fmt.Sprintf("%s/users=%d", mode, users), func(b *testing.B) {
				h := newStoreEmulator(b, mode)
				seedUsers(b, h, users)
				var creating time.Duration
				b.ReportAllocs()
				b.ResetTimer()
				for i := range b.N {
					start := time.Now()
					id := createUser(b, h, fmt.Sprintf("bench-%d", i))
					creating += time.Since(start)
					post(b, h, "/user/remove", fmt.Appendf(nil, `{"user_id": %q}`, id))
				}
				b.ReportMetric(float64(creating.Nanoseconds())/float64(b.N), "ns/create")
			})
		}
	}
}

// seedUsers creates n users with an identity, 100 clients at once.
func seedUsers(b *testing.B, h http.Handler, n int) {
	b.Helper()
	var next atomic.Int64
	var wg sync.WaitGroup
	var failed atomic.Pointer[error]
	for range storeClients {
		wg.Go(func() {
			for i := next.Add(1); i <= int64(n); i = next.Add(1) {
				if _, err := serveCreate(h, fmt.Appendf(nil, `{"client_user_id": "seed-%d", "identity": %s}`, i, benchIdentity)); err != nil {
					failed.Store(&err)
					return
				}
			}
		})
	}
	wg.Wait()
	if err := failed.Load(); err != nil {
		b.Fatal(*err)
	}
}
