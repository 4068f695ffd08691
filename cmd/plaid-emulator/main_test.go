package main

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/tfplaid/terraform-provider-plaid/internal/emulator"
	"github.com/tfplaid/terraform-provider-plaid/internal/harness"
)

// binary is the command built once for the tests that run it.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "plaid-emulator-test")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binary = filepath.Join(dir, "plaid-emulator")
	if err := harness.GoBuild(binary, harness.Module+"/cmd/plaid-emulator"); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// loopbackURL is the address the first line must give: the harness accepts any http(s) URL
// with a port, the emulator promises a loopback one with the port it picked.
var loopbackURL = regexp.MustCompile(`^https?://127\.0\.0\.1:[1-9][0-9]*$`)

// start runs the binary on a free loopback port, as the harness does for every user of the
// emulator, and kills it when the test ends if it still runs.
func start(t *testing.T, args ...string) *harness.Emulator {
	t.Helper()
	p := startAnywhere(t, args...)
	if !loopbackURL.MatchString(p.URL) {
		t.Fatalf("address %q does not match %s", p.URL, loopbackURL)
	}
	return p
}

// startAnywhere is start for a test that passes its own --listen.
func startAnywhere(t *testing.T, args ...string) *harness.Emulator {
	t.Helper()
	p, err := harness.StartEmulator(binary, args...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Stop(os.Kill) })
	return p
}

// stop signals the process and returns its exit code.
func stop(t *testing.T, p *harness.Emulator, sig os.Signal) int {
	t.Helper()
	err := p.Stop(sig)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	if err != nil {
		t.Fatal(err)
	}
	return 0
}

// post sends a Plaid request and decodes the answer.
func post(t *testing.T, client *http.Client, url, path, body string, header ...string) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	defer resp.Body.Close()
	var answer map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		t.Fatalf("POST %s: %v", path, err)
	}
	return resp.StatusCode, answer
}

func TestServesAndStopsCleanly(t *testing.T) {
	for _, sig := range []os.Signal{syscall.SIGTERM, os.Interrupt} {
		t.Run(sig.String(), func(t *testing.T) {
			p := start(t, "--client-id", "id", "--secret", "s")
			status, answer := post(t, http.DefaultClient, p.URL, "/user/create", `{"client_user_id":"qa-1"}`, "PLAID-CLIENT-ID", "id", "PLAID-SECRET", "s")
			if status != 201 {
				t.Errorf("create: %d %v", status, answer)
			}
			status, answer = post(t, http.DefaultClient, p.URL, "/user/create", `{"client_user_id":"qa-2"}`, "PLAID-CLIENT-ID", "id", "PLAID-SECRET", "wrong")
			if status != 400 || answer["error_code"] != "INVALID_API_KEYS" {
				t.Errorf("wrong secret: %d %v", status, answer)
			}
			if code := stop(t, p, sig); code != 0 {
				t.Errorf("exit code %d after %v; stderr: %s", code, sig, p.Stderr())
			}
			if strings.Contains(p.Stderr(), "panic") || !strings.Contains(p.Stderr(), "path=/user/create status=201") {
				t.Errorf("stderr: %s", p.Stderr())
			}
		})
	}
}

// trustingClient trusts only the certificate in caFile, as the provider's ca_file does, and
// dials every host at addr, as a container network resolves a service name to the emulator.
func trustingClient(t *testing.T, caFile, addr string) *http.Client {
	t.Helper()
	pem, err := os.ReadFile(caFile)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	if !roots.AppendCertsFromPEM(pem) {
		t.Fatalf("%s holds no certificate", caFile)
	}
	dial := func(ctx context.Context, network, _ string) (net.Conn, error) {
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}
	return &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots}, DialContext: dial}}
}

// --ca-out replaces what the file held, whole, leaving no temporary file beside it, readable by
// clients under other users.
func TestTLSWithCAOut(t *testing.T) {
	dir := t.TempDir()
	caFile := filepath.Join(dir, "ca.pem")
	if err := os.WriteFile(caFile, []byte("a previous run's certificate"), 0o600); err != nil {
		t.Fatal(err)
	}
	p := start(t, "--tls", "--ca-out", caFile, "--quiet")
	if !strings.HasPrefix(p.URL, "https://") {
		t.Fatalf("URL %s is not https", p.URL)
	}
	client := trustingClient(t, caFile, strings.TrimPrefix(p.URL, "https://"))
	if status, answer := post(t, client, p.URL, "/user/create", `{"client_user_id":"qa-tls","client_id":"a","secret":"b"}`); status != 201 {
		t.Errorf("create over TLS: %d %v", status, answer)
	}
	stop(t, p, syscall.SIGTERM)
	if p.Stderr() != "" {
		t.Errorf("--quiet logged: %s", p.Stderr())
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Errorf("%s holds %v (%v), want ca.pem alone", dir, entries, err)
	}
	if info, err := os.Stat(caFile); err != nil {
		t.Error(err)
	} else if info.Mode().Perm() != 0o644 {
		t.Errorf("%s has mode %v, want 0644", caFile, info.Mode().Perm())
	}
}

// --tls-host names the emulator in its certificate by the name a client in another container
// dials (here routed to loopback): a client trusting the --ca-out file verifies
// https://NAME:PORT, and still refuses a name not asked for.
func TestTLSHostIsTrusted(t *testing.T) {
	caFile := filepath.Join(t.TempDir(), "ca.pem")
	p := start(t, "--tls", "--ca-out", caFile, "--tls-host", "plaid-emulator", "--tls-host", "192.0.2.7", "--quiet")
	addr := strings.TrimPrefix(p.URL, "https://")
	_, port, err := net.SplitHostPort(addr)
	if err != nil {
		t.Fatal(err)
	}
	client := trustingClient(t, caFile, addr)
	for host, trusted := range map[string]bool{"plaid-emulator": true, "192.0.2.7": true, "not-asked-for": false} {
		resp, err := client.Get("https://" + net.JoinHostPort(host, port) + "/__emulator/stats")
		if err == nil {
			resp.Body.Close()
		}
		var wrongHost x509.HostnameError
		if trusted && err != nil || !trusted && !errors.As(err, &wrongHost) {
			t.Errorf("https://%s:%s: %v; want trusted %v", host, port, err, trusted)
		}
	}
}

func TestDataSurvivesRestart(t *testing.T) {
	data := filepath.Join(t.TempDir(), "state.json")
	creds := []string{"PLAID-CLIENT-ID", "a", "PLAID-SECRET", "b"}
	first := start(t, "--data", data)
	_, created := post(t, http.DefaultClient, first.URL, "/user/create", `{"client_user_id":"qa-durable","identity":{"date_of_birth":"1990-01-02"}}`, creds...)
	if code := stop(t, first, syscall.SIGTERM); code != 0 {
		t.Fatalf("exit code %d", code)
	}

	second := start(t, "--data", data)
	status, again := post(t, http.DefaultClient, second.URL, "/user/create", `{"client_user_id":"qa-durable"}`, creds...)
	if status != 200 || again["user_id"] != created["user_id"] {
		t.Errorf("after restart: %d %v, want 200 with %v", status, again, created["user_id"])
	}
	_, got := post(t, http.DefaultClient, second.URL, "/user/get", fmt.Sprintf(`{"user_id":%q}`, created["user_id"]), creds...)
	if identity, _ := got["identity"].(map[string]any); identity == nil || identity["date_of_birth"] != "1990-01-02" {
		t.Errorf("identity after restart: %v", got)
	}
}

// TestDataSurvivesKill: a write is answered once it is on disk, so that
// SIGKILL right after the answers loses none of them.
func TestDataSurvivesKill(t *testing.T) {
	data := filepath.Join(t.TempDir(), "state.db")
	creds := []string{"PLAID-CLIENT-ID", "a", "PLAID-SECRET", "b"}
	first := start(t, "--data", data, "--quiet")
	var created []any
	for i := range 20 {
		status, answer := post(t, http.DefaultClient, first.URL, "/user/create", fmt.Sprintf(`{"client_user_id":"qa-kill-%d"}`, i), creds...)
		if status != 201 {
			t.Fatalf("create: %d %v", status, answer)
		}
		created = append(created, answer["user_id"])
	}
	stop(t, first, os.Kill)

	second := start(t, "--data", data, "--quiet")
	for _, id := range created {
		if status, answer := post(t, http.DefaultClient, second.URL, "/user/get", fmt.Sprintf(`{"user_id":%q}`, id), creds...); status != 200 {
			t.Errorf("user %v after SIGKILL and restart: %d %v", id, status, answer)
		}
	}
}

// TestOneEmulatorPerDataFile: a second emulator on the same --data file
// exits at once with a message naming the file.
func TestOneEmulatorPerDataFile(t *testing.T) {
	data := filepath.Join(t.TempDir(), "state.db")
	first := start(t, "--data", data)
	cmd := exec.Command(binary, "--data", data)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 1 {
		t.Errorf("second emulator: %v, want exit code 1", err)
	}
	if want := "plaid-emulator: state file " + data + " is in use by another plaid-emulator"; stdout.Len() != 0 || !strings.HasPrefix(stderr.String(), want) {
		t.Errorf("stdout %q, stderr %q; want %q on stderr", stdout.String(), stderr.String(), want)
	}
	if code := stop(t, first, syscall.SIGTERM); code != 0 {
		t.Errorf("first emulator: exit code %d; stderr: %s", code, first.Stderr())
	}
}

func TestHelpDocumentsEveryFlag(t *testing.T) {
	out, err := exec.Command(binary, "--help").Output()
	if err != nil {
		t.Fatalf("--help: %v", err)
	}
	help := string(out)
	if !strings.Contains(help, "headers within 10s and the whole request within\n30s; a kept-alive connection idle for 2m0s is closed") {
		t.Errorf("--help does not give the connection timeouts:\n%s", help)
	}
	// The flags of issue 2, which scripts outside the project use, and ours.
	named := []string{"listen", "client-id", "secret", "data", "legacy", "latency", "jitter",
		"error-rate", "throttle-rate", "drop-rate", "rps-limit", "tls", "ca-out", "admin-token", "tls-host", "version"}
	var c config
	newFlagSet(&c, io.Discard).VisitAll(func(f *flag.Flag) {
		if !strings.Contains(help, "--"+f.Name+" ") && !strings.Contains(help, "--"+f.Name+"\n") {
			t.Errorf("--help does not document --%s", f.Name)
		}
		named = removeName(named, f.Name)
	})
	if len(named) > 0 {
		t.Errorf("flags missing: %v", named)
	}
}

func removeName(names []string, name string) []string {
	var out []string
	for _, n := range names {
		if n != name {
			out = append(out, n)
		}
	}
	return out
}

func TestFlagsMapToOptions(t *testing.T) {
	args := []string{"--listen", "127.0.0.1:8080", "--client-id", "id", "--secret", "s", "--data", "f.json", "--legacy",
		"--latency", "50ms", "--jitter", "10ms", "--error-rate", "0.1", "--throttle-rate", "0.05", "--drop-rate", "0.05",
		"--rps-limit", "100", "--seed", "7", "--tls", "--ca-out", "ca.pem", "--tls-host", "plaid", "--tls-host", "10.0.0.1",
		"--admin-token", "tok", "--quiet"}
	got, err := parseFlags(args, io.Discard, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	want := config{
		opts: emulator.Options{ClientID: "id", Secret: "s", DataFile: "f.json", Legacy: true, Latency: 50 * time.Millisecond,
			Jitter: 10 * time.Millisecond, ErrorRate: 0.1, ThrottleRate: 0.05, DropRate: 0.05, RPSLimit: 100, Seed: 7,
			AdminToken: "tok"},
		server: emulator.ServerOptions{Listen: "127.0.0.1:8080", TLS: true, TLSHosts: []string{"plaid", "10.0.0.1"}},
		caOut:  "ca.pem",
		quiet:  true,
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("parsed\n %+v\nwant %+v", got, want)
	}

	defaults, err := parseFlags(nil, io.Discard, io.Discard)
	if err != nil || !reflect.DeepEqual(defaults, config{server: emulator.ServerOptions{Listen: "127.0.0.1:0"}}) {
		t.Errorf("defaults %+v, %v", defaults, err)
	}
}

func TestBadCommandLines(t *testing.T) {
	tests := []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"--bogus"}, 2, "not defined"},
		{[]string{"--latency", "soon"}, 2, "invalid value"},
		{[]string{"--ca-out", "ca.pem"}, 2, "--ca-out needs --tls"},
		{[]string{"--tls-host", "plaid"}, 2, "--tls-host needs --tls"},
		{[]string{"--tls", "--tls-host", "plaid", "--tls-host", "https://plaid"}, 2, `"https://plaid" is neither an IP address nor a DNS name`},
		{[]string{"extra"}, 2, "unexpected arguments"},
		{[]string{"--error-rate", "2"}, 1, "rates must be between 0 and 1"},
		{[]string{"--listen", "127.0.0.1:99999"}, 1, "invalid port"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			cmd := exec.Command(binary, tt.args...)
			var stdout, stderr bytes.Buffer
			cmd.Stdout, cmd.Stderr = &stdout, &stderr
			err := cmd.Run()
			var exit *exec.ExitError
			if !errors.As(err, &exit) || exit.ExitCode() != tt.code {
				t.Errorf("exit %v, want code %d", err, tt.code)
			}
			if stdout.Len() != 0 || !strings.Contains(stderr.String(), tt.stderr) {
				t.Errorf("stdout %q, stderr %q; want %q on stderr", stdout.String(), stderr.String(), tt.stderr)
			}
		})
	}
}

// The admin token comes from --admin-token, or else from $PLAID_EMULATOR_ADMIN_TOKEN, which keeps
// it out of the process list; --help never shows it.
func TestAdminTokenFromFlagOrEnvironment(t *testing.T) {
	env := func(string) string { return "from-env" }
	for _, tt := range []struct {
		args []string
		want string
	}{
		{nil, "from-env"},
		{[]string{"--admin-token", "from-flag"}, "from-flag"},
	} {
		c, err := parseFlags(tt.args, io.Discard, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if applyEnvironment(&c, env); c.opts.AdminToken != tt.want {
			t.Errorf("%v: admin token %q, want %q", tt.args, c.opts.AdminToken, tt.want)
		}
	}

	help := exec.Command(binary, "--help")
	help.Env = append(os.Environ(), "PLAID_EMULATOR_ADMIN_TOKEN=do-not-show-me")
	out, err := help.CombinedOutput()
	if err != nil || strings.Contains(string(out), "do-not-show-me") || !strings.Contains(string(out), "PLAID_EMULATOR_ADMIN_TOKEN") {
		t.Errorf("--help (%v) shows the token, or does not name the variable:\n%s", err, out)
	}
}

// With an admin token, the binary's admin API wants it from every client, here over loopback.
func TestAdminTokenGuardsTheAdminAPI(t *testing.T) {
	p := start(t, "--quiet", "--admin-token", "cmd-admin-token")
	for _, tt := range []struct {
		authorization string
		status        int
	}{{"", http.StatusUnauthorized}, {"Bearer wrong", http.StatusUnauthorized}, {"Bearer cmd-admin-token", http.StatusOK}} {
		req, err := http.NewRequest(http.MethodGet, p.URL+"/__emulator/users", nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", tt.authorization)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != tt.status {
			t.Errorf("Authorization %q: %d, want %d", tt.authorization, resp.StatusCode, tt.status)
		}
	}
}

// Listening on every interface: the first line names the address really listened on (not a
// loopback stand-in), and a warning on stderr names it and what the network can reach. On
// loopback there is no warning (TestTLSWithCAOut: stderr stays empty).
func TestListeningBeyondLoopbackWarnsAndPrintsTheRealAddress(t *testing.T) {
	tests := []struct {
		args       []string
		url, admin string
	}{
		{[]string{"--listen", "0.0.0.0:0"}, `^http://0\.0\.0\.0:([1-9][0-9]*)$`, "stays loopback-only"},
		{[]string{"--listen", "[::]:0", "--tls", "--admin-token", "net-token"}, `^https://\[::\]:([1-9][0-9]*)$`, "open to the network to holders of the admin token"},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			p := startAnywhere(t, append(tt.args, "--quiet", "--client-id", "id", "--secret", "cmd-secret")...)
			port := regexp.MustCompile(tt.url).FindStringSubmatch(p.URL)
			if port == nil {
				t.Fatalf("first line names %q, want %s", p.URL, tt.url)
			}
			if code := stop(t, p, syscall.SIGTERM); code != 0 {
				t.Errorf("exit code %d", code)
			}
			stderr := p.Stderr()
			host := strings.TrimSuffix(strings.SplitN(p.URL, "://", 2)[1], ":"+port[1])
			for _, want := range []string{"warning: listening on " + host + ":" + port[1], "identity data", tt.admin,
				"the client_id and secret given", "127.0.0.1:" + port[1]} {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr lacks %q:\n%s", want, stderr)
				}
			}
			if strings.Contains(stderr, "cmd-secret") || strings.Contains(stderr, "net-token") {
				t.Errorf("stderr shows a secret:\n%s", stderr)
			}
		})
	}
}

// --version prints the version GoReleaser sets: the test builds with the ldflags of
// .goreleaser.yml's emulator build, so that renaming the variable or changing the release
// configuration cannot silently ship "dev". A plain build says dev.
func TestVersion(t *testing.T) {
	release, err := os.ReadFile("../../.goreleaser.yml")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?s)- id: emulator\n.*?ldflags:\n\s*- "([^"]*)"`).FindSubmatch(release)
	if m == nil || !strings.Contains(string(m[1]), "{{ .Version }}") {
		t.Fatalf(".goreleaser.yml's emulator build sets no version in its ldflags")
	}
	released := filepath.Join(t.TempDir(), "plaid-emulator")
	ldflags := strings.ReplaceAll(string(m[1]), "{{ .Version }}", "1.2.3-test")
	if out, err := exec.Command("go", "build", "-ldflags", ldflags, "-o", released, harness.Module+"/cmd/plaid-emulator").CombinedOutput(); err != nil {
		t.Fatalf("go build -ldflags %q: %v\n%s", ldflags, err, out)
	}
	for bin, want := range map[string]string{released: "plaid-emulator 1.2.3-test\n", binary: "plaid-emulator dev\n"} {
		out, err := exec.Command(bin, "--version").Output()
		if err != nil || string(out) != want {
			t.Errorf("%s --version: %q, %v; want %q", bin, out, err, want)
		}
	}
}
