// Package emulator is an in-memory emulator of Plaid's User APIs and the
// Sandbox Item endpoints around them, faithful to Plaid's request and
// response shapes, validation and errors, with optional persistence and
// injected faults (latency, 500s, 429s, dropped connections, a
// requests-per-second limit).
//
// An Emulator is an http.Handler; Start serves one on a TCP listener, with
// TLS if asked. Besides Plaid's paths it answers an admin API, GET
// /__emulator/users, GET /__emulator/stats and POST /__emulator/reset, to
// loopback clients only unless Options.AdminToken is set.
package emulator

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"sync/atomic"
	"time"
)

// Options configure an Emulator. The zero value is a fault-free emulator of
// the new User API that keeps its state in memory and accepts any non-empty
// credentials.
type Options struct {
	ClientID, Secret string // empty: any non-empty client_id and secret are accepted
	Legacy           bool   // user_token flow of integrations from before December 2025
	DataFile         string // state kept in this bbolt database, each change durable before its answer; Close releases it

	Latency, Jitter time.Duration // added to every Plaid request: Latency plus up to Jitter

	ErrorRate    float64 // fraction of requests answered 500 API_ERROR/INTERNAL_SERVER_ERROR
	ThrottleRate float64 // fraction answered 429 RATE_LIMIT_EXCEEDED/RATE_LIMIT
	DropRate     float64 // fraction processed, then the connection is closed unanswered
	RPSLimit     float64 // above this many requests per second: 429 RATE_LIMIT_EXCEEDED/RATE_LIMIT; 0 is no limit

	Seed int64 // 0: random; otherwise a reproducible latency and fault sequence

	Logger *slog.Logger // one line per Plaid request (no bodies); nil: silent

	// AdminToken, when set, is required from every client of the admin API (/__emulator/) as
	// "Authorization: Bearer TOKEN"; empty, the admin API answers loopback clients only.
	AdminToken string

	// Now is the clock of created_at and updated_at; nil is time.Now. Tests set it to make users
	// that were created "earlier".
	Now func() time.Time
}

// Emulator is the Plaid API emulator, an http.Handler.
type Emulator struct {
	opts   Options
	store  *store
	ledger *ledger // what the store does not keep: terminations, retired legacy client_user_ids
	faults *faults
	stats  *stats
	log    *slog.Logger
	now    func() time.Time
	panics atomic.Int64 // handler panics recovered; always 0 unless there is a bug
}

// New returns an emulator, loading the state of opts.DataFile when it exists.
func New(opts Options) (*Emulator, error) {
	f, err := newFaults(opts)
	if err != nil {
		return nil, err
	}
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	st, err := openStore(opts.DataFile, logger)
	if err != nil {
		return nil, err
	}
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	return &Emulator{opts: opts, store: st, ledger: newLedger(), faults: f, stats: newStats(), log: logger, now: now}, nil
}

// Reset empties the emulator: users, Items, tokens, what the ledger holds and statistics.
func (e *Emulator) Reset() {
	if err := e.store.reset(); err != nil {
		e.log.Error("saving the emptied state", "error", err)
	}
	e.ledger.reset()
	e.stats.reset()
}

// ServeHTTP answers Plaid's paths and the /__emulator/ inspection paths.
func (e *Emulator) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.HasPrefix(r.URL.Path, inspectPrefix) {
		e.serveInspection(w, r)
		return
	}
	ep, known := endpoints[r.URL.Path]
	if !known || r.Method != http.MethodPost {
		errorResult(errNoEndpoint(w, r, known), newRequestID()).write(w)
		return
	}
	start := time.Now()
	body, bodyErr := readBody(w, r) // before the added latency: see readBody
	res, ok := e.servePlaid(r, ep, body, bodyErr)
	if !ok {
		return // the client went away during the added latency
	}
	// Counted before answering, so that a client reading the statistics
	// after its answer finds its request there.
	e.stats.count(r.URL.Path, res.statusKey())
	if res.drop {
		dropConnection(w)
	} else {
		res.write(w)
	}
	e.log.Info("plaid request", "method", r.Method, "path", r.URL.Path, "status", res.statusKey(), "duration", time.Since(start))
}

// errNoEndpoint answers a request that reaches no endpoint: an unknown path, or a known path asked
// with another method than POST (the spec gives every path a post operation only). Plaid
// documents no code for a wrong method; NOT_FOUND, its code for an endpoint that does not exist,
// is the closest, and the message and the Allow header say what to send instead.
func errNoEndpoint(w http.ResponseWriter, r *http.Request, knownPath bool) *plaidError {
	if !knownPath {
		return newError(codeNotFound, "unknown endpoint %s: Plaid has no endpoint at this path", r.URL.Path)
	}
	w.Header().Set("Allow", http.MethodPost)
	return newError(codeNotFound, "%s %s is not an endpoint: Plaid endpoints are POST requests; send POST %s", r.Method, r.URL.Path, r.URL.Path)
}

// servePlaid applies the faults around one Plaid request and works out its
// answer; ok is false when the client gave up first. A request whose body
// could not be read (bodyErr) meets the same faults as any other.
func (e *Emulator) servePlaid(r *http.Request, ep endpoint, body []byte, bodyErr *plaidError) (res result, ok bool) {
	requestID := newRequestID()
	if !e.faults.admit() {
		return errorResult(newError(codeRateLimit, "rate limit exceeded: more than %g requests per second", e.opts.RPSLimit), requestID), true
	}
	delay, fault := e.faults.next()
	if !sleep(r.Context(), delay) {
		return result{}, false
	}
	switch fault {
	case faultError:
		return errorResult(errInternal(), requestID), true
	case faultThrottle:
		return errorResult(newError(codeRateLimit, "too many requests were made; slow down and retry"), requestID), true
	}
	if bodyErr != nil {
		res = errorResult(bodyErr, requestID)
	} else {
		res = e.call(r, body, ep, requestID)
	}
	res.drop = fault == faultDrop
	return res, true
}

// sleep waits d unless the request is canceled first.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// dropConnection closes the client's connection without writing anything.
// Without a hijackable connection (HTTP/2, a test recorder) it aborts the
// handler, which makes net/http reset the stream or close the connection.
func dropConnection(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}

// call decodes, authenticates and runs one endpoint, recovering from a panic
// as a last resort (it would be a bug) with Plaid's 500.
func (e *Emulator) call(r *http.Request, body []byte, ep endpoint, requestID string) (res result) {
	defer func() {
		if p := recover(); p != nil {
			if errors.Is(asError(p), http.ErrAbortHandler) {
				panic(p)
			}
			e.panics.Add(1)
			e.log.Error("handler panic", "path", r.URL.Path, "panic", p)
			res = errorResult(errInternal(), requestID)
		}
	}()
	return ep(e, &call{r: r, requestID: requestID}, body)
}

func asError(p any) error {
	err, _ := p.(error)
	return err
}

// authenticate checks the credentials of the body, or else of the headers.
func (e *Emulator) authenticate(c *call, body *credentials) *plaidError {
	clientID, secret := c.r.Header.Get("PLAID-CLIENT-ID"), c.r.Header.Get("PLAID-SECRET")
	if body.ClientID != nil {
		clientID = *body.ClientID
	}
	if body.Secret != nil {
		secret = *body.Secret
	}
	var missing []string
	if clientID == "" {
		missing = append(missing, "client_id")
	}
	if secret == "" {
		missing = append(missing, "secret")
	}
	if len(missing) > 0 {
		return errMissingFields(missing)
	}
	if !matches(e.opts.ClientID, clientID) || !matches(e.opts.Secret, secret) {
		return newError(codeInvalidAPIKeys, "invalid client_id or secret provided").
			withSuggestion("Check the client_id and secret of the environment you are calling.")
	}
	return nil
}

// matches compares a credential in constant time; an unset one matches all.
func matches(want, got string) bool {
	return want == "" || sameSecret(want, got)
}

// sameSecret compares two secrets in constant time. Comparing their SHA-256 sums, of equal
// length, keeps the time independent of the secrets' lengths too.
func sameSecret(a, b string) bool {
	sumA, sumB := sha256.Sum256([]byte(a)), sha256.Sum256([]byte(b))
	return subtle.ConstantTimeCompare(sumA[:], sumB[:]) == 1
}
