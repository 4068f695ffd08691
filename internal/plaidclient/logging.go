package plaidclient

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// LogSubsystem is the terraform-plugin-log subsystem of every line this package writes.
const LogSubsystem = "plaid"

type attemptCounterKey struct{}

// requestTransport runs once per logical request, before any retry: it opens
// the log subsystem on the request's context (keeping the framework's fields,
// such as tf_req_id and tf_resource_type) and starts the attempt count.
type requestTransport struct{ next http.RoundTripper }

func (t requestTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := tflog.NewSubsystem(req.Context(), LogSubsystem, tflog.WithRootFields())
	ctx = context.WithValue(ctx, attemptCounterKey{}, new(atomic.Int32))
	return t.next.RoundTrip(req.WithContext(ctx))
}

// attemptTransport writes one log line per attempt: method, path, status,
// request_id, attempt and duration. It never logs a body or a header: both
// carry credentials or identity data.
//
// It deliberately does not forward CloseIdleConnections, which retryablehttp
// calls whenever it gives up: one failed request must not empty the pool
// that every other resource is using.
type attemptTransport struct{ next http.RoundTripper }

func (t attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	start := time.Now()
	resp, err := t.next.RoundTrip(req)
	fields := map[string]any{
		"method":  req.Method,
		"path":    req.URL.Path,
		"attempt": nextAttempt(ctx),
	}
	if err == nil {
		fields["status"] = resp.StatusCode
		var requestID string
		if requestID, err = peekRequestID(resp); requestID != "" {
			fields["request_id"] = requestID
		}
	}
	fields["duration_ms"] = float64(time.Since(start).Microseconds()) / 1000

	if err != nil {
		fields["error"] = err.Error()
		tflog.SubsystemWarn(ctx, LogSubsystem, "Plaid request failed without an answer", fields)
		return nil, err
	}
	if retryableStatus(resp.StatusCode) {
		tflog.SubsystemWarn(ctx, LogSubsystem, "Plaid answered with a retryable error", fields)
	} else {
		tflog.SubsystemDebug(ctx, LogSubsystem, "Plaid request", fields)
	}
	return resp, nil
}

func nextAttempt(ctx context.Context) int32 {
	if counter, ok := ctx.Value(attemptCounterKey{}).(*atomic.Int32); ok {
		return counter.Add(1)
	}
	return 1
}

// peekRequestID returns the request_id of a Plaid answer, which Plaid sends
// only in the JSON body. The body is read whole and put back for plaid-go;
// nothing but the request_id field is decoded. A body that cannot be read
// (the connection died mid-answer) is a transport error worth retrying.
func peekRequestID(resp *http.Response) (string, error) {
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	var answer struct {
		RequestID string `json:"request_id"`
	}
	_ = json.Unmarshal(body, &answer) // a body that is not a JSON object has no request_id
	return answer.RequestID, nil
}
