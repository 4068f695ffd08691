package emulator

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestFaultAnswers(t *testing.T) {
	tests := []struct {
		name      string
		opts      Options
		status    int
		errorType string
		code      string
	}{
		{"error rate", Options{ErrorRate: 1}, 500, typeAPIError, codeInternalServerError},
		{"throttle rate", Options{ThrottleRate: 1}, 429, typeRateLimit, codeRateLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := newTestClient(t, tt.opts)
			r := c.post("/user/create", `{"client_user_id":"qa-fault"}`).expect(t, tt.status, tt.code)
			if r.str("error_type") != tt.errorType {
				t.Errorf("error_type %s, want %s", r.str("error_type"), tt.errorType)
			}
			if users := c.emu.Users(); len(users) != 0 {
				t.Errorf("a faulted request did its work: %v", users)
			}
			// The emulator's own paths are never faulted or counted.
			c.get("/__emulator/users").expect(t, 200, "")
			want := map[string]map[string]int{"/user/create": {strconv.Itoa(tt.status): 1}}
			if got := c.emu.Stats().Requests; !reflect.DeepEqual(got, want) {
				t.Errorf("stats %v, want %v", got, want)
			}
		})
	}
}

func TestDropDoesTheWorkThenClosesTheConnection(t *testing.T) {
	c := newTestClient(t, Options{DropRate: 1})
	req, err := http.NewRequest(http.MethodPost, c.url+"/user/create", strings.NewReader(`{"client_user_id":"qa-drop"}`))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = http.Header{"PLAID-CLIENT-ID": {"a"}, "PLAID-SECRET": {"b"}, "Content-Type": {"application/json"}}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		t.Fatalf("dropped request was answered %d %s", resp.StatusCode, body)
	}
	if users := c.emu.Users(); len(users) != 1 || users[0].ClientUserID != "qa-drop" {
		t.Errorf("the dropped request did not do its work: %v", users)
	}
	want := map[string]map[string]int{"/user/create": {statusDropped: 1}}
	if got := c.emu.Stats().Requests; !reflect.DeepEqual(got, want) {
		t.Errorf("stats %v, want %v", got, want)
	}
}

func TestRPSLimit(t *testing.T) {
	// One request per 100 seconds: the second request in a row is over.
	c := newTestClient(t, Options{RPSLimit: 0.01})
	c.post("/user/create", `{"client_user_id":"qa-1"}`).expect(t, 201, "")
	r := c.post("/user/create", `{"client_user_id":"qa-2"}`).expect(t, 429, codeRateLimit)
	if r.str("error_type") != typeRateLimit {
		t.Errorf("error_type %s, want RATE_LIMIT_EXCEEDED", r.str("error_type"))
	}
	c.get("/__emulator/stats").expect(t, 200, "") // not limited
	if n := len(c.emu.Users()); n != 1 {
		t.Errorf("%d users, want 1", n)
	}
}

func TestLatency(t *testing.T) {
	c := newTestClient(t, Options{Latency: 40 * time.Millisecond})
	start := time.Now()
	c.post("/user/create", `{"client_user_id":"qa-slow"}`).expect(t, 201, "")
	if elapsed := time.Since(start); elapsed < 40*time.Millisecond {
		t.Errorf("answered in %v, before the 40ms latency", elapsed)
	}
}

func TestFaultSequence(t *testing.T) {
	opts := Options{Latency: 10 * time.Millisecond, Jitter: 5 * time.Millisecond, ErrorRate: 0.2, ThrottleRate: 0.1, DropRate: 0.05, Seed: 42}
	draw := func(o Options, n int) ([]time.Duration, []fault) {
		f, err := newFaults(o)
		if err != nil {
			t.Fatal(err)
		}
		delays, faults := make([]time.Duration, n), make([]fault, n)
		for i := range n {
			delays[i], faults[i] = f.next()
		}
		return delays, faults
	}
	const n = 20000
	delays, faults := draw(opts, n)
	againDelays, againFaults := draw(opts, n)
	if !reflect.DeepEqual(delays, againDelays) || !reflect.DeepEqual(faults, againFaults) {
		t.Error("the same seed gave two sequences")
	}
	otherSeed := opts
	otherSeed.Seed = 43
	if _, other := draw(otherSeed, n); reflect.DeepEqual(faults, other) {
		t.Error("two seeds gave the same sequence")
	}

	counts := map[fault]int{}
	for i := range n {
		counts[faults[i]]++
		if delays[i] < opts.Latency || delays[i] > opts.Latency+opts.Jitter {
			t.Fatalf("delay %v outside latency %v + jitter %v", delays[i], opts.Latency, opts.Jitter)
		}
	}
	for f, rate := range map[fault]float64{faultError: opts.ErrorRate, faultThrottle: opts.ThrottleRate, faultDrop: opts.DropRate} {
		if got := float64(counts[f]) / n; got < rate-0.02 || got > rate+0.02 {
			t.Errorf("fault %d drawn for %.3f of requests, want %.2f", f, got, rate)
		}
	}
}

func TestOptionsAreValidated(t *testing.T) {
	tests := []Options{
		{ErrorRate: -0.1},
		{ThrottleRate: 1.5},
		{ErrorRate: 0.5, ThrottleRate: 0.3, DropRate: 0.3},
		{Latency: -time.Second},
		{Jitter: -time.Second},
		{RPSLimit: -1},
	}
	for _, opts := range tests {
		if _, err := New(opts); err == nil {
			t.Errorf("New(%+v) accepted invalid options", opts)
		}
		if _, err := Start(opts, ServerOptions{}); err == nil {
			t.Errorf("Start(%+v) accepted invalid options", opts)
		}
	}
}

// The spec gives each Plaid path a post operation only (FACTS.md: "all POST"), and Plaid's invalid
// request errors guide names NOT_FOUND for an endpoint that does not exist. The message says which
// is wrong: the path, or the method of a known path (with Allow: POST).
func TestUnknownPathAndWrongMethodAreNotFoundSayingWhich(t *testing.T) {
	c := newTestClient(t, Options{ErrorRate: 1})
	tests := []struct{ method, path, message, allow string }{
		{http.MethodPost, "/user/delete", "unknown endpoint /user/delete: Plaid has no endpoint at this path", ""},
		{http.MethodPost, "/", "unknown endpoint /: Plaid has no endpoint at this path", ""},
		{http.MethodGet, "/nothing", "unknown endpoint /nothing: Plaid has no endpoint at this path", ""},
		{http.MethodGet, "/user/create", "GET /user/create is not an endpoint: Plaid endpoints are POST requests; send POST /user/create", "POST"},
		{http.MethodPut, "/user/products/terminate", "PUT /user/products/terminate is not an endpoint: Plaid endpoints are POST requests; send POST /user/products/terminate", "POST"},
	}
	for _, tt := range tests {
		request := func() *http.Request {
			req, err := http.NewRequest(tt.method, c.url+tt.path, strings.NewReader(`{}`))
			if err != nil {
				t.Fatal(err)
			}
			return req
		}
		resp, err := http.DefaultClient.Do(request())
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if got := resp.Header.Get("Allow"); got != tt.allow {
			t.Errorf("%s %s: Allow %q, want %q", tt.method, tt.path, got, tt.allow)
		}
		if r := c.do(request()).expect(t, 404, codeNotFound); r.str("error_message") != tt.message {
			t.Errorf("%s %s: error_message %q, want %q", tt.method, tt.path, r.str("error_message"), tt.message)
		}
	}
	if got := c.emu.Stats().Requests; len(got) != 0 {
		t.Errorf("unknown endpoints counted: %v", got)
	}
}

func TestCanceledDuringLatencyIsNotCounted(t *testing.T) {
	e, err := New(Options{Latency: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/user/create", strings.NewReader(`{"client_user_id":"a"}`))
	req.Header = http.Header{"PLAID-CLIENT-ID": {"a"}, "PLAID-SECRET": {"b"}, "Content-Type": {"application/json"}}
	w := httptest.NewRecorder()
	e.ServeHTTP(w, req)
	if w.Body.Len() != 0 || len(e.Stats().Requests) != 0 || len(e.Users()) != 0 {
		t.Errorf("request canceled during the latency was answered %q; stats %v", w.Body, e.Stats())
	}
}

// TestPanicIsTheLastResort checks the recovery that no input should reach
// (FuzzRequest asserts it is never used): a Plaid 500, counted, while an
// aborted handler still aborts.
func TestPanicIsTheLastResort(t *testing.T) {
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	req := httptest.NewRequest(http.MethodPost, "/user/create", strings.NewReader(`{}`))
	res := e.call(req, []byte(`{}`), func(*Emulator, *call, []byte) result { panic("bug") }, "req-1")
	body, ok := res.body.(*plaidError)
	if !ok || res.status != 500 || body.ErrorCode != codeInternalServerError || body.RequestID != "req-1" || e.panics.Load() != 1 {
		t.Errorf("panic answered %d %+v; %d panics counted", res.status, res.body, e.panics.Load())
	}
	defer func() {
		if p := recover(); p != http.ErrAbortHandler { //nolint:errorlint // the very value net/http looks for
			t.Errorf("recovered %v, want http.ErrAbortHandler passed on", p)
		}
	}()
	e.call(req, nil, func(*Emulator, *call, []byte) result { panic(http.ErrAbortHandler) }, "req-2")
}
