package plaidclient

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
	"unicode"
)

// requestTransport runs once per logical request, around the retries: it makes sure the request
// has facts to fill in, and checks the final answer against what Plaid's spec allows, turning
// anything else into one of the gateway's error types. plaid-go then sees either an answer it
// can decode or an error it hands back unchanged (inside a *url.Error).
type requestTransport struct {
	next       http.RoundTripper
	maxRetries int
}

func (t requestTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	f := factsOf(req.Context())
	if f == nil {
		var ctx = req.Context()
		ctx, f = trackRequest(ctx)
		req = req.WithContext(ctx)
	}
	resp, err := t.next.RoundTrip(req)
	if err != nil {
		var noAnswer *NoAnswerError
		if !errors.As(err, &noAnswer) {
			noAnswer = &NoAnswerError{Attempts: f.attempts, Err: err}
		}
		noAnswer.Ambiguous = f.ambiguous
		return nil, noAnswer
	}
	if err := t.check(req.URL.Path, resp, f); err != nil {
		resp.Body.Close()
		return nil, err
	}
	return resp, nil
}

// check returns nil for an answer plaid-go may decode (a 2xx JSON object without an error), and
// the error to report for any other.
func (t requestTransport) check(path string, resp *http.Response, f *requestFacts) error {
	body := f.body // buffered and decoded by attemptTransport
	contentType := resp.Header.Get("Content-Type")
	unexpected := func(reason string) error {
		return &UnexpectedAnswerError{
			Operation: path, HTTPStatus: resp.StatusCode, ContentType: contentType, Reason: reason,
			Excerpt: excerpt(body, contentType), RequestID: f.requestID, Attempts: f.attempts,
			Ambiguous: f.ambiguous || resp.StatusCode/100 == 2,
		}
	}
	switch {
	case f.oversized:
		return unexpected(fmt.Sprintf("the answer is larger than %d bytes", MaxAnswerBytes))
	case resp.StatusCode/100 == 3:
		return unexpected("a redirect, which Plaid's API never answers (it was not followed)")
	case resp.StatusCode >= 400:
		if e, ok := f.envelope.asError(resp.StatusCode); ok {
			e.Attempts = f.attempts
			e.Exhausted = retryableStatus(resp.StatusCode) && f.attempts > t.maxRetries
			e.Ambiguous = f.ambiguous
			return e
		}
		return unexpected("an error status without a Plaid error in the body")
	case resp.StatusCode/100 != 2:
		return unexpected("a status Plaid's API does not answer")
	case !isJSON(contentType):
		return unexpected("a success status with a body that is not JSON")
	}
	if !f.object {
		return unexpected("a success status with a body that is not a JSON object")
	}
	if e, ok := f.envelope.asError(resp.StatusCode); ok {
		return unexpected(fmt.Sprintf("a success status with the Plaid error %s/%s in the body", e.ErrorType, e.ErrorCode))
	}
	return nil
}

// asError is the envelope of an error answer as an *Error: a JSON object with an error_type
// or an error_code.
func (e envelope) asError(status int) (*Error, bool) {
	if e.ErrorType == "" && e.ErrorCode == "" {
		return nil, false
	}
	return &Error{
		HTTPStatus: status, ErrorType: e.ErrorType, ErrorCode: e.ErrorCode, ErrorMessage: e.ErrorMessage,
		DisplayMessage: deref(e.DisplayMessage), RequestID: e.RequestID,
		DocumentationURL: e.DocumentationURL, SuggestedAction: deref(e.SuggestedAction),
	}, true
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// isJSON accepts application/json and application/*+json, with any parameters.
func isJSON(contentType string) bool {
	media, _, err := mime.ParseMediaType(contentType)
	return err == nil && (media == "application/json" || strings.HasPrefix(media, "application/") && strings.HasSuffix(media, "+json"))
}

// excerptLength bounds the printable excerpt of a body that is not JSON.
const excerptLength = 120

// excerpt describes a body for an error message without repeating a value from it: a JSON
// object by its field names, anything else by its first printable characters.
func excerpt(body []byte, contentType string) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(body, &fields) == nil {
		names := make([]string, 0, len(fields))
		for name := range fields {
			names = append(names, name)
		}
		slices.Sort(names)
		return fmt.Sprintf("a JSON object with the fields [%s]", strings.Join(names, ", "))
	}
	if trimmed := strings.TrimSpace(string(body)); isJSON(contentType) || json.Valid(body) ||
		strings.HasPrefix(trimmed, "{") || strings.HasPrefix(trimmed, "[") {
		return "" // JSON, or what looks like cut or broken JSON: its values are not repeated either
	}
	text := strings.Map(func(r rune) rune {
		if unicode.IsPrint(r) {
			return r
		}
		return ' '
	}, string(body))
	text = strings.Join(strings.Fields(text), " ")
	if runes := []rune(text); len(runes) > excerptLength {
		text = string(runes[:excerptLength]) + "..."
	}
	return fmt.Sprintf("%q", text)
}
