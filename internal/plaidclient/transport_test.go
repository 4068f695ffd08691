package plaidclient

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

func TestRetriesRetryableStatusesUntilSuccess(t *testing.T) {
	for _, status := range []int{429, 500, 502, 503, 504} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			plaid := newFakePlaid(t, func(n int, w http.ResponseWriter, _ *http.Request) {
				if n <= 2 {
					writeJSON(w, status, plaidErrorBody("API_ERROR", "INTERNAL_SERVER_ERROR", fmt.Sprint("req-", n)))
					return
				}
				writeJSON(w, http.StatusOK, createdUser)
			})
			resp, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
			if err != nil {
				t.Fatalf("create: %v", err)
			}
			if resp.UserID != "usr_123" {
				t.Errorf("user_id = %q, want usr_123", resp.UserID)
			}
			attempts := plaid.attempts()
			if len(attempts) != 3 {
				t.Fatalf("attempts = %d, want 3", len(attempts))
			}
			for i, a := range attempts {
				if a.Body != attempts[0].Body || a.Body == "" {
					t.Errorf("attempt %d body %q differs from the first %q: POST bodies must be replayed", i+1, a.Body, attempts[0].Body)
				}
			}
		})
	}
}

func TestRetriesDroppedConnection(t *testing.T) {
	plaid := newFakePlaid(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n == 1 {
			dropConnection(t, w)
			return
		}
		writeJSON(w, http.StatusOK, createdUser)
	})
	if _, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL))); err != nil {
		t.Fatalf("create: %v", err)
	}
	if got := len(plaid.attempts()); got != 2 {
		t.Errorf("attempts = %d, want 2", got)
	}
}

func TestNeverRetriesOtherErrors(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 409, 501} {
		t.Run(fmt.Sprint(status), func(t *testing.T) {
			plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
				writeJSON(w, status, plaidErrorBody("INVALID_REQUEST", "INVALID_FIELD", "req-1"))
			})
			_, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
			if err == nil {
				t.Fatal("create succeeded, want an error")
			}
			if got := len(plaid.attempts()); got != 1 {
				t.Errorf("attempts = %d, want 1", got)
			}
			e, ok := AsError(err)
			if !ok {
				t.Fatalf("AsError(%v) found no Plaid error", err)
			}
			if e.HTTPStatus != status || e.ErrorCode != "INVALID_FIELD" || e.Attempts != 1 || e.Exhausted {
				t.Errorf("got %+v, want status %d, INVALID_FIELD, 1 attempt, not exhausted", e, status)
			}
		})
	}
}

func TestExhaustedRetriesKeepPlaidsLastError(t *testing.T) {
	plaid := newFakePlaid(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusServiceUnavailable, plaidErrorBody("API_ERROR", "PLANNED_MAINTENANCE", fmt.Sprint("req-", n)))
	})
	_, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
	e, ok := AsError(err)
	if !ok {
		t.Fatalf("AsError(%v) found no Plaid error", err)
	}
	want := Error{HTTPStatus: 503, ErrorType: "API_ERROR", ErrorCode: "PLANNED_MAINTENANCE",
		ErrorMessage: "message for PLANNED_MAINTENANCE", RequestID: "req-4", Attempts: 4, Exhausted: true,
		Ambiguous: true} // the earlier 503s may have been carried out
	if *e != want {
		t.Errorf("got %+v\nwant %+v", *e, want)
	}
	if got := len(plaid.attempts()); got != 4 {
		t.Errorf("attempts = %d, want 4 (1 + MaxRetries 3)", got)
	}
}

func TestExhaustedRetriesWithoutAnswer(t *testing.T) {
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) { dropConnection(t, w) })
	_, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
	var noAnswer *NoAnswerError
	if !errors.As(err, &noAnswer) {
		t.Fatalf("error %v (%T) is not a NoAnswerError", err, err)
	}
	if noAnswer.Attempts != 4 || !noAnswer.Exhausted || !noAnswer.Ambiguous {
		t.Errorf("got %+v, want 4 attempts, exhausted, ambiguous (the requests were sent)", noAnswer)
	}
	if got := len(plaid.attempts()); got != 4 {
		t.Errorf("attempts = %d, want 4", got)
	}
	assertContains(t, err.Error(), "after 4 attempts", "retries exhausted")
}

func TestMaxRetriesZeroSendsOnce(t *testing.T) {
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusInternalServerError, plaidErrorBody("API_ERROR", "INTERNAL_SERVER_ERROR", "req-1"))
	})
	cfg := testConfig(plaid.URL)
	cfg.MaxRetries = 0
	_, err := createUser(context.Background(), mustNew(t, cfg))
	if e, ok := AsError(err); !ok || e.HTTPStatus != 500 || e.Attempts != 1 {
		t.Errorf("AsError(%v) = %+v, %v; want HTTP 500 after 1 attempt", err, e, ok)
	}
	if got := len(plaid.attempts()); got != 1 {
		t.Errorf("attempts = %d, want 1", got)
	}
}

func TestRetryAfterIsHonored(t *testing.T) {
	answers := []struct {
		status     int
		retryAfter string
	}{
		{429, "7"},
		{503, "2"},
		{500, "9"}, // Retry-After only means something on 429 and 503
	}
	plaid := newFakePlaid(t, func(n int, w http.ResponseWriter, _ *http.Request) {
		if n > len(answers) {
			writeJSON(w, http.StatusOK, createdUser)
			return
		}
		w.Header().Set("Retry-After", answers[n-1].retryAfter)
		writeJSON(w, answers[n-1].status, plaidErrorBody("RATE_LIMIT_EXCEEDED", "RATE_LIMIT", "req"))
	})
	// Record what the real backoff asks for, but do not wait.
	var mu sync.Mutex
	var waits []time.Duration
	recording := func(base, maxWait time.Duration, retry int, resp *http.Response) time.Duration {
		mu.Lock()
		defer mu.Unlock()
		waits = append(waits, backoff(base, maxWait, retry, resp))
		return 0
	}
	c := newClient(testConfig(plaid.URL), recording)
	if _, err := createUser(context.Background(), c); err != nil {
		t.Fatalf("create: %v", err)
	}
	if len(waits) != 3 || waits[0] != 7*time.Second || waits[1] != 2*time.Second || waits[2] >= 4*time.Millisecond {
		t.Errorf("waits = %v, want [7s 2s <4ms]", waits)
	}
}

func TestContextEndsRetryAfterWait(t *testing.T) {
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Retry-After", "3600")
		writeJSON(w, http.StatusTooManyRequests, plaidErrorBody("RATE_LIMIT_EXCEEDED", "RATE_LIMIT", "req"))
	})
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	_, err := createUser(ctx, mustNew(t, testConfig(plaid.URL)))
	var noAnswer *NoAnswerError
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &noAnswer) {
		t.Fatalf("err = %v (%T), want a NoAnswerError with the context's deadline", err, err)
	}
	if noAnswer.Ambiguous {
		t.Errorf("%+v: ambiguous, but Plaid only answered 429s, which it did not carry out", noAnswer)
	}
}

func TestBackoffIsExponentialWithFullJitterAndCapped(t *testing.T) {
	const base, maxWait = 100 * time.Millisecond, time.Second
	for retry := 0; retry < 70; retry++ {
		ceiling := min(base<<min(retry, 30), maxWait)
		var longest time.Duration
		for range 200 {
			wait := backoff(base, maxWait, retry, nil)
			if wait < 0 || wait >= ceiling {
				t.Fatalf("retry %d: wait %s outside [0, %s)", retry, wait, ceiling)
			}
			longest = max(longest, wait)
		}
		if longest < ceiling/2 {
			t.Errorf("retry %d: 200 waits all below %s: not spread over [0, %s)", retry, ceiling/2, ceiling)
		}
	}
}

// Issue 6's target is parallelism + 2 connections per command; with the pool capped at
// MaxConnections, no burst of requests can open more than that, however the returns of busy
// connections and the dials of new ones interleave.
func TestPoolOpensAtMostMaxConnections(t *testing.T) {
	const workers, callsEach = 16, 10
	for _, maxConnections := range []int{workers, 4} {
		t.Run(fmt.Sprintf("max_connections=%d", maxConnections), func(t *testing.T) {
			var opened atomic.Int32
			server := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				time.Sleep(time.Millisecond) // keep the workers overlapping
				writeJSON(w, http.StatusOK, createdUser)
			}))
			server.Config.ConnState = func(_ net.Conn, state http.ConnState) {
				if state == http.StateNew {
					opened.Add(1)
				}
			}
			server.Start()
			defer server.Close()

			cfg := testConfig(server.URL)
			cfg.MaxConnections = maxConnections
			c := mustNew(t, cfg)
			var wg sync.WaitGroup
			for range workers {
				wg.Go(func() {
					for range callsEach {
						if _, err := createUser(context.Background(), c); err != nil {
							t.Error(err)
						}
					}
				})
			}
			wg.Wait()
			if got := opened.Load(); got > int32(maxConnections) {
				t.Errorf("%d connections opened for %d parallel workers, want at most %d", got, workers, maxConnections)
			}
		})
	}
}

func TestRetriesAnAttemptThatTimesOut(t *testing.T) {
	plaid := newFakePlaid(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			<-r.Context().Done() // hang until the client gives up on this attempt
			return
		}
		writeJSON(w, http.StatusOK, createdUser)
	})
	cfg := testConfig(plaid.URL)
	cfg.RequestTimeout = 100 * time.Millisecond
	if _, err := createUser(context.Background(), mustNew(t, cfg)); err != nil {
		t.Fatalf("create: %v", err)
	}
	if got := len(plaid.attempts()); got != 2 {
		t.Errorf("attempts = %d, want 2", got)
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	elsewhere := newFakePlaid(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, createdUser)
	})
	plaid := newFakePlaid(t, func(_ int, w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, elsewhere.URL+"/user/create", http.StatusTemporaryRedirect)
	})
	_, err := createUser(context.Background(), mustNew(t, testConfig(plaid.URL)))
	var unexpected *UnexpectedAnswerError
	if !errors.As(err, &unexpected) || unexpected.HTTPStatus != http.StatusTemporaryRedirect {
		t.Errorf("err = %v (%T), want an UnexpectedAnswerError for the redirect", err, err)
	}
	if got := len(elsewhere.attempts()); got != 0 {
		t.Errorf("the redirect target got %d requests (with the secret header), want 0", got)
	}
}
