package plaidclient

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
)

// TerminateUserProducts ends a user's products with /user/products/terminate, to stop billing
// for them, and returns Plaid's request_id for it. It does not go through plaid-go: v43
// serializes this request's reason_code as {} (a generator bug), so the gateway sends the
// documented JSON itself, through the same retrying, logging HTTP client and with the same
// headers.
func (c *Client) TerminateUserProducts(ctx context.Context, t ProductsTermination) (string, error) {
	const endpoint = "/user/products/terminate"
	body := struct {
		UserID     string `json:"user_id"`
		ReasonCode string `json:"reason_code"`
		ReasonNote string `json:"reason_note,omitempty"`
	}{UserID: t.UserID, ReasonCode: t.ReasonCode, ReasonNote: t.ReasonNote}
	answer, err := c.postJSON(ctx, endpoint, body)
	if err != nil {
		return "", err
	}
	var terminated struct {
		RequestID string `json:"request_id"`
	}
	if err := json.Unmarshal(answer, &terminated); err != nil || terminated.RequestID == "" {
		return "", &UnexpectedAnswerError{Operation: endpoint, HTTPStatus: http.StatusOK, ContentType: "application/json",
			Reason: "the answer has no request_id", Excerpt: excerpt(answer, "application/json"), Ambiguous: true}
	}
	return terminated.RequestID, nil
}

// postJSON sends body as JSON to endpoint and returns the answer's body, for the few calls
// plaid-go cannot make. Errors are the gateway's, as for every other operation.
func (c *Client) postJSON(ctx context.Context, endpoint string, body any) ([]byte, error) {
	payload, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("encoding the %s request: %w", endpoint, err)
	}
	ctx, f := trackRequest(ctx)
	ctx, done, err := c.withinLifetime(ctx)
	if err != nil {
		return nil, err
	}
	defer done()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.url+endpoint, bytes.NewReader(payload))
	if err != nil {
		return nil, fmt.Errorf("building the %s request: %w", endpoint, err)
	}
	for name, value := range c.headers {
		req.Header.Set(name, value)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, failure(endpoint, err, f)
	}
	defer resp.Body.Close()
	return io.ReadAll(resp.Body) // buffered by attemptTransport: reading cannot fail
}
