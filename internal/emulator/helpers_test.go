package emulator

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

const (
	testClientID = "test-client"
	testSecret   = "test-secret"
)

// testClient talks to an emulator over HTTP; every exchange is checked
// against the spec by conformingTransport.
type testClient struct {
	t    *testing.T
	url  string
	http *http.Client
	emu  *Emulator
}

// newTestClient serves a new emulator with opts on a test server.
func newTestClient(t *testing.T, opts Options) *testClient {
	t.Helper()
	e, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	srv := httptest.NewServer(e)
	t.Cleanup(func() {
		srv.Close()
		_ = e.Close()
	})
	return clientFor(t, srv.URL, e, srv.Client().Transport)
}

func clientFor(t *testing.T, url string, e *Emulator, base http.RoundTripper) *testClient {
	return &testClient{t: t, url: url, emu: e,
		http: &http.Client{Transport: conformingTransport{t: t, base: base}, Timeout: 30 * time.Second}}
}

// reply is a decoded JSON answer.
type reply struct {
	status int
	body   map[string]any
}

// str returns a string field of the answer ("" when absent or not a string).
func (r reply) str(key string) string {
	s, _ := r.body[key].(string)
	return s
}

// code is the error_code of an error answer.
func (r reply) code() string { return r.str("error_code") }

// post sends body (a JSON string or a value to encode) with the test
// credentials in the headers and decodes the answer.
func (c *testClient) post(path string, body any) reply {
	c.t.Helper()
	return c.postWith(path, body, http.Header{"PLAID-CLIENT-ID": {testClientID}, "PLAID-SECRET": {testSecret}})
}

func (c *testClient) postWith(path string, body any, header http.Header) reply {
	c.t.Helper()
	raw, ok := body.(string)
	if !ok {
		b, err := json.Marshal(body)
		if err != nil {
			c.t.Fatalf("encoding request: %v", err)
		}
		raw = string(b)
	}
	req, err := http.NewRequest(http.MethodPost, c.url+path, strings.NewReader(raw))
	if err != nil {
		c.t.Fatal(err)
	}
	for k, v := range header {
		req.Header[k] = v
	}
	req.Header.Set("Content-Type", "application/json")
	defer c.checkSaved()
	return c.do(req)
}

func (c *testClient) do(req *http.Request) reply {
	c.t.Helper()
	resp, err := c.http.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	var r reply
	r.status = resp.StatusCode
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(resp.Body); err != nil {
		c.t.Fatalf("reading answer: %v", err)
	}
	if err := json.Unmarshal(buf.Bytes(), &r.body); err != nil {
		c.t.Fatalf("%s %s: answer is not a JSON object: %v: %s", req.Method, req.URL.Path, err, buf.Bytes())
	}
	if strings.HasPrefix(req.URL.Path, "/__emulator/") {
		return r
	}
	if r.str("request_id") == "" {
		c.t.Errorf("%s: answer without request_id: %s", req.URL.Path, buf.Bytes())
	}
	if r.status >= 400 && (r.str("documentation_url") == "" || r.code() == "" || r.str("error_type") == "") {
		c.t.Errorf("%s: error answer not in Plaid's shape: %s", req.URL.Path, buf.Bytes())
	}
	return r
}

// get fetches an inspection path.
func (c *testClient) get(path string) reply {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.url+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// expect fails the test unless the answer has the status and, for errors,
// the error code.
func (r reply) expect(t *testing.T, status int, code string) reply {
	t.Helper()
	if r.status != status || r.code() != code {
		t.Fatalf("got %d %s (%s), want %d %s", r.status, r.code(), r.str("error_message"), status, code)
	}
	return r
}

// createUser creates a user of the new API and returns its user_id.
func (c *testClient) createUser(clientUserID string, identity any) string {
	c.t.Helper()
	body := map[string]any{"client_user_id": clientUserID}
	if identity != nil {
		body["identity"] = identity
	}
	r := c.post("/user/create", body)
	if r.status != http.StatusCreated && r.status != http.StatusOK {
		c.t.Fatalf("creating user %s: %d %v", clientUserID, r.status, r.body)
	}
	return r.str("user_id")
}

// linkItem creates an Item for the user (a user_id or user_token body field)
// and returns its item_id and access_token.
func (c *testClient) linkItem(userField, userValue string, products ...string) (itemID, accessToken string) {
	c.t.Helper()
	if len(products) == 0 {
		products = []string{"transactions"}
	}
	body := map[string]any{"institution_id": "ins_109508", "initial_products": products}
	if userField != "" {
		body[userField] = userValue
	}
	pt := c.post("/sandbox/public_token/create", body).expect(c.t, 200, "").str("public_token")
	r := c.post("/item/public_token/exchange", map[string]any{"public_token": pt}).expect(c.t, 200, "")
	return r.str("item_id"), r.str("access_token")
}

// fullIdentity is a complete identity of the new API, as a request sends it.
func fullIdentity() map[string]any {
	return map[string]any{
		"name":          map[string]any{"given_name": "Carmen", "family_name": "Berzatto"},
		"date_of_birth": "1987-01-31",
		"emails":        []any{map[string]any{"data": "carmen@example.com", "primary": true}},
		"phone_numbers": []any{map[string]any{"data": "+13125551212", "primary": true}},
		"addresses": []any{map[string]any{"street_1": "3200 W Armitage Ave", "street_2": nil, "city": "Chicago",
			"region": "IL", "country": "US", "postal_code": "60657", "primary": true}},
		"id_numbers": []any{map[string]any{"value": "1234", "type": "us_ssn_last_4"}},
	}
}

// with returns a copy of m with key set to v (nil deletes it).
func with(m map[string]any, key string, v any) map[string]any {
	out := make(map[string]any, len(m)+1)
	for k, val := range m {
		out[k] = val
	}
	if v == nil {
		delete(out, key)
	} else {
		out[key] = v
	}
	return out
}
