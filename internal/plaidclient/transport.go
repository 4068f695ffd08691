package plaidclient

import (
	"context"
	"crypto/tls"
	"fmt"
	"math/rand/v2"
	"net/http"
	"time"

	cleanhttp "github.com/hashicorp/go-cleanhttp"
	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

type backoffFunc = retryablehttp.Backoff

// newHTTPClient assembles the client plaid-go uses. Per logical request:
//
//	requestTransport  (tflog subsystem, attempt counter)
//	  -> retryablehttp (retries, backoff, replayable bodies)
//	    -> http.Client with the per-attempt timeout
//	      -> attemptTransport (one log line per attempt)
//	        -> pooled http.Transport
func newHTTPClient(cfg Config, tlsConfig *tls.Config, wait backoffFunc) *http.Client {
	pooled := cleanhttp.DefaultPooledTransport()
	pooled.TLSClientConfig = tlsConfig
	// One connection per operation Terraform runs at once, each kept alive for the next call.
	// The cap matters even when the operations never outnumber it: without one, a request that
	// finds every connection busy dials a new one, and when another connection frees up first
	// the request takes that, and the dialed one joins the pool unneeded. A burst of requests
	// (the start of an apply) opened up to 14 connections for 10 operations that way (make bench).
	pooled.MaxConnsPerHost = cfg.MaxConnections
	pooled.MaxIdleConnsPerHost = cfg.MaxConnections

	retrying := &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport:     attemptTransport{next: pooled},
			Timeout:       cfg.RequestTimeout,
			CheckRedirect: refuseRedirect,
		},
		Logger:       nil, // our attempt lines replace its own logging
		RetryMax:     cfg.MaxRetries,
		RetryWaitMin: cfg.RetryBaseDelay,
		RetryWaitMax: cfg.RetryMaxDelay,
		CheckRetry:   retryPolicy,
		Backoff:      wait,
		ErrorHandler: giveUp(cfg.MaxRetries),
	}
	return &http.Client{
		Transport:     requestTransport{next: retrying.StandardClient().Transport},
		CheckRedirect: refuseRedirect,
	}
}

// refuseRedirect hands a redirect back as the answer. Plaid's API never
// redirects, and following one would send the PLAID-SECRET header, which Go
// copies to the new location, wherever it points.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// retryableStatus lists the answers worth asking again: rate limits and
// transient server failures. Every other 4xx is the caller's fault and final.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// retryPolicy retries retryableStatus answers and transport errors (a refused
// or dropped connection, a timed-out attempt), but not errors that cannot heal,
// such as an untrusted certificate, which retryablehttp's policy recognizes.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if err != nil {
		return retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	return retryableStatus(resp.StatusCode), nil
}

// backoff is exponential with full jitter and capped at maxWait; a
// Retry-After header on a 429 or 503 is honored instead.
func backoff(base, maxWait time.Duration, retry int, resp *http.Response) time.Duration {
	// With a zero minimum, retryablehttp's DefaultBackoff returns only what a
	// Retry-After header asks for, and zero when there is none.
	if wait := retryablehttp.DefaultBackoff(0, maxWait, retry, resp); wait > 0 {
		return wait
	}
	ceiling := maxWait
	if retry < 32 && base<<retry > 0 && base<<retry < maxWait {
		ceiling = base << retry
	}
	if ceiling <= 0 {
		return 0
	}
	return rand.N(ceiling) //nolint:gosec // jitter needs no cryptographic randomness
}

// giveUp is retryablehttp's ErrorHandler, called when it stops retrying.
// Its default drops the last answer; instead an HTTP answer is handed on so
// that plaid-go decodes Plaid's error body as usual, with the attempt count
// noted in its status line, and a transport failure becomes a TransportError.
func giveUp(maxRetries int) retryablehttp.ErrorHandler {
	return func(resp *http.Response, err error, attempts int) (*http.Response, error) {
		exhausted := attempts > maxRetries
		if resp != nil {
			if exhausted && retryableStatus(resp.StatusCode) {
				resp.Status = fmt.Sprintf("%s (%s %s)", resp.Status, exhaustedNote, plural(attempts, "attempt"))
			}
			return resp, nil
		}
		return nil, &TransportError{Attempts: attempts, Exhausted: exhausted, Err: err}
	}
}

// exhaustedNote marks a status line annotated by giveUp; AsError reads it back.
const exhaustedNote = "retries exhausted after"

// TransportError reports a request that got no HTTP answer from Plaid.
type TransportError struct {
	Attempts  int  // requests sent, the first included
	Exhausted bool // every retry allowed was used
	Err       error
}

func (e *TransportError) Error() string {
	if e.Exhausted {
		return fmt.Sprintf("no answer from Plaid after %s (retries exhausted): %v", plural(e.Attempts, "attempt"), e.Err)
	}
	return fmt.Sprintf("no answer from Plaid after %s: %v", plural(e.Attempts, "attempt"), e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// plural returns "1 attempt" or "4 attempts".
func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
