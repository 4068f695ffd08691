package plaidclient

import (
	"context"
	"crypto/tls"
	"math/rand/v2"
	"net/http"
	"time"

	cleanhttp "github.com/hashicorp/go-cleanhttp"
	retryablehttp "github.com/hashicorp/go-retryablehttp"
)

type backoffFunc = retryablehttp.Backoff

// newHTTPClient assembles the client every operation uses. Per logical request:
//
//	requestTransport  (the request's facts; the final answer checked against Plaid's spec)
//	  -> retryablehttp (retries, backoff, replayable bodies)
//	    -> http.Client with the per-attempt timeout
//	      -> attemptTransport (one log line per attempt; attempts, request_id, ambiguity)
//	        -> pooled http.Transport
func newHTTPClient(s Settings, wait backoffFunc) *http.Client {
	pooled := cleanhttp.DefaultPooledTransport()
	pooled.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12, RootCAs: s.RootCAs}
	// One connection per operation Terraform runs at once, each kept alive for the next call.
	// The cap matters even when the operations never outnumber it: without one, a request that
	// finds every connection busy dials a new one, and when another connection frees up first
	// the request takes that, and the dialed one joins the pool unneeded. A burst of requests
	// (the start of an apply) opened up to 14 connections for 10 operations that way (make bench).
	pooled.MaxConnsPerHost = s.MaxConnections
	pooled.MaxIdleConnsPerHost = s.MaxConnections

	retrying := &retryablehttp.Client{
		HTTPClient: &http.Client{
			Transport:     attemptTransport{next: pooled, logger: s.Logger},
			Timeout:       s.RequestTimeout,
			CheckRedirect: refuseRedirect,
		},
		Logger:       nil, // our attempt lines replace its own logging
		RetryMax:     s.MaxRetries,
		RetryWaitMin: s.RetryBaseDelay,
		RetryWaitMax: s.RetryMaxDelay,
		CheckRetry:   retryPolicy,
		Backoff:      wait,
		ErrorHandler: giveUp(s.MaxRetries),
	}
	return &http.Client{
		Transport:     requestTransport{next: retrying.StandardClient().Transport, maxRetries: s.MaxRetries},
		CheckRedirect: refuseRedirect,
	}
}

// refuseRedirect hands a redirect back as the answer. Plaid's API never redirects, and
// following one would send the PLAID-SECRET header, which Go copies to the new location,
// wherever it points. requestTransport reports it as an unexpected answer.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// retryableStatus lists the answers worth asking again: rate limits and transient server
// failures. Every other 4xx is the caller's fault and final.
func retryableStatus(code int) bool {
	switch code {
	case http.StatusTooManyRequests, http.StatusInternalServerError, http.StatusBadGateway,
		http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	}
	return false
}

// mayHaveBeenServed reports whether an attempt that ended with status (0: no answer) or err may
// have been carried out by Plaid although it gave no usable answer: a retryable 5xx, or a
// request written to the connection that got no answer. A rate-limit answer, and a request that
// never left (no connection, a refused proxy, a failed TLS handshake), were not.
func mayHaveBeenServed(status int, err error, written bool) bool {
	if err != nil {
		return written
	}
	return status >= 500 && retryableStatus(status)
}

// retryPolicy retries retryableStatus answers and transport errors (a refused or dropped
// connection, a timed-out attempt), but not errors that cannot heal, such as an untrusted
// certificate, which retryablehttp's policy recognizes.
func retryPolicy(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if err != nil {
		return retryablehttp.DefaultRetryPolicy(ctx, nil, err)
	}
	if ctx.Err() != nil {
		return false, ctx.Err()
	}
	return retryableStatus(resp.StatusCode), nil
}

// backoff is exponential with full jitter and capped at maxWait; a Retry-After header on a 429
// or 503 is honored instead.
func backoff(base, maxWait time.Duration, retry int, resp *http.Response) time.Duration {
	// With a zero minimum, retryablehttp's DefaultBackoff returns only what a Retry-After header
	// asks for, and zero when there is none.
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

// giveUp is retryablehttp's ErrorHandler, called when it stops retrying. Its default drops the
// last answer; instead an HTTP answer is handed on, so that Plaid's error is decoded as usual,
// and a failure without an answer becomes a NoAnswerError.
func giveUp(maxRetries int) retryablehttp.ErrorHandler {
	return func(resp *http.Response, err error, attempts int) (*http.Response, error) {
		if resp != nil {
			return resp, nil
		}
		return nil, &NoAnswerError{Attempts: attempts, Exhausted: attempts > maxRetries, Err: err}
	}
}
