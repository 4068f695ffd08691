package harness

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

func TestParseListenLine(t *testing.T) {
	good := map[string]string{
		"plaid-emulator listening on http://127.0.0.1:41234\n":   "http://127.0.0.1:41234",
		"plaid-emulator listening on https://127.0.0.1:8443\r\n": "https://127.0.0.1:8443",
		"plaid-emulator listening on http://[::1]:65535":         "http://[::1]:65535",
		// Every interface: the emulator prints the wildcard it really listens on.
		"plaid-emulator listening on http://0.0.0.0:41234\n": "http://0.0.0.0:41234",
		"plaid-emulator listening on https://[::]:8443\n":    "https://[::]:8443",
	}
	for line, want := range good {
		if got, err := ParseListenLine(line); err != nil || got != want {
			t.Errorf("ParseListenLine(%q) = %q, %v; want %q", line, got, err, want)
		}
	}
	bad := []string{
		"",
		"listening on http://127.0.0.1:41234",
		"plaid-emulator: listen tcp: address 99999: invalid port",
		"plaid-emulator listening on ",
		"plaid-emulator listening on 127.0.0.1:41234",
		"plaid-emulator listening on ftp://127.0.0.1:41234",
		"plaid-emulator listening on http://127.0.0.1",
		"plaid-emulator listening on http://127.0.0.1:0",
		"plaid-emulator listening on http://127.0.0.1:70000",
		"plaid-emulator listening on http://127.0.0.1:41234/plaid",
		"plaid-emulator listening on http://127.0.0.1:41234 and more",
	}
	for _, line := range bad {
		if got, err := ParseListenLine(line); err == nil {
			t.Errorf("ParseListenLine(%q) = %q, want an error", line, got)
		}
	}
}

// fakeEmulator writes a shell script that stands for plaid-emulator: it writes its arguments on
// standard error, then runs body.
func fakeEmulator(t *testing.T, body string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "plaid-emulator")
	script := "#!/bin/sh\necho \"args: $*\" >&2\n" + body + "\n"
	if err := os.WriteFile(path, []byte(script), 0o700); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestStartEmulatorReadsTheAddressAndStops(t *testing.T) {
	bin := fakeEmulator(t, `trap 'echo stopping >&2; exit 4' TERM
echo "plaid-emulator listening on http://127.0.0.1:41234"
echo "a second line, dropped"
while :; do sleep 0.05; done`)
	e, err := StartEmulator(bin, "--quiet", "--latency", "5ms")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = e.Stop(os.Kill) })
	if e.URL != "http://127.0.0.1:41234" {
		t.Errorf("URL %q", e.URL)
	}
	err = e.Stop(syscall.SIGTERM)
	var exit *exec.ExitError
	if !errors.As(err, &exit) || exit.ExitCode() != 4 {
		t.Errorf("Stop: %v, want exit code 4 from the script's trap", err)
	}
	if again := e.Stop(syscall.SIGTERM); again != err { //nolint:errorlint // the very same error, not one like it
		t.Errorf("Stop again: %v, want %v", again, err)
	}
	if want := "args: --listen 127.0.0.1:0 --quiet --latency 5ms\nstopping\n"; e.Stderr() != want {
		t.Errorf("stderr %q, want %q", e.Stderr(), want)
	}
}

func TestStartEmulatorFails(t *testing.T) {
	tests := map[string]struct{ body, want string }{
		"wrong first line": {`echo "hello"; exec sleep 30`, `first line is "hello\n"`},
		"exit before the address": {`echo "cannot listen" >&2; exit 1`,
			`printed no address (first line ""): EOF; its standard error: "args: --listen 127.0.0.1:0\ncannot listen\n"`},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			e, err := StartEmulator(fakeEmulator(t, tt.body))
			if err == nil {
				_ = e.Stop(os.Kill)
				t.Fatalf("started, at %s", e.URL)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not say %q", err, tt.want)
			}
		})
	}
}

func TestStartEmulatorWithoutTheBinary(t *testing.T) {
	_, err := StartEmulator(filepath.Join(t.TempDir(), "missing"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("error %v, want one wrapping os.ErrNotExist", err)
	}
}

func TestWriteCLIConfig(t *testing.T) {
	path := filepath.Join(t.TempDir(), "cli.tfrc")
	if err := WriteCLIConfig(path, "/tmp/bin dir"); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := `disable_checkpoint = true

provider_installation {
  dev_overrides {
    "tfplaid/plaid" = "/tmp/bin dir"
  }
  direct {}
}
`
	if string(got) != want {
		t.Errorf("CLI configuration:\n%s\nwant:\n%s", got, want)
	}
	if err := WriteCLIConfig(filepath.Join(t.TempDir(), "missing", "cli.tfrc"), "/bin"); err == nil {
		t.Error("no error writing into a missing folder")
	}
}

func TestTerraformEnv(t *testing.T) {
	for name, value := range map[string]string{
		"TF_LOG": "TRACE", "TF_CLI_CONFIG_FILE": "/home/me/.terraformrc", "PLAID_SECRET": "real",
		"HTTPS_PROXY": "http://proxy:3128", "no_proxy": "example.com", "HARNESS_KEPT": "yes",
	} {
		t.Setenv(name, value)
	}
	env := TerraformEnv("/tmp/cli.tfrc")
	for _, kv := range env {
		name, _, _ := strings.Cut(kv, "=")
		if slices.Contains([]string{"TF_LOG", "PLAID_SECRET", "HTTPS_PROXY", "no_proxy"}, name) {
			t.Errorf("%s kept", kv)
		}
	}
	tail := env[len(env)-2:]
	if !slices.Contains(env, "HARNESS_KEPT=yes") || !slices.Equal(tail, []string{"TF_CLI_CONFIG_FILE=/tmp/cli.tfrc", "CHECKPOINT_DISABLE=1"}) {
		t.Errorf("environment %q lacks HARNESS_KEPT=yes or ends %q", env, tail)
	}
}

func TestGoBuildReportsTheCompiler(t *testing.T) {
	err := GoBuild(filepath.Join(t.TempDir(), "out"), Module+"/no/such/package")
	if err == nil || !strings.Contains(err.Error(), "no/such/package") {
		t.Errorf("error %v, want the go command's complaint about the package", err)
	}
}

// TestNotImportedByProductionCode holds the package to its two rules: the provider's binary does
// not link it, and it drives the emulator's binary rather than linking internal/emulator.
func TestNotImportedByProductionCode(t *testing.T) {
	deps := func(pkg string) []string {
		out, err := exec.Command("go", "list", "-deps", pkg).Output()
		if err != nil {
			t.Fatalf("go list -deps %s: %v", pkg, err)
		}
		return strings.Fields(string(out))
	}
	if slices.Contains(deps(Module), Module+"/internal/harness") {
		t.Error("the provider imports internal/harness")
	}
	if slices.Contains(deps(Module+"/internal/harness"), Module+"/internal/emulator") {
		t.Error("internal/harness imports internal/emulator")
	}
}
