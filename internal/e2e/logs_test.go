package e2e

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// logEntry is one entry of a Terraform log: a line that starts with a timestamp and a level,
// and the lines after it that do not (hclog writes a multi-line value over several lines, and
// Terraform prints its graphs that way).
type logEntry struct {
	where string // file:line of the entry's first line
	text  string
}

var entryStart = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\S* \[[A-Z]+\]`)

// providerEntry matches the entries of the provider's process. Terraform's plugin host names the
// logger of a plugin after its executable and relays every line the plugin writes (tflog's
// structured lines from the provider, its "plaid" subsystem, the framework and terraform-plugin-go,
// and any raw line) under that name: "2025-01-02T03:04:05.678Z [DEBUG] provider.terraform-provider-plaid: ...".
// Terraform's own lines about the plugin ("provider: starting plugin", "provider.stdio: ...")
// do not match.
var providerEntry = regexp.MustCompile(`^\S+ \[[A-Z]+\]\s+provider\.terraform-provider-plaid: `)

// logEntries reads every log file the workspace's commands wrote, in order.
func (w *workspace) logEntries() []logEntry {
	w.t.Helper()
	files, err := filepath.Glob(filepath.Join(w.logDir, "*.log"))
	if err != nil || len(files) == 0 {
		w.t.Fatalf("no Terraform log files in %s (%v): TF_LOG_PATH was not honored", w.logDir, err)
	}
	var entries []logEntry
	for _, file := range files {
		raw, err := os.ReadFile(file)
		if err != nil {
			w.t.Fatal(err)
		}
		for i, line := range strings.Split(string(raw), "\n") {
			if entryStart.MatchString(line) || len(entries) == 0 {
				entries = append(entries, logEntry{where: fmt.Sprintf("%s:%d", filepath.Base(file), i+1), text: line})
				continue
			}
			entries[len(entries)-1].text += "\n" + line
		}
	}
	return entries
}

// providerEntries keeps the entries of the provider's process.
func providerEntries(entries []logEntry) []logEntry {
	var kept []logEntry
	for _, e := range entries {
		if providerEntry.MatchString(e.text) {
			kept = append(kept, e)
		}
	}
	return kept
}

func entriesAsCaptures(entries []logEntry) []capture {
	captures := make([]capture, len(entries))
	for i, e := range entries {
		captures[i] = capture{name: "log entry " + e.where, text: e.text}
	}
	return captures
}

// needle is a value that must not be found, with a name to report instead of the value.
type needle struct{ name, value string }

// expectAbsent fails the test for every needle found (case-insensitively) in a capture, showing
// where and a little context with the value itself masked.
func expectAbsent(t *testing.T, what string, captures []capture, needles []needle) {
	t.Helper()
	leaks := 0
	for _, c := range captures {
		text := strings.ToLower(c.text)
		for _, n := range needles {
			at := strings.Index(text, strings.ToLower(n.value))
			if at < 0 {
				continue
			}
			leaks++
			if leaks <= 20 {
				t.Errorf("%s: %s found in %s: %q", what, n.name, c.name, excerpt(c.text, at, len(n.value), n.name))
			}
		}
	}
	if leaks > 20 {
		t.Errorf("%s: %d leaks in all, the first 20 shown", what, leaks)
	}
}

// expectPresent fails the test unless every needle is found in at least one capture. It shows
// that the search of expectAbsent would see a value written the way the test wrote it.
func expectPresent(t *testing.T, what string, captures []capture, needles []needle) {
	t.Helper()
	for _, n := range needles {
		found := false
		for _, c := range captures {
			if strings.Contains(strings.ToLower(c.text), strings.ToLower(n.value)) {
				found = true
				break
			}
		}
		if !found {
			t.Errorf("%s: %s (%q) not found", what, n.name, n.value)
		}
	}
}

// excerpt returns up to 80 characters around text[at:at+n], with those n replaced by <name>.
func excerpt(text string, at, n int, name string) string {
	from, to := max(0, at-80), min(len(text), at+n+80)
	return text[from:at] + "<" + name + ">" + text[at+n:to]
}

// logExpectations are what checkLogs asserts on a workspace's logs and outputs.
type logExpectations struct {
	paths   []string // Plaid endpoints the provider called, each logged at least once
	secrets []needle // in no log entry and no command output
	pii     []needle // in no log entry of the provider, but in the plan outputs
}

// commonSecrets are the secrets of every test: the Plaid secret, and any token of Plaid's
// sandbox formats.
func commonSecrets(secret string) []needle {
	return []needle{
		{"the Plaid secret", secret},
		{"an access token", "access-sandbox-"},
		{"a public token", "public-sandbox-"},
		{"a user token", "user-sandbox-"},
	}
}

// checkLogs reads every TRACE log the workspace's commands wrote and checks want against them
// and the commands' outputs.
func checkLogs(t *testing.T, w *workspace, want logExpectations) {
	t.Helper()
	entries := w.logEntries()
	provider := providerEntries(entries)
	t.Logf("TRACE logs: %d entries, %d of them from the provider process", len(entries), len(provider))

	// The selection of the provider's entries is not empty: it holds a Plaid request line (the
	// "plaid" subsystem) for every endpoint used, and the framework's own lines.
	providerLog := entriesAsCaptures(provider)
	for _, path := range want.paths {
		expectPresent(t, "the provider's log entries", providerLog, []needle{{"a Plaid request line for " + path, "path=" + path + " "}})
	}
	expectPresent(t, "the provider's log entries", providerLog, []needle{{"a framework line", "@module=sdk.framework"}})

	everything := append(entriesAsCaptures(entries), w.outputs...)
	expectAbsent(t, "secrets in the logs and outputs", everything, want.secrets)

	expectAbsent(t, "identity data in the provider's log entries", providerLog, want.pii)
	// The same search finds them in the plans, where they belong: it would see a leak.
	expectPresent(t, "the plan and apply outputs", w.outputs, want.pii)
}
