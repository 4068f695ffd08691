package e2e

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// slowPlaid is a proxy in front of the emulator that, like a busy Plaid, answers a while after
// the work is done: each request reaches the emulator at once, and its answer leaves after delay,
// even when the client has given up by then. It counts the requests it has forwarded.
type slowPlaid struct {
	*httptest.Server
	mu       sync.Mutex
	forwards map[string]int
}

func startSlowPlaid(t *testing.T, plaid *emulatorProcess, delay time.Duration) *slowPlaid {
	t.Helper()
	p := &slowPlaid{forwards: map[string]int{}}
	p.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		forward, err := http.NewRequest(r.Method, plaid.URL+r.URL.Path, bytes.NewReader(body))
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		forward.Header = r.Header.Clone()
		resp, err := http.DefaultClient.Do(forward)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadGateway)
			return
		}
		answer, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		p.mu.Lock()
		p.forwards[r.URL.Path]++
		p.mu.Unlock()
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(resp.StatusCode)
		_, _ = w.Write(answer)
	}))
	t.Cleanup(p.Close)
	return p
}

func (p *slowPlaid) count(path string) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.forwards[path]
}

// waitFor polls cond until it holds, failing the test after timeout.
func waitFor(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// start runs a Terraform command in the background, in a process group of its own as a shell
// would, so that a signal can go to Terraform and its providers as Ctrl-C does.
func (w *workspace) start(args ...string) (*exec.Cmd, *bytes.Buffer) {
	w.t.Helper()
	cmd := exec.Command(w.cli, append(args, "-no-color")...)
	cmd.Dir = w.dir
	cmd.Env = append(w.env, "TF_LOG_PATH="+filepath.Join(w.logDir, fmt.Sprintf("bg-%d.log", time.Now().UnixNano())))
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		w.t.Fatal(err)
	}
	return cmd, &out
}

// fleetConfig declares n users behind the proxy at url.
func fleetConfig(plaid *emulatorProcess, url string, n int) string {
	return fmt.Sprintf(`provider "plaid" {
  client_id = %q
  secret    = %q
  base_url  = %q
}

resource "plaid_user" "fleet" {
  count          = %d
  client_user_id = "qa-interrupt-${count.index}"
  identity = {
    emails = [{ data = "fleet-${count.index}@example.com", primary = true }]
  }
}
`, plaid.clientID, plaid.secret, url, n)
}

// TestAccE2E_ctrlCDuringApplyLosesNoUser sends SIGINT, as Ctrl-C does, to a real terraform
// apply while /user/create calls are in flight. Terraform stops starting resources and waits
// for those in flight; every user Plaid created must reach the state (orphans: 0), and a destroy
// afterwards must leave Plaid empty. Three interrupts, at different moments.
func TestAccE2E_ctrlCDuringApplyLosesNoUser(t *testing.T) {
	plaid := startEmulator(t, "e2e-client", "e2e-secret", false)
	slow := startSlowPlaid(t, plaid, 700*time.Millisecond)
	w := newWorkspace(t)
	w.writeConfig(fleetConfig(plaid, slow.URL, 40))

	for round, after := range []int{1, 5, 12} {
		before := slow.count("/user/create")
		cmd, out := w.start("apply", "-auto-approve", "-parallelism=10")
		waitFor(t, fmt.Sprintf("%d /user/create calls", after), time.Minute, func() bool {
			return slow.count("/user/create")-before >= after
		})
		if err := syscall.Kill(-cmd.Process.Pid, syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		err := cmd.Wait()
		if !strings.Contains(out.String(), "Interrupt received") {
			t.Fatalf("round %d: terraform did not see the interrupt (%v):\n%s", round+1, err, out)
		}
		inState := len(strings.Fields(w.mustRun("state", "list")))
		inPlaid := len(plaid.users())
		t.Logf("round %d: interrupt after %d creates sent: %d users in Plaid, %d in state, orphans %d",
			round+1, after, inPlaid, inState, inPlaid-inState)
		if inPlaid != inState || inPlaid == 0 {
			t.Errorf("round %d: %d users in Plaid, %d in the state: want the same, more than 0", round+1, inPlaid, inState)
		}
		w.mustRun("destroy", "-auto-approve")
		if left := plaid.users(); len(left) != 0 {
			t.Fatalf("round %d: the destroy left %d users in Plaid: %+v", round+1, len(left), left)
		}
	}
}

// TestAccE2E_providerStopsWhenTerraformDies kills terraform (SIGKILL: no chance to stop its
// providers) in the middle of an apply. The provider must notice, start no new Plaid request,
// and exit. Logs are off, as in most real runs: a provider that logs dies of the broken pipe at
// its next line anyway, which would hide whether it stops by itself.
func TestAccE2E_providerStopsWhenTerraformDies(t *testing.T) {
	plaid := startEmulator(t, "e2e-client", "e2e-secret", false)
	slow := startSlowPlaid(t, plaid, 700*time.Millisecond)
	w := newWorkspace(t, "TF_LOG=")
	w.writeConfig(fleetConfig(plaid, slow.URL, 40))

	cmd, _ := w.start("apply", "-auto-approve", "-parallelism=10")
	waitFor(t, "the first /user/create calls", time.Minute, func() bool { return slow.count("/user/create") >= 3 })
	providers := childProcesses(t, cmd.Process.Pid)
	if len(providers) == 0 {
		t.Fatal("terraform has no child process: where is the provider?")
	}
	if err := cmd.Process.Kill(); err != nil { // terraform alone, not its process group
		t.Fatal(err)
	}
	_ = cmd.Wait()
	killed := time.Now()

	time.Sleep(time.Second) // the provider notices within a fraction of that
	settled := totalRequests(slow)
	time.Sleep(4 * time.Second)
	if later := totalRequests(slow); later != settled {
		t.Errorf("%d Plaid requests were sent between 1 s and 5 s after terraform died, want 0", later-settled)
	}
	for _, pid := range providers {
		if processExists(pid) {
			t.Errorf("provider process %d still runs %s after terraform died", pid, time.Since(killed).Round(time.Second))
			_ = syscall.Kill(pid, syscall.SIGKILL)
		}
	}
	t.Logf("after the kill: %d users in Plaid, %d /user/create calls in all", len(plaid.users()), slow.count("/user/create"))
}

func totalRequests(p *slowPlaid) int {
	p.mu.Lock()
	defer p.mu.Unlock()
	total := 0
	for _, n := range p.forwards {
		total += n
	}
	return total
}

// childProcesses lists the processes whose parent is pid, from /proc (Linux).
func childProcesses(t *testing.T, pid int) []int {
	t.Helper()
	stats, err := filepath.Glob("/proc/[0-9]*/stat")
	if err != nil {
		t.Fatal(err)
	}
	var children []int
	for _, path := range stats {
		raw, err := os.ReadFile(path)
		if err != nil {
			continue // the process ended meanwhile
		}
		// pid (comm) state ppid ...: comm may hold spaces, so read after its closing parenthesis.
		fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			child, _ := strconv.Atoi(filepath.Base(filepath.Dir(path)))
			children = append(children, child)
		}
	}
	return children
}

// processExists reports whether pid is a live process (a zombie counts as gone).
func processExists(pid int) bool {
	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return false
	}
	fields := strings.Fields(string(raw[bytes.LastIndexByte(raw, ')')+1:]))
	return len(fields) > 0 && fields[0] != "Z"
}
