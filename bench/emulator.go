package main

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Credentials the emulator is started with and the provider is configured with.
const (
	benchClientID = "bench-client"
	benchSecret   = "bench-secret"
)

// emulator is a plaid-emulator process started by the bench.
type emulator struct {
	cmd    *exec.Cmd
	URL    string // base URL, http:// or https://
	CAFile string // PEM of the emulator's CA when serving TLS
	client *http.Client
	// idleStatsConns is how many connections one stats request adds to the
	// emulator's own count (the bench's requests do not keep connections alive).
	idleStatsConns int
}

// emulatorStats is the body of GET /__emulator/stats.
type emulatorStats struct {
	Requests    map[string]map[string]int `json:"requests"` // path -> HTTP status -> count
	Connections int                       `json:"connections"`
}

// startEmulator runs the emulator binary on a free loopback port and waits for
// the line that announces its address.
func startEmulator(bin, dir string, latency time.Duration, useTLS bool) (*emulator, error) {
	args := []string{
		"--listen", "127.0.0.1:0",
		"--client-id", benchClientID, "--secret", benchSecret,
		"--latency", latency.String(),
		"--quiet", // request logs would cost the emulator CPU that the provider shares
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	caFile := ""
	if useTLS {
		caFile = filepath.Join(dir, "emulator-ca.pem")
		args = append(args, "--tls", "--ca-out", caFile)
	}
	logFile, err := os.Create(filepath.Join(dir, "emulator.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, args...)
	cmd.Stderr = logFile
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting emulator: %w", err)
	}
	url, err := readListenURL(stdout, logFile)
	if err != nil {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		return nil, err
	}
	e := &emulator{cmd: cmd, URL: url, CAFile: caFile}
	if e.client, err = statsClient(caFile); err != nil {
		e.Stop()
		return nil, err
	}
	if err := e.calibrate(); err != nil {
		e.Stop()
		return nil, err
	}
	return e, nil
}

// readListenURL reads "plaid-emulator listening on URL" from the first line of
// stdout, then copies the rest of stdout to the log.
func readListenURL(stdout io.Reader, log io.Writer) (string, error) {
	lines := bufio.NewReader(stdout)
	type result struct {
		line string
		err  error
	}
	first := make(chan result, 1)
	go func() {
		line, err := lines.ReadString('\n')
		first <- result{line, err}
		_, _ = io.Copy(log, lines)
	}()
	select {
	case r := <-first:
		const prefix = "plaid-emulator listening on "
		if r.err != nil {
			return "", fmt.Errorf("emulator did not announce its address: %w", r.err)
		}
		if !strings.HasPrefix(r.line, prefix) {
			return "", fmt.Errorf("emulator did not announce its address; its first line: %q", r.line)
		}
		return strings.TrimSpace(strings.TrimPrefix(r.line, prefix)), nil
	case <-time.After(30 * time.Second):
		return "", fmt.Errorf("emulator did not start within 30s")
	}
}

// statsClient opens a new connection for every request, so that the bench's
// own requests add a known number of connections to the emulator's count.
func statsClient(caFile string) (*http.Client, error) {
	transport := &http.Transport{DisableKeepAlives: true}
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("reading emulator CA: %w", err)
		}
		roots := x509.NewCertPool()
		if !roots.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificate in %s", caFile)
		}
		transport.TLSClientConfig = &tls.Config{RootCAs: roots}
	}
	return &http.Client{Transport: transport, Timeout: 10 * time.Second}, nil
}

// calibrate measures how many connections a stats request itself adds, so
// that Delta reports only the connections opened by Terraform.
func (e *emulator) calibrate() error {
	before, err := e.Stats()
	if err != nil {
		return err
	}
	after, err := e.Stats()
	if err != nil {
		return err
	}
	e.idleStatsConns = after.Connections - before.Connections
	return nil
}

// Stats fetches the emulator's request and connection counters.
func (e *emulator) Stats() (emulatorStats, error) {
	var s emulatorStats
	resp, err := e.client.Get(e.URL + "/__emulator/stats")
	if err != nil {
		return s, fmt.Errorf("emulator stats: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return s, fmt.Errorf("emulator stats: HTTP %d", resp.StatusCode)
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return s, fmt.Errorf("emulator stats: %w", err)
	}
	return s, nil
}

// Stop ends the emulator process.
func (e *emulator) Stop() {
	_ = e.cmd.Process.Kill()
	_ = e.cmd.Wait()
}

// apiCalls counts the Plaid API requests between two stats snapshots.
type apiCalls struct {
	ByPath      map[string]int // path -> requests, any status
	Failed      int            // requests answered with a status >= 300
	Connections int            // TCP connections opened by clients other than the bench
}

// delta is what happened on the emulator between before and after; after was
// taken with one more stats request than before.
func (e *emulator) delta(before, after emulatorStats) apiCalls {
	d := apiCalls{ByPath: map[string]int{}, Connections: after.Connections - before.Connections - e.idleStatsConns}
	for path, statuses := range after.Requests {
		if strings.HasPrefix(path, "/__emulator/") {
			continue
		}
		for status, n := range statuses {
			n -= before.Requests[path][status]
			if n == 0 {
				continue
			}
			d.ByPath[path] += n
			if code, err := strconv.Atoi(status); err != nil || code >= 300 { // or "dropped"
				d.Failed += n
			}
		}
	}
	return d
}

// Total is the number of API requests, all paths together.
func (c apiCalls) Total() int {
	total := 0
	for _, n := range c.ByPath {
		total += n
	}
	return total
}
