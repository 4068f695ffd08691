// Package acctest holds what the provider's acceptance tests share: a Plaid emulator started
// in-process for each test, the provider factories, the provider block that points at the
// emulator, out-of-band Plaid calls that simulate changes made outside Terraform, and checks
// that ask the emulator what exists.
//
// A typical test:
//
//	func TestAccSomething(t *testing.T) {
//		plaid := acctest.StartEmulator(t)
//		resource.ParallelTest(t, resource.TestCase{
//			ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories,
//			CheckDestroy:             plaid.CheckNoUsers,
//			Steps: []resource.TestStep{{Config: plaid.Config(`resource "plaid_user" "x" { client_user_id = "x" }`)}},
//		})
//	}
//
// Each test owns its emulator, so tests can run in parallel. Run them with
// TF_ACC=1 TF_ACC_TERRAFORM_PATH=/usr/local/bin/terraform go test ./...
package acctest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/tfplaid/terraform-provider-plaid/internal/emulator"
	"github.com/tfplaid/terraform-provider-plaid/internal/provider"
)

// Credentials the emulator accepts and the provider block sends.
const (
	ClientID = "acctest-client-id"
	Secret   = "acctest-secret"
)

// ProtoV6ProviderFactories serves the provider in the test process under the name "plaid", so
// test configurations need no required_providers block.
var ProtoV6ProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"plaid": providerserver.NewProtocol6WithError(provider.New("test")()),
}

// Emulator is a Plaid emulator serving one test on a loopback port, or, under
// `make testacc-plaid`, the remote Plaid API behind a recording proxy (see remote.go).
type Emulator struct {
	*emulator.Server // nil against a remote Plaid
	t                testing.TB
	baseURL          string  // what the provider block targets: the emulator, or the proxy
	upstream         string  // where the proxy sends requests: the emulator, or PLAID_BASE_URL
	remote           *remote // the remote run's records; nil with the emulator
	prefix           string  // of every client_user_id against a remote Plaid (ClientUserID)

	mu     sync.Mutex
	proxy  *httptest.Server
	change func(endpoint string, n int, upstream Answer) Answer // Tamper's; nil: answers pass
	seen   map[string]int                                       // requests through the proxy, by endpoint
	bodies map[string][]string                                  // their bodies, by endpoint
}

// StartEmulator starts an emulator that accepts ClientID and Secret, and stops it when the test
// ends. Under make testacc-plaid it returns the remote Plaid instead.
func StartEmulator(t testing.TB) *Emulator {
	t.Helper()
	if remoteRun {
		return startRemote(t)
	}
	return StartEmulatorWith(t, emulator.Options{})
}

// StartLegacyEmulator is StartEmulator for an integration created before December 10, 2025:
// /user/create returns a user_token, and users take consumer_report_user_identity. Under make
// testacc-plaid the test runs only when PLAID_ACC_LEGACY says the account is a legacy one.
func StartLegacyEmulator(t testing.TB) *Emulator {
	t.Helper()
	if remoteRun && remoteLegacy {
		return startRemote(t)
	}
	return StartEmulatorWith(t, emulator.Options{Legacy: true})
}

// StartEmulatorWith starts an emulator with the given options (faults, latency, legacy mode),
// accepting ClientID and Secret unless the options name other credentials. A remote Plaid has
// none of these: under make testacc-plaid the test is left out.
func StartEmulatorWith(t testing.TB, opts emulator.Options) *Emulator {
	t.Helper()
	NeedsEmulator(t, "it sets the emulator's options (faults, latency, clock, legacy mode or credentials)")
	if opts.ClientID == "" && opts.Secret == "" {
		opts.ClientID, opts.Secret = ClientID, Secret
	}
	server, err := emulator.Start(opts, emulator.ServerOptions{})
	if err != nil {
		t.Fatalf("starting the Plaid emulator: %v", err)
	}
	t.Cleanup(func() {
		if err := server.Close(); err != nil {
			t.Errorf("stopping the Plaid emulator: %v", err)
		}
	})
	return &Emulator{Server: server, t: t, baseURL: server.URL, upstream: server.URL}
}

// ProviderBlock is a provider "plaid" block that targets the emulator with the test credentials
// (against a remote Plaid, the proxy; the credentials then come from PLAID_CLIENT_ID and
// PLAID_SECRET, so that no configuration holds them).
func (e *Emulator) ProviderBlock() string {
	if e.remote != nil {
		return fmt.Sprintf("\nprovider \"plaid\" {\n  base_url = %q\n}\n", e.baseURL)
	}
	return fmt.Sprintf(`
provider "plaid" {
  client_id = %q
  secret    = %q
  base_url  = %q
}
`, ClientID, Secret, e.baseURL)
}

// BaseURL is the URL the provider block targets, for tests that write a provider block of their own.
func (e *Emulator) BaseURL() string { return e.baseURL }

// Config is ProviderBlock followed by the given configuration, whose client_user_ids carry the
// run's prefix against a remote Plaid (ClientUserID).
func (e *Emulator) Config(configuration string) string {
	if e.remote != nil {
		configuration = clientUserIDAssignment.ReplaceAllString(configuration, "${1}"+e.prefix)
	}
	return e.ProviderBlock() + configuration
}

// clientUserIDAssignment is the start of a client_user_id's string value in a configuration.
var clientUserIDAssignment = regexp.MustCompile(`(client_user_id\s*=\s*")`)

// CheckNoUsers is a CheckDestroy: the emulator must hold no user once Terraform has destroyed
// everything (a remote Plaid: none of the users the test created may remain).
func (e *Emulator) CheckNoUsers(*terraform.State) error {
	if e.remote != nil {
		return e.remote.checkNoUsers()
	}
	if users := e.Users(); len(users) > 0 {
		return fmt.Errorf("the emulator still holds %d user(s) after destroy: %+v", len(users), users)
	}
	return nil
}

// ExpectNoPlaidRequests fails the test if any Plaid request reached the emulator, for tests of
// configurations that must be refused at plan time. Call it after resource.Test returns.
func (e *Emulator) ExpectNoPlaidRequests(t testing.TB) {
	t.Helper()
	if requests := e.Stats().Requests; len(requests) != 0 {
		t.Errorf("Plaid requests reached the emulator, want none: %v", requests)
	}
}

// Calls counts the requests that reached one Plaid endpoint, such as "/user/update", whatever
// their answer.
func (e *Emulator) Calls(endpoint string) int {
	total := 0
	for _, n := range e.Stats().Requests[endpoint] {
		total += n
	}
	return total
}

// CaptureAttribute is a check that copies an attribute of a resource in state into *dst, for
// the out-of-band calls of a later step (whose PreConfig runs after this check).
func CaptureAttribute(resourceName, attribute string, dst *string) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(resourceName, attribute, func(value string) error {
		*dst = value
		return nil
	})
}

// ExpectError compiles pattern for a TestStep's ExpectError, letting each space in it match any
// run of white space: Terraform wraps diagnostics at about 78 columns, so a phrase of the
// pattern may be split across lines in the output.
func ExpectError(pattern string) *regexp.Regexp {
	return regexp.MustCompile(strings.ReplaceAll(pattern, " ", `\s+`))
}

// StringEquals is a known-value check against *want, read when the check runs: for values such
// as item IDs that a step's PreConfig learns after the test case was built.
func StringEquals(want *string) knownvalue.Check {
	return knownvalue.StringFunc(func(got string) error {
		if got != *want {
			return fmt.Errorf("got %q, want %q", got, *want)
		}
		return nil
	})
}

// RemoveUser removes a user behind Terraform's back (/user/remove).
func (e *Emulator) RemoveUser(userID string) {
	e.Call("/user/remove", map[string]any{"user_id": userID})
}

// UpdateIdentity changes a user's identity behind Terraform's back (/user/update, which merges).
func (e *Emulator) UpdateIdentity(userID string, identity map[string]any) {
	e.Call("/user/update", map[string]any{"user_id": userID, "identity": identity})
}

// CreateItem links a sandbox Item to a user the way a Link session would
// (/sandbox/public_token/create, then /item/public_token/exchange) and returns its item_id.
func (e *Emulator) CreateItem(userID, institutionID string, products ...string) string {
	created := e.Call("/sandbox/public_token/create", map[string]any{
		"user_id": userID, "institution_id": institutionID, "initial_products": products,
	})
	exchanged := e.Call("/item/public_token/exchange", map[string]any{"public_token": created["public_token"]})
	itemID, _ := exchanged["item_id"].(string)
	if itemID == "" {
		e.t.Fatalf("/item/public_token/exchange returned no item_id: %v", exchanged)
	}
	return itemID
}

// ResetLogin puts a user's Items (all of them when itemIDs is empty) into ITEM_LOGIN_REQUIRED
// (/sandbox/user/reset_login).
func (e *Emulator) ResetLogin(userID string, itemIDs ...string) {
	request := map[string]any{"user_id": userID}
	if len(itemIDs) > 0 {
		request["item_ids"] = itemIDs
	}
	e.Call("/sandbox/user/reset_login", request)
}

// Call posts a request to one of the emulator's Plaid endpoints with the test credentials and
// returns the decoded answer. Anything but 200 or 201 fails the test. Against a remote Plaid it
// goes through the proxy, with PLAID_CLIENT_ID and PLAID_SECRET, the run's prefix on a
// client_user_id, and the users it creates recorded for the cleanup.
func (e *Emulator) Call(endpoint string, request any) map[string]any {
	e.t.Helper()
	var target, clientID, secret string
	if e.remote != nil {
		target, clientID, secret = e.baseURL, remoteClientID, remoteSecret
		request = withPrefixedClientUserID(request, e.prefix)
	} else {
		target, clientID, secret = e.URL, ClientID, Secret
	}
	status, answer := post(target+endpoint, clientID, secret, request)
	if status != http.StatusOK && status != http.StatusCreated {
		e.t.Fatalf("%s answered %d: %s", endpoint, status, answer)
	}
	var decoded map[string]any
	if err := json.Unmarshal(answer, &decoded); err != nil {
		e.t.Fatalf("decoding the answer of %s: %v", endpoint, err)
	}
	return decoded
}

// post sends a JSON request with credentials in the headers; a failure to reach the server is a
// status of 0 with the error as the answer.
func post(url, clientID, secret string, request any) (int, []byte) {
	body, err := json.Marshal(request)
	if err != nil {
		return 0, []byte(err.Error())
	}
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return 0, []byte(err.Error())
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("PLAID-CLIENT-ID", clientID)
	req.Header.Set("PLAID-SECRET", secret)
	resp, err := http.DefaultClient.Do(req) //nolint:gosec // the test's emulator, or the Plaid API under test
	if err != nil {
		return 0, []byte(err.Error())
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, answer
}

// Answer is an HTTP answer that a Tamper function may change.
type Answer struct {
	Status int
	Body   []byte
}

// PlaidError is an answer with a Plaid error body.
func PlaidError(status int, errorType, errorCode, message string) Answer {
	body, _ := json.Marshal(map[string]any{"error_type": errorType, "error_code": errorCode, "error_message": message,
		"display_message": nil, "request_id": "req-tampered"})
	return Answer{Status: status, Body: body}
}

// Tamper puts a proxy between the provider and the emulator, for answers the emulator never
// gives: each request is forwarded, and change returns the answer the provider gets instead of
// the emulator's. change is told the endpoint and how many requests to it came before (0 for
// the first). The test's own calls (Call, RemoveUser, ...) still go to the emulator directly.
func (e *Emulator) Tamper(change func(endpoint string, n int, upstream Answer) Answer) {
	e.mu.Lock()
	e.change = change
	e.mu.Unlock()
	e.startProxy()
}

// startProxy starts, once, the proxy in front of e.upstream that the provider block targets.
func (e *Emulator) startProxy() {
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.proxy != nil {
		return
	}
	e.seen, e.bodies = map[string]int{}, map[string][]string{}
	e.proxy = httptest.NewServer(http.HandlerFunc(e.forward))
	e.t.Cleanup(e.proxy.Close)
	e.baseURL = e.proxy.URL
}

// forward passes one request on to e.upstream, records it, and answers what Tamper says.
func (e *Emulator) forward(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	// Only ever to the test's own emulator, or the Plaid API the run was pointed at.
	request, err := http.NewRequest(r.Method, e.upstream+r.URL.Path, bytes.NewReader(body)) //nolint:gosec // see above
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	request.Header = r.Header.Clone()
	upstream, err := http.DefaultClient.Do(request) //nolint:gosec // see above
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	answerBody, _ := io.ReadAll(upstream.Body)
	upstream.Body.Close()
	e.mu.Lock()
	n := e.seen[r.URL.Path]
	e.seen[r.URL.Path]++
	e.bodies[r.URL.Path] = append(e.bodies[r.URL.Path], string(body))
	change := e.change
	e.mu.Unlock()
	answer := Answer{Status: upstream.StatusCode, Body: answerBody}
	if e.remote != nil {
		e.remote.record(r.URL.Path, answer)
	}
	if change != nil {
		answer = change(r.URL.Path, n, answer)
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(answer.Status)
	_, _ = w.Write(answer.Body)
}

// Record puts a proxy between the provider and the emulator that keeps the body of every
// request, for RequestBodies; the answers are the emulator's.
func (e *Emulator) Record() { e.startProxy() }

// RequestBodies returns the bodies of the requests the provider sent to endpoint since Tamper
// or Record.
func (e *Emulator) RequestBodies(endpoint string) []string {
	e.mu.Lock()
	defer e.mu.Unlock()
	return append([]string(nil), e.bodies[endpoint]...)
}
