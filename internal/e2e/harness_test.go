package e2e

import (
	"bytes"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tfplaid/terraform-provider-plaid/internal/harness"
)

// The binaries are built once per test run, into binDir.
var (
	binDir string // set by the first build; TestMain removes it
	build  = sync.OnceValues(func() (harness.Binaries, error) {
		var err error
		// Shared by every test of the run, so not t.TempDir().
		if binDir, err = os.MkdirTemp("", "plaid-e2e-bin-"); err != nil {
			return harness.Binaries{}, err
		}
		return harness.Build(binDir)
	})
)

func TestMain(m *testing.M) {
	code := m.Run()
	if binDir != "" {
		_ = os.RemoveAll(binDir)
	}
	os.Exit(code)
}

// terraformCLI skips the test without TF_ACC, like terraform-plugin-testing does, and returns
// the Terraform CLI to drive. With TF_ACC set, a missing CLI fails the test: an end-to-end test
// that silently does nothing proves nothing.
func terraformCLI(t *testing.T) string {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("end-to-end tests drive the Terraform CLI; run them with TF_ACC=1 (make test)")
	}
	name := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if name == "" {
		name = "terraform"
	}
	path, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("TF_ACC is set but the Terraform CLI %q cannot be run (%v): install terraform or set TF_ACC_TERRAFORM_PATH", name, err)
	}
	return path
}

// isOpenTofu tells whether the CLI is OpenTofu, from the first line of its version command.
func isOpenTofu(t *testing.T, cli string, env []string) bool {
	t.Helper()
	cmd := exec.Command(cli, "version")
	cmd.Env = env
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%s version: %v", cli, err)
	}
	return strings.HasPrefix(string(out), "OpenTofu")
}

// binaries builds terraform-provider-plaid and plaid-emulator from this tree, once per run.
func binaries(t *testing.T) harness.Binaries {
	t.Helper()
	bins, err := build()
	if err != nil {
		t.Fatal(err)
	}
	return bins
}

// emulatorProcess is a plaid-emulator binary serving one test.
type emulatorProcess struct {
	URL              string
	CAFile           string // with TLS, the emulator's certificate, for the provider's ca_file
	clientID, secret string
	client           *http.Client // trusts CAFile
	t                *testing.T
}

// startEmulator runs plaid-emulator on a free loopback port with the given credentials, over
// HTTPS with a self-signed certificate if withTLS, and further flags; it stops it (SIGINT) when
// the test ends, and fails the test unless it then exits cleanly.
func startEmulator(t *testing.T, clientID, secret string, withTLS bool, flags ...string) *emulatorProcess {
	t.Helper()
	e := &emulatorProcess{clientID: clientID, secret: secret, client: http.DefaultClient, t: t}
	args := []string{"--client-id", clientID, "--secret", secret, "--quiet"}
	if withTLS {
		e.CAFile = filepath.Join(t.TempDir(), "emulator-ca.pem")
		args = append(args, "--tls", "--ca-out", e.CAFile)
	}
	process, err := harness.StartEmulator(binaries(t).Emulator, append(args, flags...)...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := process.Stop(os.Interrupt); err != nil {
			t.Errorf("plaid-emulator exited with %v: %s", err, process.Stderr())
		}
	})
	e.URL = process.URL
	if withTLS {
		if !strings.HasPrefix(e.URL, "https://") {
			t.Fatalf("plaid-emulator --tls listens on %s, not https", e.URL)
		}
		e.client = clientTrusting(t, e.CAFile)
	}
	return e
}

// clientTrusting returns an HTTP client that trusts the PEM certificate in caFile only.
func clientTrusting(t *testing.T, caFile string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatalf("reading the emulator's certificate: %v", err)
	}
	pool := x509.NewCertPool()
	if !pool.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no PEM certificate", caFile)
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool, MinVersion: tls.VersionTLS12}}}
}

// userSummary is one user as GET /__emulator/users lists it.
type userSummary struct {
	UserID       string   `json:"user_id"`
	ClientUserID string   `json:"client_user_id"`
	Legacy       bool     `json:"legacy"` // a user_token user; the listing never shows the token
	ItemIDs      []string `json:"item_ids"`
}

// users asks the emulator which users it holds.
func (e *emulatorProcess) users() []userSummary {
	e.t.Helper()
	resp, err := e.client.Get(e.URL + "/__emulator/users")
	if err != nil {
		e.t.Fatalf("GET /__emulator/users: %v", err)
	}
	defer resp.Body.Close()
	var answer struct {
		Users []userSummary `json:"users"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		e.t.Fatalf("decoding /__emulator/users: %v", err)
	}
	return answer.Users
}

// requests asks the emulator how many Plaid requests it answered, by path and status ("200",
// "400", ... "dropped").
func (e *emulatorProcess) requests() map[string]map[string]int {
	e.t.Helper()
	resp, err := e.client.Get(e.URL + "/__emulator/stats")
	if err != nil {
		e.t.Fatalf("GET /__emulator/stats: %v", err)
	}
	defer resp.Body.Close()
	var stats struct {
		Requests map[string]map[string]int `json:"requests"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&stats); err != nil {
		e.t.Fatalf("decoding /__emulator/stats: %v", err)
	}
	return stats.Requests
}

// call posts a Plaid request behind Terraform's back and returns the decoded answer; anything
// but 200 or 201 fails the test.
func (e *emulatorProcess) call(endpoint string, request map[string]any) map[string]any {
	e.t.Helper()
	body, err := json.Marshal(request)
	if err != nil {
		e.t.Fatal(err)
	}
	req, err := http.NewRequest(http.MethodPost, e.URL+endpoint, bytes.NewReader(body))
	if err != nil {
		e.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("PLAID-CLIENT-ID", e.clientID)
	req.Header.Set("PLAID-SECRET", e.secret)
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatalf("calling %s: %v", endpoint, err)
	}
	defer resp.Body.Close()
	var answer map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		e.t.Fatalf("decoding the answer of %s: %v", endpoint, err)
	}
	if resp.StatusCode != http.StatusOK && resp.StatusCode != http.StatusCreated {
		e.t.Fatalf("%s answered %s: %v", endpoint, resp.Status, answer)
	}
	return answer
}

// workspace is a Terraform root module in a temporary folder, run with a CLI configuration
// whose dev_overrides point at the provider built from this tree. Every command logs at TRACE
// into its own file under logDir; outputs keeps what each command printed.
type workspace struct {
	t        *testing.T
	cli      string
	openTofu bool // the CLI is OpenTofu rather than Terraform
	dir      string
	logDir   string
	env      []string
	outputs  []capture
}

// capture is text a command printed, or a log file, named for error messages.
type capture struct{ name, text string }

// newWorkspace prepares a root module folder. extraEnv adds variables (NAME=value) to the
// environment Terraform and the provider run in, which is otherwise the test's own minus every
// TF_*, PLAID_* and proxy variable, so that nothing from the developer's shell changes the run.
func newWorkspace(t *testing.T, extraEnv ...string) *workspace {
	t.Helper()
	cli := terraformCLI(t)
	bins := binaries(t)
	root := t.TempDir()
	w := &workspace{t: t, cli: cli, dir: filepath.Join(root, "module"), logDir: filepath.Join(root, "logs")}
	for _, dir := range []string{w.dir, w.logDir} {
		if err := os.Mkdir(dir, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	cliConfig := filepath.Join(root, "cli.tfrc")
	if err := harness.WriteCLIConfig(cliConfig, bins.Dir); err != nil {
		t.Fatal(err)
	}
	w.env = append(harness.TerraformEnv(cliConfig), "TF_IN_AUTOMATION=1", "TF_LOG=TRACE")
	w.env = append(w.env, extraEnv...)
	w.openTofu = isOpenTofu(t, cli, w.env)
	return w
}

// writeConfig replaces the root module's configuration with a terraform block requiring the
// provider by its Registry source, which dev_overrides serves, followed by config.
func (w *workspace) writeConfig(config string) {
	writeFile(w.t, filepath.Join(w.dir, "main.tf"), `terraform {
  required_providers {
    plaid = { source = "tfplaid/plaid" }
  }
}

`+config)
}

// run runs one Terraform command (without -no-color, which it adds) and returns what it printed
// and its exit code.
func (w *workspace) run(args ...string) (string, int) {
	w.t.Helper()
	name := fmt.Sprintf("%02d-%s", len(w.outputs)+1, strings.Join(args, " "))
	words := 1 // the subcommand, e.g. "plan", or "state rm"
	if args[0] == "state" {
		words = 2
	}
	args = slices.Concat(args[:words], []string{"-no-color"}, args[words:])
	cmd := exec.Command(w.cli, args...)
	cmd.Dir = w.dir
	logFile := filepath.Join(w.logDir, fmt.Sprintf("%02d-%s.log", len(w.outputs)+1, args[0]))
	cmd.Env = append(w.env, "TF_LOG_PATH="+logFile)
	start := time.Now()
	out, err := cmd.CombinedOutput()
	w.outputs = append(w.outputs, capture{name: "output of terraform " + name, text: string(out)})
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		w.t.Logf("terraform %s: exit %d in %s", name, exit.ExitCode(), time.Since(start).Round(time.Millisecond))
		return string(out), exit.ExitCode()
	case err != nil:
		w.t.Fatalf("running terraform %s: %v", name, err)
	}
	w.t.Logf("terraform %s: exit 0 in %s", name, time.Since(start).Round(time.Millisecond))
	return string(out), 0
}

// mustRun runs a Terraform command that has to succeed.
func (w *workspace) mustRun(args ...string) string {
	w.t.Helper()
	out, code := w.run(args...)
	if code != 0 {
		w.t.Fatalf("terraform %s exited %d:\n%s", strings.Join(args, " "), code, out)
	}
	return out
}

// expectExit runs a Terraform command that has to exit with the given code.
func (w *workspace) expectExit(code int, args ...string) string {
	w.t.Helper()
	out, got := w.run(args...)
	if got != code {
		w.t.Fatalf("terraform %s exited %d, want %d:\n%s", strings.Join(args, " "), got, code, out)
	}
	return out
}

// stateAttribute reads an attribute of a resource from the workspace's state file directly:
// `terraform state pull` or `show` would print it, and the test checks every output for secrets.
func (w *workspace) stateAttribute(resourceType, name, attribute string) string {
	w.t.Helper()
	raw, err := os.ReadFile(filepath.Join(w.dir, "terraform.tfstate"))
	if err != nil {
		w.t.Fatal(err)
	}
	var state struct {
		Resources []struct {
			Type, Name string
			Instances  []struct {
				Attributes map[string]any
			}
		}
	}
	if err := json.Unmarshal(raw, &state); err != nil {
		w.t.Fatalf("decoding the state: %v", err)
	}
	for _, r := range state.Resources {
		if r.Type == resourceType && r.Name == name && len(r.Instances) == 1 {
			if value, ok := r.Instances[0].Attributes[attribute].(string); ok && value != "" {
				return value
			}
		}
	}
	w.t.Fatalf("the state has no %s of %s.%s", attribute, resourceType, name)
	return ""
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
}
