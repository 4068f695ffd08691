package harness

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"time"
)

// listenPrefix begins plaid-emulator's first line of standard output; its URL follows.
const listenPrefix = "plaid-emulator listening on "

const (
	// StartTimeout bounds the wait for the first line. The emulator prints it as soon as it
	// listens; a loaded two-core machine building in the background can still take seconds.
	StartTimeout = 30 * time.Second
	// StopTimeout bounds the wait for a clean shutdown after a stop signal; then it is killed.
	StopTimeout = 10 * time.Second
)

// Emulator is a running plaid-emulator process.
type Emulator struct {
	URL string // http://127.0.0.1:PORT, or https:// with --tls

	cmd     *exec.Cmd
	stderr  *lockedBuffer
	exited  chan struct{} // closed once cmd.Wait has returned
	waitErr error         // what cmd.Wait returned; read only after exited is closed
}

// StartEmulator runs the plaid-emulator executable bin on a free loopback port with the given
// flags, and returns once the emulator has printed its address. "--listen 127.0.0.1:0" comes
// first, so that a --listen among flags wins. On error the process is killed, and the error
// carries what it wrote on standard error.
func StartEmulator(bin string, flags ...string) (*Emulator, error) {
	e := &Emulator{stderr: &lockedBuffer{}, exited: make(chan struct{})}
	e.cmd = exec.Command(bin, append([]string{"--listen", "127.0.0.1:0"}, flags...)...) //nolint:gosec // running the given emulator is the point
	e.cmd.Stderr = e.stderr
	// A child the emulator left behind could hold standard error open and Wait with it.
	e.cmd.WaitDelay = time.Second
	// A pipe of our own rather than StdoutPipe: Wait closes that one when the process exits,
	// maybe before its first line is read, and Wait runs from the start here.
	stdout, w, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("plaid-emulator's standard output: %w", err)
	}
	e.cmd.Stdout = w
	err = e.cmd.Start()
	w.Close() // the child holds its own copy
	if err != nil {
		stdout.Close()
		return nil, fmt.Errorf("starting plaid-emulator: %w", err)
	}
	go func() {
		e.waitErr = e.cmd.Wait()
		close(e.exited)
	}()
	if e.URL, err = readListenURL(stdout, StartTimeout); err != nil {
		_ = e.Stop(os.Kill)
		return nil, fmt.Errorf("%w; its standard error: %q", err, e.Stderr())
	}
	return e, nil
}

// readListenURL reads the first line from stdout and returns the URL it announces. The rest of
// stdout is read and dropped until the process closes it, and stdout is closed then, so that the
// emulator never blocks writing to a full pipe.
func readListenURL(stdout io.ReadCloser, timeout time.Duration) (string, error) {
	type result struct {
		line string
		err  error
	}
	first := make(chan result, 1)
	go func() {
		defer stdout.Close()
		lines := bufio.NewReader(stdout)
		line, err := lines.ReadString('\n')
		first <- result{line, err}
		_, _ = io.Copy(io.Discard, lines)
	}()
	select {
	case r := <-first:
		if r.err != nil {
			return "", fmt.Errorf("plaid-emulator printed no address (first line %q): %w", r.line, r.err)
		}
		return ParseListenLine(r.line)
	case <-time.After(timeout):
		return "", fmt.Errorf("plaid-emulator printed no address within %s", timeout)
	}
}

// ParseListenLine returns the URL of plaid-emulator's first line of standard output,
// "plaid-emulator listening on URL", with or without its line ending. The URL must be
// http(s)://HOST:PORT with a port other than 0, the only thing a client could dial.
func ParseListenLine(line string) (string, error) {
	raw, ok := strings.CutPrefix(strings.TrimRight(line, "\r\n"), listenPrefix)
	if !ok {
		return "", fmt.Errorf("plaid-emulator's first line is %q, want %q", line, listenPrefix+"URL")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("plaid-emulator's address %q: %w", raw, err)
	}
	port, err := strconv.Atoi(u.Port())
	if (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "" || u.Scheme+"://"+u.Host != raw ||
		err != nil || port < 1 || port > 65535 {
		return "", fmt.Errorf("plaid-emulator's address %q is not http(s)://HOST:PORT", raw)
	}
	return raw, nil
}

// Stop sends sig and waits for the process to exit, killing it after StopTimeout. The emulator
// shuts down cleanly on os.Interrupt and SIGTERM; os.Kill is for a cleanup that does not care.
// Stop returns how the process ended, as exec.Cmd.Wait reports it: nil for exit code 0, an
// *exec.ExitError otherwise. Called again, it returns the same.
func (e *Emulator) Stop(sig os.Signal) error {
	if err := e.cmd.Process.Signal(sig); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("signaling plaid-emulator: %w", err)
	}
	select {
	case <-e.exited:
		return e.waitErr
	case <-time.After(StopTimeout):
		_ = e.cmd.Process.Kill()
		<-e.exited
		return fmt.Errorf("plaid-emulator still ran %s after %v and was killed: %w", StopTimeout, sig, e.waitErr)
	}
}

// Stderr is what the emulator has written on standard error so far: its request log, unless
// it runs with --quiet, and its errors.
func (e *Emulator) Stderr() string { return e.stderr.String() }

// lockedBuffer is a buffer that exec's copying goroutine writes while a test reads it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
