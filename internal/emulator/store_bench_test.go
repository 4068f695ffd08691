package emulator_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
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

// BenchmarkStoreClients runs 100 clients at once, each repeating create, get,
// update (with an identity) and remove of a user of its own; an op is one
// request, and req/s the throughput of all clients. With a file, every write
// is durable before it is answered. The clients call the emulator over HTTP
// (an httptest server, one keep-alive connection per client), as
// plaid-emulator's clients do, and through its handler without a network,
// where the store's share of the work is larger.
func BenchmarkStoreClients(b *testing.B) {
	for _, via := range []string{"http", "handler"} {
		for _, mode := range storeModes {
			b.Run(via+"/"+mode, func(b *testing.B) {
				var h http.Handler = newStoreEmulator(b, mode)
				if via == "http" {
					h = serveOverHTTP(b, h)
				}
				runClients(b, h)
			})
		}
	}
}

func runClients(b *testing.B, h http.Handler) {
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
}

// overHTTP is a handler that sends each request on to a server over HTTP.
type overHTTP struct {
	url    string
	client *http.Client
}

func serveOverHTTP(b *testing.B, h http.Handler) overHTTP {
	srv := httptest.NewServer(h)
	b.Cleanup(srv.Close)
	transport := &http.Transport{MaxIdleConnsPerHost: storeClients}
	b.Cleanup(transport.CloseIdleConnections)
	return overHTTP{url: srv.URL, client: &http.Client{Transport: transport}}
}

func (o overHTTP) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	req, err := http.NewRequestWithContext(r.Context(), r.Method, o.url+r.URL.Path, r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	req.Header = r.Header
	resp, err := o.client.Do(req)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	w.WriteHeader(resp.StatusCode)
	_, _ = io.Copy(w, resp.Body)
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
