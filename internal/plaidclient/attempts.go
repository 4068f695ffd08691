package plaidclient

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptrace"
	"sync/atomic"
	"time"
)

// MaxAnswerBytes caps the body of one answer read from Plaid. The largest answers the gateway
// asks for (a user's Items, a user with every identity list) are a few kilobytes; an answer
// above the cap is not Plaid's, and is reported as an UnexpectedAnswerError rather than read.
const MaxAnswerBytes = 4 << 20

// requestFacts are what one logical request learned over its attempts. An operation puts them
// in the request's context (trackRequest) and reads them once the request is done; the
// transports fill them in. Attempts run one after the other, so no lock is needed.
type requestFacts struct {
	attempts int
	// ambiguous: an attempt may have been carried out by Plaid without a usable answer.
	// earlierAmbiguous: that was true before the last attempt began.
	ambiguous, earlierAmbiguous bool
	oversized                   bool // the last answer was over MaxAnswerBytes
	status                      int  // the last answer's HTTP status; 0 without one
	requestID                   string
	// The last answer's body, as read once by bufferAnswer, and its top-level fields that every
	// Plaid answer may carry; object is false when the body is not a JSON object.
	body     []byte
	envelope envelope
	object   bool
}

// envelope holds the fields of a Plaid answer that the gateway reads before plaid-go does: the
// request_id of every answer, and the fields of an error.
type envelope struct {
	RequestID        string  `json:"request_id"`
	ErrorType        string  `json:"error_type"`
	ErrorCode        string  `json:"error_code"`
	ErrorMessage     string  `json:"error_message"`
	DisplayMessage   *string `json:"display_message"`
	DocumentationURL string  `json:"documentation_url"`
	SuggestedAction  *string `json:"suggested_action"`
}

type factsKey struct{}

// trackRequest returns ctx carrying new facts for one logical request.
func trackRequest(ctx context.Context) (context.Context, *requestFacts) {
	f := &requestFacts{}
	return context.WithValue(ctx, factsKey{}, f), f
}

func factsOf(ctx context.Context) *requestFacts {
	f, _ := ctx.Value(factsKey{}).(*requestFacts)
	return f
}

// attemptTransport runs once per attempt. It counts the attempt, notes whether Plaid may have
// carried it out without answering, buffers the answer (at most MaxAnswerBytes) to read its
// request_id, and writes one log line: method, path, status, request_id, attempt and duration.
// It never logs a body or a header: both carry credentials or identity data.
//
// It deliberately does not forward CloseIdleConnections, which retryablehttp calls whenever it
// gives up: one failed request must not empty the pool that every other resource is using.
type attemptTransport struct {
	next   http.RoundTripper
	logger *slog.Logger
}

func (t attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	f := factsOf(ctx)
	if f == nil { // a request no operation tracks: count it all the same
		ctx, f = trackRequest(ctx)
	}
	f.attempts++
	f.earlierAmbiguous = f.ambiguous
	var wrote atomic.Bool // the request reached the connection: Plaid may have read it
	req = req.WithContext(httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		WroteRequest: func(httptrace.WroteRequestInfo) { wrote.Store(true) },
	}))
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	attrs := []slog.Attr{slog.String("method", req.Method), slog.String("path", req.URL.Path), slog.Int("attempt", f.attempts)}
	f.status = 0
	if err == nil {
		f.status = resp.StatusCode
		attrs = append(attrs, slog.Int("status", resp.StatusCode))
		if err = bufferAnswer(resp, f); f.requestID != "" {
			attrs = append(attrs, slog.String("request_id", f.requestID))
		}
	}
	attrs = append(attrs, slog.Float64("duration_ms", float64(time.Since(start).Microseconds())/1000))
	if mayHaveBeenServed(f.status, err, wrote.Load()) {
		f.ambiguous = true
	}
	switch {
	case err != nil:
		attrs = append(attrs, slog.String("error", err.Error()))
		t.log(ctx, slog.LevelWarn, "Plaid request failed without an answer", attrs)
		return nil, err
	case retryableStatus(resp.StatusCode):
		t.log(ctx, slog.LevelWarn, "Plaid answered with a retryable error", attrs)
	default:
		t.log(ctx, slog.LevelDebug, "Plaid request", attrs)
	}
	return resp, nil
}

func (t attemptTransport) log(ctx context.Context, level slog.Level, msg string, attrs []slog.Attr) {
	if t.logger != nil {
		t.logger.LogAttrs(ctx, level, msg, attrs...)
	}
}

// bufferAnswer reads the answer's body, at most MaxAnswerBytes of it, puts it back for the
// next reader, and decodes its envelope once: the request_id, which Plaid sends only in the JSON
// body, and an error's fields. A body that cannot be read (the connection died mid-answer) is a
// transport error, worth retrying.
func bufferAnswer(resp *http.Response, f *requestFacts) error {
	body, err := io.ReadAll(io.LimitReader(resp.Body, MaxAnswerBytes+1))
	resp.Body.Close()
	f.oversized = len(body) > MaxAnswerBytes
	if f.oversized {
		body = body[:MaxAnswerBytes]
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	f.body, f.envelope, f.object, f.requestID = body, envelope{}, false, ""
	if err != nil {
		return err
	}
	// A body that is not a JSON object leaves the envelope empty: no request_id, no error.
	f.object = json.Unmarshal(body, &f.envelope) == nil
	f.requestID = f.envelope.RequestID
	return nil
}
