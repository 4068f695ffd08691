package plaidclient

import (
	"context"
	"errors"
	"net/http"
	"sync"

	"github.com/plaid/plaid-go/v43/plaid"
)

// Client is the gateway to one Plaid environment, shared by every resource and data source of
// one configured provider. Its methods are the operations the provider needs; each returns the
// gateway's own types and errors (see errors.go).
type Client struct {
	api         *plaid.APIClient
	http        *http.Client
	url         string
	environment string
	headers     map[string]string // sent with every request: credentials, version, user agent
	claimed     sync.Map          // client_user_ids CreateNewUser was asked for (see ownership.go)
	lifetime    context.Context   // nil: unbounded
}

// New builds a client from resolved settings (see ResolveSettings).
func New(s Settings) *Client {
	return newClient(s, backoff)
}

func newClient(s Settings, wait backoffFunc) *Client {
	c := &Client{
		http:        newHTTPClient(s, wait),
		url:         s.URL,
		environment: s.Environment,
		lifetime:    s.Lifetime,
	}
	pc := plaid.NewConfiguration() // defaults to Production: always choose explicitly
	pc.UseEnvironment(plaid.Environment(s.URL))
	pc.HTTPClient = c.http
	// Credentials travel as headers, so request bodies never need them.
	pc.AddDefaultHeader("PLAID-CLIENT-ID", s.ClientID)
	pc.AddDefaultHeader("PLAID-SECRET", s.Secret)
	if s.UserAgent != "" {
		pc.UserAgent = s.UserAgent
	}
	c.headers = map[string]string{"User-Agent": pc.UserAgent}
	for name, value := range pc.DefaultHeader {
		c.headers[name] = value
	}
	c.api = plaid.NewAPIClient(pc)
	return c
}

// Environment is the Plaid environment the client targets: EnvironmentSandbox or
// EnvironmentProduction. A base URL (the emulator, a proxy) keeps the environment it was set
// with.
func (c *Client) Environment() string { return c.environment }

// Sandbox reports whether the client targets the Sandbox, where /sandbox/* endpoints exist.
func (c *Client) Sandbox() bool { return c.environment == EnvironmentSandbox }

// call runs one plaid-go request with facts tracked, within the client's lifetime, and turns
// its error into the gateway's.
func call[T any](ctx context.Context, c *Client, endpoint string, execute func(context.Context) (T, *http.Response, error)) (T, *requestFacts, error) {
	ctx, f := trackRequest(ctx)
	ctx, done, err := c.withinLifetime(ctx)
	if err != nil {
		var none T
		return none, f, err
	}
	defer done()
	result, resp, err := execute(ctx)
	if resp != nil && resp.Body != nil {
		resp.Body.Close() // plaid-go has read it; closing again is harmless
	}
	if err != nil {
		return result, f, failure(endpoint, err, f)
	}
	return result, f, nil
}

// ErrStopped is the error of the requests the client refuses once its lifetime is over (those in
// flight then are canceled, with ErrStopped as their context's cause).
var ErrStopped = errors.New("the provider is stopping because Terraform is no longer running")

// withinLifetime returns ctx, canceled too when the client's lifetime ends (Settings.Lifetime), and
// a NoAnswerError at once when it has ended: no request starts then.
func (c *Client) withinLifetime(ctx context.Context) (context.Context, context.CancelFunc, error) {
	if c.lifetime == nil {
		return ctx, func() {}, nil
	}
	if c.lifetime.Err() != nil {
		return ctx, nil, &NoAnswerError{Err: ErrStopped}
	}
	ctx, cancel := context.WithCancelCause(ctx)
	stop := context.AfterFunc(c.lifetime, func() { cancel(ErrStopped) })
	return ctx, func() { stop(); cancel(nil) }, nil
}

// failure returns the gateway error inside err. What the transports did not classify is a
// success answer plaid-go could not decode: not what Plaid's spec says either.
func failure(endpoint string, err error, f *requestFacts) error {
	var (
		plaidErr   *Error
		noAnswer   *NoAnswerError
		unexpected *UnexpectedAnswerError
	)
	switch {
	case errors.As(err, &plaidErr):
		return plaidErr
	case errors.As(err, &noAnswer):
		return noAnswer
	case errors.As(err, &unexpected):
		unexpected.Operation = endpoint
		return unexpected
	}
	return &UnexpectedAnswerError{
		Operation: endpoint, HTTPStatus: f.status, Reason: "the answer does not match Plaid's spec: " + err.Error(),
		RequestID: f.requestID, Attempts: f.attempts, Ambiguous: true,
	}
}

// malformed reports an answer whose JSON decoded but misses what Plaid's spec requires.
func malformed(endpoint string, f *requestFacts, reason string) *UnexpectedAnswerError {
	return &UnexpectedAnswerError{
		Operation: endpoint, HTTPStatus: f.status, ContentType: "application/json", Reason: reason,
		RequestID: f.requestID, Attempts: f.attempts, Ambiguous: true,
	}
}

// userRequest is a plaid-go request that names a user by user_id or user_token.
type userRequest interface {
	SetUserId(string)
	SetUserToken(string)
}

// name names the user in a request.
func (r UserRef) name(request userRequest) {
	if r.UserToken != "" {
		request.SetUserToken(r.UserToken)
	} else {
		request.SetUserId(r.UserID)
	}
}
