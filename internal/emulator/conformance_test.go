package emulator

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
)

// The conformance check validates every exchange of this package's tests
// against the OpenAPI spec shipped with plaid-go: every response, and every
// request the emulator accepted (an emulator that accepts what the spec
// forbids is as wrong as one answering out of shape). The spec is made strict
// first: objects may hold only the properties it names, so an invented or
// misspelled field fails too.

var spec struct {
	once sync.Once
	doc  *openapi3.T
	err  error
}

// plaidSpec loads $(go list -m -f {{.Dir}} github.com/plaid/plaid-go/v43)/api/openapi.yaml.
func plaidSpec(t testing.TB) *openapi3.T {
	t.Helper()
	spec.once.Do(func() {
		out, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/plaid/plaid-go/v43").Output()
		if err != nil {
			spec.err = fmt.Errorf("locating plaid-go: %w", err)
			return
		}
		file := filepath.Join(strings.TrimSpace(string(out)), "api", "openapi.yaml")
		spec.doc, spec.err = openapi3.NewLoader().LoadFromFile(file)
		if spec.err == nil {
			forbidExtraProperties(spec.doc)
		}
	})
	if spec.err != nil {
		t.Fatalf("loading plaid-go's OpenAPI spec: %v", spec.err)
	}
	return spec.doc
}

// forbidExtraProperties makes every object schema that lists properties
// refuse others. The parts that plaid-go's generator splits out of an allOf
// (components named *_allOf, such as ItemWithConsentFields_allOf) stay open:
// kin-openapi validates each member of an allOf alone, so a strict part would
// refuse the properties of the other; the full schema beside it (Item) stays
// strict.
func forbidExtraProperties(doc *openapi3.T) {
	open := map[*openapi3.Schema]bool{}
	for name, s := range doc.Components.Schemas {
		if strings.HasSuffix(name, "_allOf") && s.Value != nil {
			open[s.Value] = true
		}
	}
	seen := map[*openapi3.Schema]bool{}
	var walk func(s *openapi3.SchemaRef)
	walk = func(s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil || seen[s.Value] {
			return
		}
		v := s.Value
		seen[v] = true
		if len(v.Properties) > 0 && len(v.AllOf)+len(v.OneOf)+len(v.AnyOf) == 0 && !open[v] {
			no := false
			v.AdditionalProperties = openapi3.AdditionalProperties{Has: &no}
		}
		for _, p := range v.Properties {
			walk(p)
		}
		walk(v.Items)
		for _, group := range [][]*openapi3.SchemaRef{v.AllOf, v.OneOf, v.AnyOf} {
			for _, sub := range group {
				walk(sub)
			}
		}
	}
	for _, s := range doc.Components.Schemas {
		walk(s)
	}
}

// exchange is one recorded request and its answer.
type exchange struct {
	method, path string
	reqHeader    http.Header
	reqBody      []byte
	status       int
	respHeader   http.Header
	respBody     []byte
}

// conformanceCount sums the exchanges validated and the violations found by
// all tests of the run, for TestMain's summary.
var conformanceCount struct{ exchanges, violations atomic.Int64 }

// violations validates one exchange against the spec and lists what is wrong.
// Exchanges outside Plaid's paths (the emulator's own) are not validated.
func violations(t testing.TB, x exchange) (found []string, validated bool) {
	doc := plaidSpec(t)
	pathItem := doc.Paths.Find(x.path)
	if pathItem == nil || pathItem.GetOperation(x.method) == nil {
		return nil, false
	}
	httpReq, err := http.NewRequest(x.method, "http://emulator"+x.path, bytes.NewReader(x.reqBody))
	if err != nil {
		return []string{err.Error()}, true
	}
	httpReq.Header = x.reqHeader.Clone()
	opts := &openapi3filter.Options{MultiError: true, IncludeResponseStatus: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}
	reqInput := &openapi3filter.RequestValidationInput{
		Request: httpReq,
		Route:   &routers.Route{Spec: doc, Path: x.path, PathItem: pathItem, Method: x.method, Operation: pathItem.GetOperation(x.method)},
		Options: opts,
	}
	if x.status >= 200 && x.status < 300 {
		if err := openapi3filter.ValidateRequest(context.Background(), reqInput); err != nil {
			found = append(found, fmt.Sprintf("request accepted with %d but violates the spec: %v", x.status, err))
		}
	}
	respInput := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: reqInput,
		Status:                 x.status,
		Header:                 x.respHeader,
		Body:                   io.NopCloser(bytes.NewReader(x.respBody)),
		Options:                opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), respInput); err != nil {
		found = append(found, fmt.Sprintf("response %d violates the spec: %v", x.status, err))
	}
	return found, true
}

// conformingTransport records every exchange going through it and fails the
// test on any spec violation.
type conformingTransport struct {
	t    testing.TB
	base http.RoundTripper
}

func (c conformingTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		var err error
		if reqBody, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body.Close()
		req.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	resp, err := c.base.RoundTrip(req)
	if err != nil {
		return nil, err // a dropped connection has no answer to validate
	}
	respBody, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(respBody))
	x := exchange{method: req.Method, path: req.URL.Path, reqHeader: req.Header, reqBody: reqBody,
		status: resp.StatusCode, respHeader: resp.Header, respBody: respBody}
	found, validated := violations(c.t, x)
	if validated {
		conformanceCount.exchanges.Add(1)
		conformanceCount.violations.Add(int64(len(found)))
	}
	for _, v := range found {
		c.t.Errorf("conformance: %s %s: %s\nrequest: %s\nresponse: %s", x.method, x.path, v, reqBody, respBody)
	}
	return resp, nil
}

// TestConformanceCatchesViolations shows that the check fails on answers and
// accepted requests that break the spec.
func TestConformanceCatchesViolations(t *testing.T) {
	jsonHeader := http.Header{"Content-Type": {"application/json"}}
	validItem := `{"item_id":"i","institution_id":null,"institution_name":null,"webhook":null,"auth_method":null,"error":null,` +
		`"available_products":[],"billed_products":[],"products":[],"consented_products":[],"consent_expiration_time":null,"update_type":"background"}`
	tests := []struct {
		name      string
		x         exchange
		wantError string // empty: conforming
	}{
		{
			name: "conforming create",
			x:    exchange{path: "/user/create", reqBody: []byte(`{"client_user_id":"a"}`), status: 201, respBody: []byte(`{"user_id":"usr_x","request_id":"r"}`)},
		},
		{
			name:      "response without request_id",
			x:         exchange{path: "/user/create", reqBody: []byte(`{"client_user_id":"a"}`), status: 201, respBody: []byte(`{"user_id":"usr_x"}`)},
			wantError: "request_id",
		},
		{
			name:      "invented response field",
			x:         exchange{path: "/user/create", reqBody: []byte(`{"client_user_id":"a"}`), status: 200, respBody: []byte(`{"user_id":"usr_x","request_id":"r","userid":"x"}`)},
			wantError: "userid",
		},
		{
			name:      "wrong type in an Item",
			x:         exchange{path: "/user/items/get", reqBody: []byte(`{"user_id":"usr_x"}`), status: 200, respBody: []byte(`{"request_id":"r","items":[` + strings.Replace(validItem, `"update_type":"background"`, `"update_type":"sometimes"`, 1) + `]}`)},
			wantError: "update_type",
		},
		{
			name:      "accepted request with an unknown product",
			x:         exchange{path: "/sandbox/public_token/create", reqBody: []byte(`{"institution_id":"ins_109508","initial_products":["telepathy"]}`), status: 200, respBody: []byte(`{"public_token":"p","request_id":"r"}`)},
			wantError: "telepathy",
		},
		{
			name:      "error without error_code",
			x:         exchange{path: "/user/get", reqBody: []byte(`{}`), status: 400, respBody: []byte(`{"error_type":"INVALID_REQUEST","error_message":"m","display_message":null,"request_id":"r"}`)},
			wantError: "error_code",
		},
		{
			name: "rejected request is not held against the emulator",
			x:    exchange{path: "/user/get", reqBody: []byte(`{"user_id":5}`), status: 400, respBody: []byte(`{"error_type":"INVALID_REQUEST","error_code":"INVALID_FIELD","error_message":"m","display_message":null,"request_id":"r"}`)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.x.method, tt.x.reqHeader, tt.x.respHeader = http.MethodPost, jsonHeader, jsonHeader
			found, validated := violations(t, tt.x)
			if !validated {
				t.Fatalf("%s was not validated", tt.x.path)
			}
			got := strings.Join(found, "\n")
			switch {
			case tt.wantError == "" && got != "":
				t.Errorf("conforming exchange reported: %s", got)
			case tt.wantError != "" && !strings.Contains(got, tt.wantError):
				t.Errorf("violation about %q not caught; got %q", tt.wantError, got)
			}
		})
	}
}

func TestMain(m *testing.M) {
	code := m.Run()
	if n := conformanceCount.exchanges.Load(); n > 0 {
		fmt.Fprintf(os.Stderr, "conformance: %d exchanges validated against plaid-go's api/openapi.yaml, %d violations\n",
			n, conformanceCount.violations.Load())
	}
	os.Exit(code)
}
